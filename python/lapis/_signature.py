"""Public function signatures: read from the MLIR module (shapes, element types, sparse encodings,
writable arguments) and from the generated header's extern "C" prototypes (the ABI Lapis emits,
see Lapis.Translator/Emit/ExternCApi.cs). Both are plain data, stored as JSON in the build cache.
"""
import re

# MLIR element type -> (numpy dtype name, C type the extern "C" layer uses).
ELEMENT_TYPES = {
    "f32": "float32", "f64": "float64", "f16": "float16",
    "i1": "bool", "i8": "int8", "i16": "int16", "i32": "int32", "i64": "int64", "index": "int64",
    "ui8": "uint8",
}
C_TYPES = {
    "float": "float32", "double": "float64", "bool": "bool", "int8_t": "int8", "int16_t": "int16",
    "int32_t": "int32", "int64_t": "int64", "uint8_t": "uint8", "std::size_t": "uint64",
}


def _split_top_level(text, sep=","):
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            if not (ch == ">" and i > 0 and text[i - 1] == "-"):  # '->' of an affine map
                depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    tail = text[start:]
    if tail.strip():
        parts.append(tail)
    return [p.strip() for p in parts]


def _balanced(text, open_at):
    """Index just past the bracket group that starts at text[open_at]."""
    pairs = {"(": ")", "<": ">", "{": "}", "[": "]"}
    stack = []
    i = open_at
    while i < len(text):
        ch = text[i]
        if ch == '"':
            i = text.index('"', i + 1) + 1
            continue
        if ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
        elif ch == "-" and i + 1 < len(text) and text[i + 1] == ">":
            i += 2  # '->' inside an affine map is not a closing '>'
            continue
        i += 1
    raise ValueError("unbalanced brackets in the MLIR signature")


def parse_type(text):
    """tensor<?x8xf32> / memref<4xf64> / tensor<?x?xf64, #CSR> / f32 -> a dict."""
    text = text.strip()
    m = re.match(r"^(tensor|memref)<(.*)>$", text, re.S)
    if not m:
        return {"kind": "scalar", "element": text}
    parts = _split_top_level(m.group(2))
    dims = parts[0].split("x")
    element = dims[-1]
    shape = [None if d == "?" else int(d) for d in dims[:-1]]
    sparse = m.group(1) == "tensor" and len(parts) > 1 and parts[1].startswith("#")
    return {"kind": "sparse" if sparse else "dense", "element": element, "shape": shape}


def parse_functions(mlir_text):
    """The public func.func signatures of a module, in order of appearance."""
    functions = []
    for m in re.finditer(r"\bfunc\.func\s+(?:(public|private|nested)\s+)?@(\"[^\"]+\"|[\w$.]+)\s*\(", mlir_text):
        if m.group(1) in ("private", "nested"):
            continue
        name = m.group(2).strip('"')
        end = _balanced(mlir_text, m.end() - 1)
        args = []
        for a in _split_top_level(mlir_text[m.end():end - 1]):
            am = re.match(r"^%[\w$.-]+\s*:\s*(.*)$", a, re.S)
            if not am:
                raise ValueError(f"cannot read argument '{a}' of @{name}")
            rest = _strip_location(am.group(1).strip())
            attrs = ""
            brace = _find_attr_dict(rest)
            if brace is not None:
                rest, attrs = rest[:brace].strip(), rest[brace:]
            t = parse_type(rest)
            t["writable"] = bool(re.search(r"bufferization\.writable\s*=\s*true", attrs))
            args.append(t)
        results = []
        tail = mlir_text[end:].lstrip()
        if tail.startswith("->"):
            tail = tail[2:].lstrip()
            if tail.startswith("("):
                rend = _balanced(tail, 0)
                results = [parse_type(_strip_attrs(r)) for r in _split_top_level(tail[1:rend - 1])]
            else:
                rm = re.match(r"^((?:tensor|memref)<|[\w.]+)", tail)
                if rm.group(1).endswith("<"):
                    results = [parse_type(tail[:_balanced(tail, len(rm.group(1)) - 1)])]
                else:
                    results = [parse_type(rm.group(1))]
        functions.append({"name": name, "args": args, "results": results})
    return functions


def _strip_location(text):
    """An argument printed with its location (`tensor<2xf32> loc("model.onnx":1:1)`, as `lapis import` writes) without it."""
    i = text.rfind("loc(")
    if i > 0 and text[i - 1].isspace() and _balanced(text, i + 3) == len(text):
        return text[:i].strip()
    return text


def _find_attr_dict(text):
    depth = 0
    for i, ch in enumerate(text):
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            if not (ch == ">" and i > 0 and text[i - 1] == "-"):
                depth -= 1
        elif ch == "{" and depth == 0:
            return i
    return None


def _strip_attrs(text):
    i = _find_attr_dict(text)
    return text if i is None else text[:i].strip()


def parse_c_prototypes(header_text, prefix):
    """extern "C" entries `int <prefix>_<fn>(...)` of the generated header -> {fn: [(ctype, name)]}."""
    start = header_text.find('extern "C" {')
    if start < 0:
        raise ValueError('the generated header has no extern "C" block')
    protos = {}
    for m in re.finditer(r"^int " + re.escape(prefix) + r"_(\w+)\((.*)\);$", header_text[start:], re.M):
        fn, params = m.group(1), m.group(2).strip()
        if fn == "initialize":
            continue
        out = []
        if params != "void":
            for p in params.split(","):
                pm = re.match(r"^(const\s+)?([\w:]+)\s*(\*{0,2})\s*(\w+)$", p.strip())
                if not pm:
                    raise ValueError(f"cannot read parameter '{p.strip()}' of {prefix}_{fn}")
                out.append({"ctype": pm.group(2), "pointers": len(pm.group(3)), "name": pm.group(4)})
        protos[fn] = out
    return protos


def describe(t):
    if t["kind"] == "scalar":
        return t["element"]
    dims = "x".join("?" if d is None else str(d) for d in t["shape"])
    return f"tensor<{dims + 'x' if dims else ''}{t['element']}{', sparse' if t['kind'] == 'sparse' else ''}>"

"""lapis: compile MLIR, ONNX or a PyTorch module to Kokkos C++ with the Lapis translator and call it.

    import lapis, torch
    compiled = lapis.compile(model, (x,))   # torch.nn.Module: exported through torch.onnx.export
    y = compiled(x)                          # like model(x): a tensor, or a tuple of them
    m = lapis.compile("spmv.mlir")           # path, MLIR text, or ONNX bytes
    y = m.spmv(a_csr, x)                     # one callable per public function

The lapis CLI comes from LAPIS_CLI, <package>/bin/lapis, the checkout the package sits in
(artifacts/bin/lapis) or PATH; Kokkos from LAPIS_KOKKOS_ROOT, the checkout's .deps/kokkos-3.4, or
CMake's own search. Builds are cached by content (source, options, CLI build, Kokkos prefix) in
LAPIS_CACHE_DIR (default ~/.cache/lapis).
"""
import io
import os
import sys

from . import _runtime, _toolchain
from ._runtime import ExecutionError
from ._toolchain import CompileError

__version__ = "0.1.0"
__all__ = ["compile", "CompileError", "ExecutionError", "Module"]

_OPTIONS = {"team_level", "translate_args", "build_type", "cache_dir", "kokkos_root", "cli", "jobs", "verbose",
            "opset_version", "input_names", "output_names", "dynamic_axes", "fingerprint"}
_EXPORT_OPTIONS = ("opset_version", "input_names", "output_names", "dynamic_axes")
_BUILD_OPTIONS = ("team_level", "translate_args", "build_type")


class Module:
    """A compiled module: one attribute per public function (see `functions`); when compiled from a
    torch.nn.Module (or a module with one public function) it is itself callable."""

    def __init__(self, entry, torch_outputs=None):
        self._entry = entry
        d = entry["dir"]
        self._lib = _runtime.load(os.path.join(d, entry["library"]), entry["namespace"],
                                  os.path.join(d, entry["weights"]) if entry.get("weights") else None)
        self.functions = {}
        for sig in entry["functions"]:
            f = _runtime.Function(self, self._lib, sig)
            self.functions[sig["name"]] = f
            if not sig["name"].startswith("_") and not hasattr(type(self), sig["name"]):
                setattr(self, sig["name"], f)
        self._torch_outputs = torch_outputs
        self.cached = entry["cached"]
        self.build_dir = d

    def __call__(self, *args):
        if len(self.functions) != 1:
            raise TypeError(f"this module has {len(self.functions)} public functions ({', '.join(self.functions)}): call one by name")
        out = next(iter(self.functions.values()))(*args)
        if self._torch_outputs is not None and self._torch_outputs > 1 and not isinstance(out, tuple):
            out = (out,)
        return out

    def __repr__(self):
        return f"<lapis.Module {', '.join(self.functions)} ({self.build_dir})>"


def _source(source, example_inputs, opts):
    """(kind 'mlir'|'onnx', bytes, number of torch outputs or None, the path it came from or None)."""
    torch = sys.modules.get("torch")  # a torch.nn.Module means torch is imported; never import it (seconds) otherwise
    if torch is not None and isinstance(source, torch.nn.Module):
        if example_inputs is None:
            raise TypeError("lapis.compile(torch.nn.Module) needs example_inputs (a tensor or a tuple of them) for torch.onnx.export")
        inputs = example_inputs if isinstance(example_inputs, tuple) else (example_inputs,)
        buf = io.BytesIO()
        was_training = source.training
        source.eval()
        try:
            with torch.no_grad():
                torch.onnx.export(source, inputs, buf, opset_version=opts.get("opset_version", 13),
                                  input_names=opts.get("input_names"), output_names=opts.get("output_names"),
                                  dynamic_axes=opts.get("dynamic_axes"), do_constant_folding=True)
        except Exception as e:  # the exporter's own message, as a CompileError
            raise CompileError("export", f"torch.onnx.export failed: {type(e).__name__}: {e}") from e
        finally:
            source.train(was_training)
        data = buf.getvalue()
        import onnx
        outputs = len(onnx.load_from_string(data).graph.output)
        return "onnx", data, outputs, None
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "onnx", bytes(source), None, None
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source and source.rstrip().endswith((".mlir", ".onnx"))):
        path = os.fspath(source)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"lapis.compile: no such file: {path}")
        with open(path, "rb") as f:
            data = f.read()
        return ("onnx" if path.endswith(".onnx") else "mlir"), data, None, path
    if isinstance(source, str):
        return "mlir", source.encode(), None, None
    raise TypeError(f"lapis.compile: source must be a .mlir/.onnx path, MLIR text, ONNX bytes or a torch.nn.Module, got {type(source).__name__}")


def compile(source, example_inputs=None, **options):
    """Translates `source` with Lapis, builds its extern "C" API as a shared library (CMake, Release,
    against Kokkos) and loads it; returns a Module.

    source: a .mlir or .onnx path, MLIR text, ONNX bytes, or a torch.nn.Module (exported with
    torch.onnx.export(source, example_inputs) in eval mode; the Module is then callable like it).
    options: team_level (bool), translate_args (extra `lapis translate` flags), build_type
    ('Release'), cache_dir, kokkos_root, cli, jobs, verbose; for torch modules opset_version (13),
    input_names, output_names, dynamic_axes (passed to torch.onnx.export), fingerprint (True: a
    module whose classes' source, parameters, buffers, input shapes and options match an earlier
    compile reuses its build without exporting again; False: always export, key on the ONNX bytes).
    Raises CompileError (with Lapis' `file:line:col: error:` text) when export, import,
    translation or the C++ build fails. A call whose arguments have the wrong dtype, rank or static
    extents raises TypeError/ValueError before anything runs; one whose dynamic extents disagree
    (a shape check of the model fails) raises ExecutionError with the check's `file:line:col:` text. A second compile of the same content loads the cached build.
    """
    unknown = set(options) - _OPTIONS
    if unknown:
        raise TypeError(f"lapis.compile: unknown option(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_OPTIONS))})")
    cli = _toolchain.find_cli(options.get("cli"))
    kokkos = _toolchain.find_kokkos(cli, options.get("kokkos_root"))
    build_options = {k: options[k] for k in _BUILD_OPTIONS if k in options}
    root = _toolchain.cache_dir(options.get("cache_dir"))
    torch = sys.modules.get("torch")
    fingerprint = None
    if torch is not None and isinstance(source, torch.nn.Module) and options.get("fingerprint", True):
        # A cache hit without torch.onnx.export (seconds for a CNN): the module's classes' source,
        # structure, parameters and buffers, the inputs' shapes and dtypes and the export options
        # name the build of an earlier export. fingerprint=False always exports.
        fingerprint = _fingerprint(torch, source, example_inputs, {k: options.get(k) for k in _EXPORT_OPTIONS},
                                   build_options, cli, kokkos)
        entry = _toolchain.lookup_alias(root, fingerprint)
        if entry is not None:
            return Module(entry, entry.get("torch_outputs"))
    kind, payload, torch_outputs, path = _source(source, example_inputs, options)
    entry = _toolchain.build(kind, payload, build_options, cli, kokkos, root,
                             jobs=options.get("jobs"), verbose=options.get("verbose", False), source_name=path,
                             extra={"torch_outputs": torch_outputs} if torch_outputs is not None else None)
    if fingerprint is not None:
        _toolchain.write_alias(root, fingerprint, entry)
    return Module(entry, torch_outputs)


def _fingerprint(torch, model, example_inputs, export_options, build_options, cli, kokkos):
    import hashlib
    import inspect
    import json
    h = hashlib.sha256()
    h.update(json.dumps([torch.__version__, repr(model), export_options, build_options], sort_keys=True, default=str).encode())
    for cls in sorted({type(m) for m in model.modules()}, key=lambda c: f"{c.__module__}.{c.__qualname__}"):
        h.update(f"{cls.__module__}.{cls.__qualname__}".encode())
        try:
            h.update(inspect.getsource(cls).encode())
        except (OSError, TypeError):
            pass
    for name, t in list(model.state_dict(keep_vars=False).items()):
        h.update(f"{name}:{t.dtype}:{tuple(t.shape)}".encode())
        h.update(t.detach().contiguous().cpu().numpy().tobytes())
    inputs = example_inputs if isinstance(example_inputs, tuple) else (example_inputs,)
    h.update(repr([(tuple(x.shape), str(x.dtype)) if hasattr(x, "shape") else repr(x) for x in inputs]).encode())
    h.update(_toolchain.content_key("torch", b"", {}, cli, kokkos).encode())
    return h.hexdigest()[:32]

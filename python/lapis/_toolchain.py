"""Finding the lapis CLI and Kokkos, translating, building the extern "C" shared library, and
the content-addressed build cache."""
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile

from . import _signature

CACHE_FORMAT = 1
LIBRARY_NAME = "liblapis_module.so"

CMAKE_LISTS = """\
# Written by the lapis Python package: the module's extern "C" API as a shared library.
cmake_minimum_required(VERSION 3.16)
project(lapis_python_module CXX)
find_package(Kokkos REQUIRED)
add_library(lapis_module SHARED module.cpp)
set_target_properties(lapis_module PROPERTIES OUTPUT_NAME lapis_module LIBRARY_OUTPUT_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
  BUILD_RPATH "${Kokkos_DIR}/../..;${Kokkos_DIR}/../../../lib;${Kokkos_DIR}/../../../lib64")
target_link_libraries(lapis_module PRIVATE Kokkos::kokkos)
# The CPU's vector extensions beyond Kokkos' -march (AVX-512 on a Zen 4/5 whose Kokkos 3.4 is ZEN3):
# host_isa_flags() passes them (build.ps1 setup's record, or LAPIS_HOST_ISA_FLAGS).
if(LAPIS_HOST_ISA_FLAGS)
  separate_arguments(_isa UNIX_COMMAND "${LAPIS_HOST_ISA_FLAGS}")
  target_compile_options(lapis_module PRIVATE ${_isa})
endif()
"""


def host_isa_flags(kokkos):
    """The vector-extension flags the module is built with (passed to CMake, part of the cache key):
    LAPIS_HOST_ISA_FLAGS ("none": none), else <kokkos>/.lapis-host-isa as build.ps1 setup wrote it."""
    text = os.environ.get("LAPIS_HOST_ISA_FLAGS", "")
    if not text and kokkos and os.path.isfile(os.path.join(kokkos, ".lapis-host-isa")):
        with open(os.path.join(kokkos, ".lapis-host-isa")) as f:
            text = f.read()
    text = text.strip()
    return "" if text == "none" else text


class CompileError(Exception):
    """Translation or build of a module failed. `message` holds Lapis' (or the compiler's) own text,
    `diagnostics` the `file:line:col: error: ...` lines in it, `stage` one of export/import/translate/build."""

    def __init__(self, stage, message):
        self.stage = stage
        self.message = message.strip()
        self.diagnostics = [l for l in self.message.splitlines() if re.search(r":\d+:\d+: error:", l)]
        super().__init__(f"lapis {stage} failed:\n{self.message}")


def _package_dir():
    return os.path.dirname(os.path.abspath(__file__))


def find_cli(explicit=None):
    candidates = [explicit, os.environ.get("LAPIS_CLI"),
                  os.path.join(_package_dir(), "bin", "lapis"),
                  os.path.join(_package_dir(), "..", "..", "artifacts", "bin", "lapis"),
                  shutil.which("lapis")]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    raise CompileError("translate", "the lapis CLI was not found: set LAPIS_CLI to artifacts/bin/lapis "
                       "(dotnet pwsh ./build.ps1 build) or put lapis on PATH")


def find_kokkos(cli, explicit=None):
    """The Kokkos prefix find_package is pointed at: explicit, LAPIS_KOKKOS_ROOT, the checkout's
    .deps/kokkos-3.4 next to the CLI, else None (CMake's own search: Kokkos_ROOT, CMAKE_PREFIX_PATH)."""
    for c in (explicit, os.environ.get("LAPIS_KOKKOS_ROOT")):
        if c:
            return os.path.abspath(c)
    repo = os.path.normpath(os.path.join(os.path.dirname(cli), "..", ".."))
    deps = os.path.join(repo, ".deps", "kokkos-3.4")
    return deps if os.path.isdir(deps) else None


def cli_identity(cli):
    """Changes whenever the CLI is rebuilt: its version plus the size and mtime of its assemblies."""
    parts = []
    d = os.path.dirname(os.path.realpath(cli))
    for f in (os.path.realpath(cli), os.path.join(d, "Lapis.Translator.dll"), os.path.join(d, "Lapis.Native.dll"),
              os.path.join(d, "..", "native", "libLapisMlirCApi.so")):
        if os.path.exists(f):
            st = os.stat(f)
            parts.append(f"{os.path.basename(f)}:{st.st_size}:{st.st_mtime_ns}")
    return ";".join(parts)


def cache_dir(explicit=None):
    return os.path.abspath(explicit or os.environ.get("LAPIS_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "lapis"))


def content_key(kind, payload, options, cli, kokkos):
    h = hashlib.sha256()
    for part in (f"lapis-python-cache-{CACHE_FORMAT}", kind, json.dumps(options, sort_keys=True), cli_identity(cli), str(kokkos), host_isa_flags(kokkos)):
        h.update(part.encode())
        h.update(b"\0")
    h.update(payload)
    return h.hexdigest()[:32]


def _run(stage, args, cwd, display=None):
    """Runs a tool; on failure a CompileError with its output, the build folder's file names
    replaced by what the caller knows (display: {path: name})."""
    try:
        p = subprocess.run(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    except OSError as e:
        raise CompileError(stage, f"{args[0]}: {e}")
    if p.returncode != 0:
        text = p.stdout or f"{' '.join(args)} exited with {p.returncode}"
        for path, name in (display or {}).items():
            text = text.replace(path, name)
        raise CompileError(stage, text)
    return p.stdout


def lookup_alias(root, alias):
    """The entry an alias (a torch module's fingerprint) names, or None."""
    try:
        with open(os.path.join(root, "aliases", alias)) as f:
            key = f.read().strip()
        with open(os.path.join(root, key, "module.json")) as f:
            entry = json.load(f)
    except (OSError, ValueError):
        return None
    entry["dir"] = os.path.join(root, key)
    entry["cached"] = True
    return entry


def write_alias(root, alias, entry):
    d = os.path.join(root, "aliases")
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, f"{alias}.{os.getpid()}.tmp")
    with open(tmp, "w") as f:
        f.write(os.path.basename(entry["dir"]) + "\n")
    os.replace(tmp, os.path.join(d, alias))


def build(kind, payload, options, cli, kokkos, root, jobs=None, verbose=False, source_name=None, extra=None):
    """Translates and builds into root/<key> (unless it is there) and returns the cache entry (a dict)."""
    key = content_key(kind, payload, options, cli, kokkos)
    entry_dir = os.path.join(root, key)
    manifest = os.path.join(entry_dir, "module.json")
    if os.path.isfile(manifest):
        with open(manifest) as f:
            entry = json.load(f)
        entry["dir"] = entry_dir
        entry["cached"] = True
        return entry
    os.makedirs(root, exist_ok=True)
    work = tempfile.mkdtemp(prefix=key + ".", suffix=".partial", dir=root)
    try:
        entry = _build_into(work, kind, payload, options, cli, kokkos, key, jobs, verbose, source_name)
        entry.update(extra or {})
        with open(os.path.join(work, "module.json"), "w") as f:
            json.dump(entry, f, indent=1)
        try:
            os.rename(work, entry_dir)
        except OSError:
            if not os.path.isfile(manifest):  # not another process' finished entry: a real failure
                raise
    finally:
        if os.path.isdir(work):
            shutil.rmtree(work, ignore_errors=True)
    entry["dir"] = entry_dir
    entry["cached"] = False
    return entry


def _name_onnx_inputs(payload, functions):
    """Gives the arguments of the imported @forward the graph's input names (for messages), when
    the onnx package is there to read them."""
    try:
        import onnx
        graph = onnx.load_from_string(payload).graph
    except Exception:  # optional: without onnx (or for a model onnx cannot read) arguments go by position
        return
    initializers = {t.name for t in graph.initializer}
    names = [i.name for i in graph.input if i.name not in initializers]
    for fn in functions:
        if fn["name"] == "forward" and len(fn["args"]) == len(names):
            for t, name in zip(fn["args"], names):
                t["name"] = name


def _build_into(work, kind, payload, options, cli, kokkos, key, jobs, verbose, source_name):
    mlir = os.path.join(work, "module.mlir")
    source_file = os.path.join(work, "module." + kind)
    display = {source_file: source_name or os.path.basename(source_file), work + os.sep: ""}
    if kind == "onnx":
        onnx_path = os.path.join(work, "module.onnx")
        with open(onnx_path, "wb") as f:
            f.write(payload)
        _run("import", [cli, "import", onnx_path, "-o", mlir], work, display)
    else:
        with open(mlir, "wb") as f:
            f.write(payload)
    namespace = "lapis_" + key[:12]
    args = [cli, "translate", mlir, "-o", os.path.join(work, "module.cpp"), "--namespace", namespace]
    if options.get("team_level"):
        args.append("--team-level")
    args += list(options.get("translate_args", []))
    _run("translate", args, work, display)
    with open(mlir, encoding="utf-8", errors="replace") as f:
        functions = _signature.parse_functions(f.read())
    with open(os.path.join(work, "module.hpp")) as f:
        protos = _signature.parse_c_prototypes(f.read(), namespace)
    if kind == "onnx":
        _name_onnx_inputs(payload, functions)
    for fn in functions:
        if fn["name"] not in protos:
            raise CompileError("translate", f"the generated header has no extern \"C\" entry for @{fn['name']}")
        fn["c_params"] = protos[fn["name"]]
    with open(os.path.join(work, "CMakeLists.txt"), "w") as f:
        f.write(CMAKE_LISTS)
    build_dir = os.path.join(work, "build")
    configure = ["cmake", "-S", work, "-B", build_dir, "-DCMAKE_BUILD_TYPE=" + options.get("build_type", "Release")]
    if kokkos:
        configure.append("-DKokkos_ROOT=" + kokkos)
    isa = host_isa_flags(kokkos)
    if isa:
        configure.append("-DLAPIS_HOST_ISA_FLAGS=" + isa)
    _run("build", configure, work)
    _run("build", ["cmake", "--build", build_dir, "-j", str(jobs or min(4, os.cpu_count() or 1))] + (["-v"] if verbose else []), work)
    shutil.rmtree(build_dir, ignore_errors=True)
    for f in ("module.onnx",):
        p = os.path.join(work, f)
        if os.path.exists(p):
            os.remove(p)
    weights = "module.weights.bin" if os.path.exists(os.path.join(work, "module.weights.bin")) else None
    return {"format": CACHE_FORMAT, "namespace": namespace, "library": LIBRARY_NAME, "weights": weights,
            "functions": functions, "kind": kind}

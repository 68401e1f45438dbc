"""Loading a built module and calling its extern "C" entries through ctypes."""
import atexit
import ctypes
import os
import threading
import weakref

import numpy as np

from . import _signature

_CTYPES = {
    "float32": ctypes.c_float, "float64": ctypes.c_double, "bool": ctypes.c_bool, "int8": ctypes.c_int8,
    "int16": ctypes.c_int16, "int32": ctypes.c_int32, "int64": ctypes.c_int64, "uint8": ctypes.c_uint8,
    "uint64": ctypes.c_uint64,
}


class ExecutionError(RuntimeError):
    """A call failed inside the compiled module (a C++ exception its extern "C" entry caught: a
    shape check of the model, such as torch-mlir's on the contracting dimension of a matmul or two
    ONNX inputs that share a symbolic dimension, or a failed allocation). The message is the
    module's own, with the MLIR location of the check (`module.mlir:7:3: ...`). The interpreter and
    the module stay usable: the next call with agreeing arguments works."""


_loaded = []  # libraries in load order; finalized in reverse at exit (the first owns Kokkos)
_lock = threading.Lock()


@atexit.register
def _finalize_all():
    while _loaded:
        lib = _loaded.pop()
        lib.finalize()


class _Library:
    def __init__(self, path, prefix, weights):
        self.prefix = prefix
        self.cdll = ctypes.CDLL(path)
        init = getattr(self.cdll, prefix + "_initialize")
        init.argtypes, init.restype = [ctypes.c_char_p], ctypes.c_int
        self._finalize = getattr(self.cdll, prefix + "_finalize")
        self._finalize.argtypes, self._finalize.restype = [], None
        self.free = getattr(self.cdll, prefix + "_free")
        self.free.argtypes, self.free.restype = [ctypes.c_void_p], None
        self._last_error = getattr(self.cdll, prefix + "_last_error", None)  # absent from builds before it existed
        if self._last_error is not None:
            self._last_error.argtypes, self._last_error.restype = [], ctypes.c_char_p
        self.alive = False
        if init(weights.encode() if weights else None) != 0:
            raise ExecutionError(f"{prefix}_initialize failed: {self.last_error()}")
        self.alive = True

    def last_error(self):
        """The message of the latest failed entry on this thread."""
        if self._last_error is None:
            return "a C++ exception (its message is on stderr)"
        text = self._last_error()
        return text.decode("utf-8", "replace") if text else "a C++ exception"

    def finalize(self):
        if self.alive:
            self.alive = False
            self._finalize()


_by_path = {}


def load(path, prefix, weights):
    """Loads and initializes a module's library once per process (a second compile of the same
    content shares it)."""
    with _lock:
        lib = _by_path.get(path)
        if lib is None:
            lib = _Library(path, prefix, weights)
            _loaded.append(lib)
            _by_path[path] = lib
        return lib


class _Owned:
    """A malloc'd result buffer, exposed to numpy; freed (with the module's _free) when the last
    array viewing it is gone."""

    def __init__(self, lib, pointer, dtype, shape):
        self.__array_interface__ = {"data": (pointer or 0, False), "shape": tuple(shape),
                                    "typestr": np.dtype(dtype).str, "version": 3}
        self._finalizer = weakref.finalize(self, lib.free, pointer)


def _result_array(lib, pointer, dtype, shape):
    if not pointer:
        if int(np.prod(shape)) != 0:
            raise RuntimeError("the module returned a null result buffer")
        return np.empty(shape, dtype=dtype)
    return np.asarray(_Owned(lib, pointer, dtype, shape))


def _torch():
    try:
        import torch
        return torch
    except ImportError:
        return None


def _is_torch(x):
    t = type(x)
    return t.__module__.startswith("torch") and t.__name__ in ("Tensor", "Parameter")


class Function:
    """One public function of a compiled module.

    Arguments: numpy arrays or torch CPU tensors of the signature's element type and rank, with
    its static dimensions. A C-contiguous argument of the right dtype is passed without a copy;
    any other layout (transposed, sliced, ...) is copied into a contiguous buffer first (and an
    argument the function writes, `bufferization.writable`, is copied back). The wrong dtype,
    rank or a static dimension that differs raises TypeError/ValueError before anything runs.
    Sparse (CSR) arguments take scipy.sparse.csr_matrix or torch.sparse_csr_tensor.
    Results are numpy arrays, or torch tensors when any argument was one, owning their memory
    (freed when they are garbage collected): several results come back as a tuple.
    """

    def __init__(self, module, lib, sig):
        self._module = module
        self._lib = lib
        self.name = sig["name"]
        self.signature = sig
        self._entry = getattr(lib.cdll, f"{lib.prefix}_{self.name}")
        self._entry.restype = ctypes.c_int
        self.__doc__ = (f"{self.name}({', '.join(_signature.describe(a) for a in sig['args'])}) -> "
                        f"({', '.join(_signature.describe(r) for r in sig['results'])})\n\n" + Function.__doc__)
        self._params = {p["name"]: p for p in sig["c_params"]}
        argtypes = []
        for p in sig["c_params"]:
            base = _CTYPES.get(_signature.C_TYPES.get(p["ctype"], ""), None)
            if base is None:
                base = ctypes.c_uint16 if "bfloat16" in p["ctype"] else None
            if base is None:
                raise TypeError(f"{self.name}: parameter {p['name']} has C type {p['ctype']}, which the Python package does not support")
            for _ in range(p["pointers"]):
                base = ctypes.POINTER(base)
            argtypes.append(base)
        self._argtypes = argtypes

    def __repr__(self):
        return f"<lapis function {self.__doc__.splitlines()[0]}>"

    def __call__(self, *args):
        sig = self.signature
        if len(args) != len(sig["args"]):
            raise TypeError(f"{self.name}() takes {len(sig['args'])} argument(s) ({', '.join(_signature.describe(a) for a in sig['args'])}), got {len(args)}")
        use_torch = any(_is_torch(a) for a in args)
        values = {}
        keep = []          # keeps the buffers passed to C alive during the call
        copy_back = []     # (original, contiguous copy) of written arguments that were copied
        for i, (a, t) in enumerate(zip(args, sig["args"])):
            if t["kind"] == "scalar":
                values[f"arg{i}"] = _scalar(a, self._params[f"arg{i}"], self.name, i)
            elif t["kind"] == "sparse":
                self._sparse_argument(i, a, t, values, keep)
            else:
                arr, original = _dense(a, t, self.name, i)
                keep.append(arr)
                if t.get("writable") and original is not None:
                    copy_back.append((original, arr))
                values[f"arg{i}"] = arr.ctypes.data
                ext = np.asarray(arr.shape, dtype=np.int64).reshape(-1) if arr.ndim else np.zeros(1, np.int64)
                keep.append(ext)
                values[f"arg{i}_extents"] = ext.ctypes.data
        outs = []
        for k, r in enumerate(sig["results"]):
            if r["kind"] == "scalar":
                box = (_CTYPES[_signature.C_TYPES.get(self._params[f"result{k}"]["ctype"], "int64")])()
                values[f"result{k}"] = ctypes.addressof(box)
                outs.append(("scalar", box))
            elif r["kind"] == "sparse":
                boxes = {}
                for p in self._params:
                    if p.startswith(f"result{k}_") and p != f"result{k}_level_sizes" and not p.endswith("_size"):
                        ptr = ctypes.c_void_p()
                        size = ctypes.c_int64()
                        values[p] = ctypes.addressof(ptr)
                        values[p + "_size"] = ctypes.addressof(size)
                        boxes[p[len(f"result{k}_"):]] = (ptr, size, self._params[p]["ctype"])
                levels = np.zeros(len(r["shape"]), np.int64)
                values[f"result{k}_level_sizes"] = levels.ctypes.data
                outs.append(("sparse", boxes, levels))
            else:
                ptr = ctypes.c_void_p()
                ext = np.zeros(max(len(r["shape"]), 1), np.int64)
                values[f"result{k}"] = ctypes.addressof(ptr)
                values[f"result{k}_extents"] = ext.ctypes.data
                outs.append(("dense", ptr, ext, r))
        call_args = []
        for p, ctype in zip(sig["c_params"], self._argtypes):
            v = values.get(p["name"])
            if v is None:
                raise TypeError(f"{self.name}: no value for C parameter {p['name']}")
            call_args.append(ctypes.cast(ctypes.c_void_p(v), ctype) if p["pointers"] else ctype(v))
        if not self._lib.alive:
            raise RuntimeError("the module was finalized (the interpreter is exiting)")
        rc = self._entry(*call_args)
        results = []
        for o in outs:
            if o[0] == "scalar":
                results.append(o[1].value)
            elif o[0] == "dense":
                _, ptr, ext, r = o
                shape = tuple(int(e) for e in ext[:len(r["shape"])])
                results.append(_result_array(self._lib, ptr.value, _signature.ELEMENT_TYPES[r["element"]], shape) if rc == 0 else None)
            else:
                results.append(self._sparse_result(o, use_torch) if rc == 0 else None)
        if rc != 0:
            raise ExecutionError(f"{self.name}: {self._lib.last_error()}")
        for original, arr in copy_back:
            original[...] = arr if not _is_torch(original) else _torch().from_numpy(arr)
        if use_torch:
            torch = _torch()
            results = [torch.from_numpy(r) if isinstance(r, np.ndarray) else r for r in results]
        if len(results) == 1:
            return results[0]
        return tuple(results) if results else None

    def _sparse_argument(self, i, a, t, values, keep):
        fields = [p for p in self._params if p.startswith(f"arg{i}_") and not p.endswith("_size") and p != f"arg{i}_level_sizes"]
        names = sorted(f[len(f"arg{i}_"):] for f in fields)
        if names != ["coordinates1", "positions1", "values"]:
            raise TypeError(f"{self.name}: {_arg(i, t)} is a sparse tensor with buffers {names}; the Python package passes CSR only")
        indptr, indices, data, shape = _csr_parts(a, self.name, i)
        dtype = _signature.ELEMENT_TYPES[t["element"]]
        if data.dtype != np.dtype(dtype):
            raise TypeError(f"{self.name}: {_arg(i, t)} must have {dtype} values, got {data.dtype}")
        if len(shape) != len(t["shape"]) or any(s is not None and s != d for s, d in zip(t["shape"], shape)):
            raise ValueError(f"{self.name}: {_arg(i, t)} must be {_signature.describe(t)}, got shape {tuple(shape)}")
        for field, arr in (("positions1", indptr), ("coordinates1", indices), ("values", data)):
            want = _signature.C_TYPES[self._params[f"arg{i}_{field}"]["ctype"]]
            arr = np.ascontiguousarray(arr, dtype=want)
            keep.append(arr)
            values[f"arg{i}_{field}"] = arr.ctypes.data
            values[f"arg{i}_{field}_size"] = arr.shape[0]
        levels = np.asarray(shape, dtype=np.int64)
        keep.append(levels)
        values[f"arg{i}_level_sizes"] = levels.ctypes.data

    def _sparse_result(self, o, use_torch):
        _, boxes, levels = o
        arrays = {}
        for name, (ptr, size, ctype) in boxes.items():
            dtype = _signature.C_TYPES[ctype]
            n = int(size.value)
            arrays[name] = np.array(_result_array(self._lib, ptr.value, dtype, (n,)), copy=True)
        shape = tuple(int(x) for x in levels)
        if sorted(arrays) != ["coordinates1", "positions1", "values"]:
            return {"buffers": arrays, "level_sizes": shape}
        if use_torch:
            torch = _torch()
            return torch.sparse_csr_tensor(torch.from_numpy(arrays["positions1"].astype(np.int64)),
                                           torch.from_numpy(arrays["coordinates1"].astype(np.int64)),
                                           torch.from_numpy(arrays["values"]), size=shape)
        import scipy.sparse
        return scipy.sparse.csr_matrix((arrays["values"], arrays["coordinates1"], arrays["positions1"]), shape=shape)


def _arg(i, t):
    """How messages name argument i: by position, and by its name where the source has one (an ONNX input)."""
    return f"argument {i} ('{t['name']}')" if t.get("name") else f"argument {i}"


def _dense(a, t, fn, i):
    """(contiguous numpy array sharing a's memory where possible, a when a copy was made)."""
    want = np.dtype(_signature.ELEMENT_TYPES[t["element"]])
    original = None
    if _is_torch(a):
        torch = _torch()
        if a.layout != torch.strided:
            raise TypeError(f"{fn}: {_arg(i, t)} must be a dense tensor ({_signature.describe(t)}), got layout {a.layout}")
        if a.device.type != "cpu":
            raise TypeError(f"{fn}: {_arg(i, t)} is on {a.device}; lapis functions take CPU tensors")
        a = a.detach()
        got = str(a.dtype).replace("torch.", "")
        if got != want.name:
            raise TypeError(f"{fn}: {_arg(i, t)} must be {want.name} ({_signature.describe(t)}), got torch.{got}")
        if not a.is_contiguous():
            original, a = a, a.contiguous()
        arr = a.numpy()
    elif isinstance(a, np.ndarray):
        if a.dtype != want:
            raise TypeError(f"{fn}: {_arg(i, t)} must be {want.name} ({_signature.describe(t)}), got {a.dtype}")
        arr = a
        if not arr.flags.c_contiguous or not arr.flags.aligned:
            original, arr = a, np.ascontiguousarray(a)
    else:
        raise TypeError(f"{fn}: {_arg(i, t)} must be a numpy array or torch tensor ({_signature.describe(t)}), got {type(a).__name__}")
    shape = t["shape"]
    if arr.ndim != len(shape) or any(s is not None and s != d for s, d in zip(shape, arr.shape)):
        raise ValueError(f"{fn}: {_arg(i, t)} must be {_signature.describe(t)}, got shape {tuple(arr.shape)}")
    if t.get("writable") and not arr.flags.writeable:
        raise ValueError(f"{fn}: {_arg(i, t)} is written by the function but the array is read-only")
    return arr, original


def _scalar(a, param, fn, i):
    dtype = _signature.C_TYPES.get(param["ctype"])
    if _is_torch(a):
        a = a.item()
    if isinstance(a, np.ndarray):
        if a.ndim != 0:
            raise ValueError(f"{fn}: argument {i} is a scalar ({param['ctype']}), got an array of shape {a.shape}")
        a = a.item()
    if np.dtype(dtype).kind == "f":
        if not isinstance(a, (int, float, np.floating, np.integer)):
            raise TypeError(f"{fn}: argument {i} must be a number, got {type(a).__name__}")
        return float(a)
    if isinstance(a, (float, np.floating)) and not float(a).is_integer():
        raise TypeError(f"{fn}: argument {i} must be an integer ({param['ctype']}), got {a!r}")
    return int(a)


def _csr_parts(a, fn, i):
    if _is_torch(a):
        torch = _torch()
        if a.layout != torch.sparse_csr:
            raise TypeError(f"{fn}: argument {i} is a CSR matrix: pass torch.sparse_csr_tensor or scipy.sparse.csr_matrix, got layout {a.layout}")
        return (a.crow_indices().numpy(), a.col_indices().numpy(), a.values().detach().numpy(), tuple(a.shape))
    fmt = getattr(a, "format", None)
    if fmt == "csr" and hasattr(a, "indptr"):
        if not a.has_sorted_indices:
            a = a.sorted_indices()
        return a.indptr, a.indices, a.data, tuple(a.shape)
    raise TypeError(f"{fn}: argument {i} is a CSR matrix: pass scipy.sparse.csr_matrix or torch.sparse_csr_tensor, got {type(a).__name__}")

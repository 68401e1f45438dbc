#!/usr/bin/python3
"""lapis.compile on PyTorch models, checked against PyTorch's own output.

  mlp       an MLP surrogate (7 -> 31 -> 31 -> 3, tanh/GELU), dynamic batch: batches 1, 5, 13 (f32, normwise 1e-4)
  resnet18  torchvision ResNet-18 (random weights, non-trivial batch-norm statistics), 1x3x224x224 (f32, normwise 1e-4)
  spmv      y = A x + y on CSR (examples/pytorch/spmv.mlir) called with a torch.sparse_csr_tensor (f64, 1e-12)

Usage: compile_models.py [mlp] [resnet18] [spmv]   (default: mlp spmv)
Needs the lapis package (python/, on PYTHONPATH or pip-installed) and LAPIS_CLI / LAPIS_KOKKOS_ROOT (see README.md).
Exits 1 when a model does not match.
"""
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
import lapis  # noqa: E402


def normwise(ours, ref):
    ours, ref = np.asarray(ours, np.float64), np.asarray(ref, np.float64)
    return float(np.max(np.abs(ours - ref)) / max(np.max(np.abs(ref)), 1e-30))


def compile_timed(*args, **kwargs):
    start = time.perf_counter()
    compiled = lapis.compile(*args, **kwargs)
    first = time.perf_counter() - start
    start = time.perf_counter()
    lapis.compile(*args, **kwargs)
    hit = time.perf_counter() - start
    print(f"  compile: {first:.2f} s ({'cache hit' if compiled.cached else 'built'}), again: {hit:.3f} s (cache hit)")
    return compiled


def mlp():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(7, 31), torch.nn.Tanh(), torch.nn.Linear(31, 31), torch.nn.GELU(),
                                torch.nn.Linear(31, 3)).eval()
    compiled = compile_timed(model, (torch.randn(5, 7),), input_names=["x"], dynamic_axes={"x": {0: "batch"}})
    worst = 0.0
    for batch in (1, 5, 13):
        x = torch.randn(batch, 7)
        with torch.no_grad():
            worst = max(worst, normwise(compiled(x), model(x)))
    return worst, 1e-4


def resnet18():
    import torchvision
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None).eval()
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    x = torch.randn(1, 3, 224, 224)
    compiled = compile_timed(model, (x,))
    with torch.no_grad():
        ref = model(x)
    start = time.perf_counter()
    y = compiled(x)
    print(f"  one call: {time.perf_counter() - start:.3f} s")
    return normwise(y, ref), 1e-4


def spmv():
    m = compile_timed(os.path.join(HERE, "spmv.mlir"))
    torch.manual_seed(0)
    rows, cols = 101, 67
    dense = torch.rand(rows, cols, dtype=torch.float64)
    dense[dense < 0.85] = 0
    a = dense.to_sparse_csr()
    x = torch.randn(cols, dtype=torch.float64)
    y = torch.randn(rows, dtype=torch.float64)
    out = m.spmv(a, x, y)
    return normwise(out, dense @ x + y), 1e-12  # PyTorch's sparse matvec needs MKL: the dense product


EXAMPLES = {"mlp": mlp, "resnet18": resnet18, "spmv": spmv}

if __name__ == "__main__":
    failed = False
    for name in sys.argv[1:] or ["mlp", "spmv"]:
        print(f"{name}:")
        err, tol = EXAMPLES[name]()
        ok = err <= tol
        failed |= not ok
        print(f"  normwise error vs PyTorch {err:.3e} (tolerance {tol:g}): {'match' if ok else 'MISMATCH'}")
    sys.exit(1 if failed else 0)

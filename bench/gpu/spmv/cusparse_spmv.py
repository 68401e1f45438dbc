"""cuSPARSE SpMV through PyTorch on CUDA: y = y + A x (torch.addmv on a CSR tensor, which calls
cusparseSpMV) on a Matrix Market file, the same sequence as bench/spmv/main.cpp (x = 1, y from 0,
50 calls after a warm-up, CUDA-synchronized), f64 values and int32 indices. Prints the mean time of
one SpMV and y[0] (which must equal the Kokkos driver's). With --rhs K, also SpMM C = C + A B with
K right-hand sides (torch.addmm on the CSR tensor, cusparseSpMM; B = 1, C from 0, row-major),
the sequence of bench/spmv/spmm_main.cpp, and C[0, 0].
Usage: cusparse_spmv.py A.mtx|laplace3d:N [--rhs K] (laplace3d:N: bench/spmv/laplace3d_mtx.cpp's matrix, built in memory)"""
import sys
import time

import numpy as np
import torch


def read_mtx(path):
    with open(path) as f:
        header = f.readline()
        assert header.startswith("%%MatrixMarket matrix coordinate real general"), header
        line = f.readline()
        while line.startswith("%"):
            line = f.readline()
        rows, cols, nnz = map(int, line.split())
        # np.fromfile parses the whitespace-separated triples in C (np.loadtxt took minutes on 56 M lines)
        data = np.fromfile(f, dtype=np.float64, sep=" ").reshape(-1, 3) if nnz else np.zeros((0, 3))
    r = data[:, 0].astype(np.int64) - 1
    c = data[:, 1].astype(np.int64) - 1
    order = np.lexsort((c, r))
    r, c, v = r[order], c[order], data[order, 2]
    crow = np.zeros(rows + 1, dtype=np.int64)
    np.add.at(crow, r + 1, 1)
    return rows, cols, np.cumsum(crow), c, v


def laplace3d(n):
    """The 7-point Laplacian of laplace3d_mtx.cpp as CSR (columns ascending in each row)."""
    i, j, k = np.meshgrid(np.arange(n), np.arange(n), np.arange(n), indexing="ij")
    i, j, k = i.ravel(), j.ravel(), k.ravel()
    row = (i * n + j) * n + k
    parts = []
    for offset, valid in ((-n * n, i > 0), (-n, j > 0), (-1, k > 0), (0, np.ones_like(i, bool)),
                          (1, k < n - 1), (n, j < n - 1), (n * n, i < n - 1)):
        parts.append((row[valid], row[valid] + offset, np.full(valid.sum(), 6.0 if offset == 0 else -1.0)))
    r = np.concatenate([p[0] for p in parts])
    c = np.concatenate([p[1] for p in parts])
    v = np.concatenate([p[2] for p in parts])
    order = np.lexsort((c, r))
    crow = np.zeros(n ** 3 + 1, dtype=np.int64)
    np.add.at(crow, r + 1, 1)
    return n ** 3, n ** 3, np.cumsum(crow), c[order], v[order]


def accumulate_calls(call, out, label, calls=50):
    """out = call(out) once (warm-up), then from zero 50 times, CUDA-synchronized; prints the mean ms as `label`."""
    out = call(out)
    out.zero_()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(calls):
        out = call(out)
    torch.cuda.synchronize()
    print(f"{label} {(time.perf_counter() - start) * 1000 / calls:.4f}")
    return out


def main():
    source = sys.argv[1]
    if source.startswith("laplace3d:"):
        rows, cols, crow, col, val = laplace3d(int(source.split(":", 1)[1]))
    else:
        rows, cols, crow, col, val = read_mtx(source)
    dev = torch.device("cuda")
    a = torch.sparse_csr_tensor(torch.tensor(crow, dtype=torch.int32), torch.tensor(col, dtype=torch.int32),
                                torch.tensor(val, dtype=torch.float64), size=(rows, cols)).to(dev)
    x = torch.ones(cols, dtype=torch.float64, device=dev)
    y = accumulate_calls(lambda out: torch.addmv(out, a, x), torch.zeros(rows, dtype=torch.float64, device=dev), "cusparse_addmv_ms")
    print(f"matrix {rows} rows, {len(val)} nonzeros")
    print(f"y0 {y[0].item():.17g}")
    if "--rhs" in sys.argv:
        k = int(sys.argv[sys.argv.index("--rhs") + 1])
        b = torch.ones(cols, k, dtype=torch.float64, device=dev)
        c = accumulate_calls(lambda out: torch.addmm(out, a, b), torch.zeros(rows, k, dtype=torch.float64, device=dev), f"cusparse_spmm_{k}_ms")
        print(f"c00 {c[0, 0].item():.17g}")


if __name__ == "__main__":
    main()

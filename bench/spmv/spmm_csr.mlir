// CSR SpMM C = C + A B with 16 right-hand sides: A the CSR matrix of spmv_csr.mlir (index
// positions and coordinates, f64), B and C dense n x 16 (row-major Views in the generated API).
// @spmm returns a fresh C (its inputs are read-only); @spmm_in_place marks C writable, so Lapis
// updates it in place, as the hand-written and Kokkos Kernels anchors in spmm.cpp do.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
module {
  func.func @spmm(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x16xf64>, %C: tensor<?x16xf64>) -> tensor<?x16xf64> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x16xf64>) outs(%C : tensor<?x16xf64>) -> tensor<?x16xf64>
    return %0 : tensor<?x16xf64>
  }
  func.func @spmm_in_place(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x16xf64>, %C: tensor<?x16xf64> {bufferization.writable = true}) -> tensor<?x16xf64> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x16xf64>) outs(%C : tensor<?x16xf64>) -> tensor<?x16xf64>
    return %0 : tensor<?x16xf64>
  }
}

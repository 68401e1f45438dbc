// CSR SpMM C = C + A B with a fixed number of right-hand sides (16, and an odd 7) or a dynamic one, B and C
// dense rows x columns: the loop over a row's nonzeros runs sequentially inside the parallel
// loop over rows (no atomics), the columns on the vector lanes. *_in_place updates C.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
module {
  func.func @spmm_rhs16(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x16xf64>, %C: tensor<?x16xf64>) -> tensor<?x16xf64> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x16xf64>) outs(%C : tensor<?x16xf64>) -> tensor<?x16xf64>
    return %0 : tensor<?x16xf64>
  }
  func.func @spmm_rhs7(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x7xf64>, %C: tensor<?x7xf64>) -> tensor<?x7xf64> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x7xf64>) outs(%C : tensor<?x7xf64>) -> tensor<?x7xf64>
    return %0 : tensor<?x7xf64>
  }
  func.func @spmm_rhs7_in_place(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x7xf64>, %C: tensor<?x7xf64> {bufferization.writable = true}) -> tensor<?x7xf64> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x7xf64>) outs(%C : tensor<?x7xf64>) -> tensor<?x7xf64>
    return %0 : tensor<?x7xf64>
  }
  func.func @spmm_rhs16_f32_in_place(%A: tensor<?x?xf32, #CSR>, %B: tensor<?x16xf32>, %C: tensor<?x16xf32> {bufferization.writable = true}) -> tensor<?x16xf32> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf32, #CSR>, tensor<?x16xf32>) outs(%C : tensor<?x16xf32>) -> tensor<?x16xf32>
    return %0 : tensor<?x16xf32>
  }
  func.func @spmm_rhs_dynamic(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x?xf64>, %C: tensor<?x?xf64>) -> tensor<?x?xf64> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x?xf64>) outs(%C : tensor<?x?xf64>) -> tensor<?x?xf64>
    return %0 : tensor<?x?xf64>
  }
}

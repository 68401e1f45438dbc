// A batched f64 GEMM on dynamic shapes for the Kokkos Kernels route: one KokkosBlas::gemm per
// batch on subviews, accumulating into an input (no fill: beta = 1).
module {
  func.func @batched(%a: tensor<?x?x?xf64>, %b: tensor<?x?x?xf64>, %c: tensor<?x?x?xf64>) -> tensor<?x?x?xf64> {
    %r = linalg.batch_matmul ins(%a, %b : tensor<?x?x?xf64>, tensor<?x?x?xf64>) outs(%c : tensor<?x?x?xf64>) -> tensor<?x?x?xf64>
    return %r : tensor<?x?x?xf64>
  }
}

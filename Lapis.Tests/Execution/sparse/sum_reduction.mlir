// Kernels whose loops carry a reduction over a loop nested in them (SparsifierCrashShapes):
// LLVM 22's sparsifier crashes when it parallelizes such a loop, so Lapis sparsifies these
// modules serially; the results must still match MLIR.
// sum_csr: the sum of all entries of a CSR matrix (the outermost loop is a reduction).
// pool_sparse_window: sum pooling over a sparse (CSR) window; its first iterators are parallel,
// and the two window loops are the innermost.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#sum = { indexing_maps = [affine_map<(i,j) -> (i,j)>, affine_map<(i,j) -> ()>], iterator_types = ["reduction", "reduction"] }
module {
  func.func @sum_csr(%A: tensor<?x?xf64, #CSR>, %init: tensor<f64>) -> tensor<f64> {
    %0 = linalg.generic #sum ins(%A : tensor<?x?xf64, #CSR>) outs(%init : tensor<f64>) {
    ^bb0(%a: f64, %acc: f64):
      %s = arith.addf %acc, %a : f64
      linalg.yield %s : f64
    } -> tensor<f64>
    return %0 : tensor<f64>
  }
  func.func @pool_sparse_window(%input: tensor<2x3x7x6xf32>, %window: tensor<2x3xf32, #CSR>, %init: tensor<2x3x6x4xf32>) -> tensor<2x3x6x4xf32> {
    %0 = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
       ins(%input, %window : tensor<2x3x7x6xf32>, tensor<2x3xf32, #CSR>) outs(%init : tensor<2x3x6x4xf32>) -> tensor<2x3x6x4xf32>
    return %0 : tensor<2x3x6x4xf32>
  }
}

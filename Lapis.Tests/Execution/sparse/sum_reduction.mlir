// Sum of all entries of a CSR matrix: the outermost loop is a reduction over a sparse operand.
// LLVM 22's sparsifier crashes when it parallelizes such a kernel, so Lapis sparsifies this
// module serially (Pipelines.SparseStrategy); the result must still match MLIR.
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
}

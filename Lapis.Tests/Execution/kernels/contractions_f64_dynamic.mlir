// Tiled contractions in f64 with dynamic shapes (lapis check gives every dynamic dimension
// --dynamic-size, 32 by default: not a multiple of the host tiles 96 x 64 x 128 / 6 x 8): a
// fill + matmul with a bias epilogue, and C += A^T B^T with both operands stored transposed.
module {
  func.func @contractions(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %bias: tensor<?xf64>, %c: tensor<?x?xf64>)
      -> (tensor<?x?xf64>, tensor<?x?xf64>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0.0 : f64
    %m = tensor.dim %a, %c0 : tensor<?x?xf64>
    %n = tensor.dim %b, %c1 : tensor<?x?xf64>
    %e0 = tensor.empty(%m, %n) : tensor<?x?xf64>
    %f0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<?x?xf64>) -> tensor<?x?xf64>
    %p = linalg.matmul ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>) outs(%f0 : tensor<?x?xf64>) -> tensor<?x?xf64>
    %e1 = tensor.empty(%m, %n) : tensor<?x?xf64>
    %r0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                          iterator_types = ["parallel", "parallel"]}
        ins(%p, %bias : tensor<?x?xf64>, tensor<?xf64>) outs(%e1 : tensor<?x?xf64>) {
    ^bb0(%pv: f64, %bv: f64, %out: f64):
      %s = arith.addf %pv, %bv : f64
      linalg.yield %s : f64
    } -> tensor<?x?xf64>
    %r1 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (k, i)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>) outs(%c : tensor<?x?xf64>) {
    ^bb0(%av: f64, %bv: f64, %acc: f64):
      %q = arith.mulf %av, %bv : f64
      %s = arith.addf %acc, %q : f64
      linalg.yield %s : f64
    } -> tensor<?x?xf64>
    return %r0, %r1 : tensor<?x?xf64>, tensor<?x?xf64>
  }
}

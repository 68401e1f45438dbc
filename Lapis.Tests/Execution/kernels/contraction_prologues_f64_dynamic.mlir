// Tiled contractions with operand prologues in f64 with dynamic shapes (lapis check gives every
// dynamic dimension --dynamic-size; ContractionPrologueTests also runs it at 67, no multiple of any
// tile): (1) exp of the lhs, fill + matmul; (2) C += A (3 B), the rhs scaled, no fill (the kernel
// accumulates into C); (3) both prologues with the lhs stored transposed, lhs - 0.25 and |rhs|.
module {
  func.func @prologues(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %c: tensor<?x?xf64>)
      -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0.0 : f64
    %three = arith.constant 3.0 : f64
    %quarter = arith.constant 0.25 : f64
    %m = tensor.dim %a, %c0 : tensor<?x?xf64>
    %n = tensor.dim %b, %c1 : tensor<?x?xf64>
    %k = tensor.dim %a, %c1 : tensor<?x?xf64>
    // (1)
    %e0 = tensor.empty(%m, %n) : tensor<?x?xf64>
    %f0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<?x?xf64>) -> tensor<?x?xf64>
    %r0 = linalg.generic {indexing_maps = [affine_map<(i, j, l) -> (i, l)>, affine_map<(i, j, l) -> (l, j)>, affine_map<(i, j, l) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>) outs(%f0 : tensor<?x?xf64>) {
    ^bb0(%av: f64, %bv: f64, %acc: f64):
      %x = math.exp %av : f64
      %p = arith.mulf %x, %bv : f64
      %s = arith.addf %acc, %p : f64
      linalg.yield %s : f64
    } -> tensor<?x?xf64>
    // (2)
    %r1 = linalg.generic {indexing_maps = [affine_map<(i, j, l) -> (i, l)>, affine_map<(i, j, l) -> (l, j)>, affine_map<(i, j, l) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>) outs(%c : tensor<?x?xf64>) {
    ^bb0(%av: f64, %bv: f64, %acc: f64):
      %y = arith.mulf %bv, %three : f64
      %p = arith.mulf %av, %y : f64
      %s = arith.addf %acc, %p : f64
      linalg.yield %s : f64
    } -> tensor<?x?xf64>
    // (3) a^T b: (k x m)^T (k x n) needs a square a, as every dynamic extent is the same
    %e2 = tensor.empty(%k, %n) : tensor<?x?xf64>
    %f2 = linalg.fill ins(%zero : f64) outs(%e2 : tensor<?x?xf64>) -> tensor<?x?xf64>
    %r2 = linalg.generic {indexing_maps = [affine_map<(i, j, l) -> (l, i)>, affine_map<(i, j, l) -> (l, j)>, affine_map<(i, j, l) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%a, %b : tensor<?x?xf64>, tensor<?x?xf64>) outs(%f2 : tensor<?x?xf64>) {
    ^bb0(%av: f64, %bv: f64, %acc: f64):
      %x = arith.subf %av, %quarter : f64
      %y = math.absf %bv : f64
      %p = arith.mulf %x, %y : f64
      %s = arith.addf %acc, %p : f64
      linalg.yield %s : f64
    } -> tensor<?x?xf64>
    return %r0, %r1, %r2 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  }
}

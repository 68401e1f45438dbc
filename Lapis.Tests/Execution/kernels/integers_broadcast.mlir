// Integer arithmetic with broadcasting, shifts and a sum of i32.
func.func @integers_broadcast(%a: tensor<?x8xi32>, %row: tensor<8xi32>) -> (tensor<?x8xi32>, tensor<i32>) {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : i32
  %c1 = arith.constant 1 : i32
  %z = arith.constant 0 : i32
  %n = tensor.dim %a, %c0 : tensor<?x8xi32>
  %e = tensor.empty(%n) : tensor<?x8xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
      iterator_types = ["parallel", "parallel"]} ins(%a, %row : tensor<?x8xi32>, tensor<8xi32>) outs(%e : tensor<?x8xi32>) {
    ^bb0(%x: i32, %y: i32, %o: i32):
      %m = arith.muli %x, %c3 : i32
      %s = arith.subi %m, %y : i32
      %sh = arith.shli %s, %c1 : i32
      %q = arith.floordivsi %sh, %c3 : i32
      %rem = arith.remsi %sh, %c3 : i32
      %t = arith.addi %q, %rem : i32
      %mx = arith.maxsi %t, %y : i32
      linalg.yield %mx : i32
  } -> tensor<?x8xi32>
  %e0 = tensor.empty() : tensor<i32>
  %s0 = linalg.fill ins(%z : i32) outs(%e0 : tensor<i32>) -> tensor<i32>
  %sum = linalg.reduce ins(%r : tensor<?x8xi32>) outs(%s0 : tensor<i32>) dimensions = [0, 1]
    (%in: i32, %acc: i32) { %x = arith.addi %in, %acc : i32
      linalg.yield %x : i32 }
  return %r, %sum : tensor<?x8xi32>, tensor<i32>
}

// matvec, vecmat, dot and transpose on dynamic shapes, with a scalar argument and several results.
func.func @linear_algebra(%a: tensor<?x?xf64>, %x: tensor<?xf64>, %y: tensor<?xf64>, %alpha: f64)
    -> (tensor<?xf64>, tensor<?xf64>, tensor<f64>, tensor<?x?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %m = tensor.dim %a, %c0 : tensor<?x?xf64>
  %n = tensor.dim %a, %c1 : tensor<?x?xf64>
  %e0 = tensor.empty(%m) : tensor<?xf64>
  %z0 = linalg.fill ins(%zero : f64) outs(%e0 : tensor<?xf64>) -> tensor<?xf64>
  %ax = linalg.matvec ins(%a, %x : tensor<?x?xf64>, tensor<?xf64>) outs(%z0 : tensor<?xf64>) -> tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %z1 = linalg.fill ins(%zero : f64) outs(%e1 : tensor<?xf64>) -> tensor<?xf64>
  %ya = linalg.vecmat ins(%y, %a : tensor<?xf64>, tensor<?x?xf64>) outs(%z1 : tensor<?xf64>) -> tensor<?xf64>
  %e2 = tensor.empty() : tensor<f64>
  %z2 = linalg.fill ins(%zero : f64) outs(%e2 : tensor<f64>) -> tensor<f64>
  %dot = linalg.dot ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%z2 : tensor<f64>) -> tensor<f64>
  %e3 = tensor.empty(%n, %m) : tensor<?x?xf64>
  %t = linalg.transpose ins(%a : tensor<?x?xf64>) outs(%e3 : tensor<?x?xf64>) permutation = [1, 0]
  %e4 = tensor.empty(%m) : tensor<?xf64>
  %scaled = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%ax : tensor<?xf64>) outs(%e4 : tensor<?xf64>) {
    ^bb0(%in: f64, %o: f64):
      %r = arith.mulf %in, %alpha : f64
      linalg.yield %r : f64
  } -> tensor<?xf64>
  return %scaled, %ya, %dot, %t : tensor<?xf64>, tensor<?xf64>, tensor<f64>, tensor<?x?xf64>
}

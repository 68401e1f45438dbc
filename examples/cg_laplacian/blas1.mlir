// The dense vector kernels of conjugate gradients, in linalg on tensors. Lapis leaves a public
// function's tensor arguments untouched unless they are marked {bufferization.writable = true}:
// axpy and xpby mark y, so they update the caller's View in place (no allocation, no copy) and
// return it.
#vec = affine_map<(i) -> (i)>
module {
  // x . y
  func.func @dot(%x: tensor<?xf64>, %y: tensor<?xf64>) -> f64 {
    %zero = arith.constant 0.0 : f64
    %empty = tensor.empty() : tensor<f64>
    %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<f64>) -> tensor<f64>
    %d = linalg.dot ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%init : tensor<f64>) -> tensor<f64>
    %v = tensor.extract %d[] : tensor<f64>
    return %v : f64
  }
  // a x + y
  func.func @axpy(%a: f64, %x: tensor<?xf64>, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> {
    %r = linalg.generic {indexing_maps = [#vec, #vec], iterator_types = ["parallel"]}
        ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
    ^bb0(%xi: f64, %yi: f64):
      %ax = arith.mulf %a, %xi : f64
      %s = arith.addf %ax, %yi : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %r : tensor<?xf64>
  }
  // x + b y (the search direction update p = r + beta p)
  func.func @xpby(%x: tensor<?xf64>, %b: f64, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> {
    %r = linalg.generic {indexing_maps = [#vec, #vec], iterator_types = ["parallel"]}
        ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
    ^bb0(%xi: f64, %yi: f64):
      %by = arith.mulf %b, %yi : f64
      %s = arith.addf %xi, %by : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %r : tensor<?xf64>
  }
}

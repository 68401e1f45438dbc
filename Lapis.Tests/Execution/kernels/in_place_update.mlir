// An argument marked {bufferization.writable = true} is updated in place (no copy): a solver's
// y = a*x + y. The public entry writes into the caller's View and returns it.
func.func @axpy_in_place(%a: f64, %x: tensor<?xf64>, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
  ^bb0(%xi: f64, %yi: f64):
    %m = arith.mulf %a, %xi : f64
    %s = arith.addf %m, %yi : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %r : tensor<?xf64>
}

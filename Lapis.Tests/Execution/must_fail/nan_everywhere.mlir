// (x - x) / (x - x) is NaN for every x: MLIR and ours agree, and the check must still fail,
// since nothing was compared. CheckTests.ACheckOfNaNEverywhereFails.
func.func @nan_everywhere(%x: tensor<13xf32>) -> tensor<13xf32> {
  %e = tensor.empty() : tensor<13xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x : tensor<13xf32>) outs(%e : tensor<13xf32>) {
  ^bb0(%v: f32, %o: f32):
    %d = arith.subf %v, %v : f32
    %q = arith.divf %d, %d : f32
    linalg.yield %q : f32
  } -> tensor<13xf32>
  return %r : tensor<13xf32>
}

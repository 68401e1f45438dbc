// Kernels for the team-level execution test (lapis translate --team-level): each is called by
// one team per sample inside a TeamPolicy and compared with MLIR's own execution.
#id2 = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
#id1 = affine_map<(i) -> (i)>
#all = affine_map<(i) -> ()>

// relu(x W + b) on an 8x16 block: 2-D loops (linearized onto TeamThreadRange), a scratch intermediate.
func.func @layer(%x: tensor<8x16xf32>, %w: tensor<16x4xf32>) -> tensor<8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %b = arith.constant dense<[0.5, -0.25, 0.125, -1.0]> : tensor<4xf32>
  %e = tensor.empty() : tensor<8x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %m = linalg.matmul ins(%x, %w : tensor<8x16xf32>, tensor<16x4xf32>) outs(%z : tensor<8x4xf32>) -> tensor<8x4xf32>
  %y = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%m, %b : tensor<8x4xf32>, tensor<4xf32>) outs(%e : tensor<8x4xf32>) {
  ^bb0(%v: f32, %c: f32, %o: f32):
    %s = arith.addf %v, %c : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// Softmax of 64 values: a max and a sum reduction (parallel_reduce over TeamThreadRange),
// exp into a scratch buffer, a division; barriers between them.
func.func @softmax(%x: tensor<64xf64>) -> tensor<64xf64> {
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %zero = arith.constant 0.0 : f64
  %e0 = tensor.empty() : tensor<f64>
  %mi = linalg.fill ins(%ninf : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %max = linalg.generic {indexing_maps = [#id1, #all], iterator_types = ["reduction"]} ins(%x : tensor<64xf64>) outs(%mi : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %r = arith.maximumf %v, %acc : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %e1 = tensor.empty() : tensor<64xf64>
  %ex = linalg.generic {indexing_maps = [#id1, #all, #id1], iterator_types = ["parallel"]} ins(%x, %max : tensor<64xf64>, tensor<f64>) outs(%e1 : tensor<64xf64>) {
  ^bb0(%v: f64, %m: f64, %o: f64):
    %d = arith.subf %v, %m : f64
    %r = math.exp %d : f64
    linalg.yield %r : f64
  } -> tensor<64xf64>
  %si = linalg.fill ins(%zero : f64) outs(%e0 : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {indexing_maps = [#id1, #all], iterator_types = ["reduction"]} ins(%ex : tensor<64xf64>) outs(%si : tensor<f64>) {
  ^bb0(%v: f64, %acc: f64):
    %r = arith.addf %v, %acc : f64
    linalg.yield %r : f64
  } -> tensor<f64>
  %y = linalg.generic {indexing_maps = [#id1, #all, #id1], iterator_types = ["parallel"]} ins(%ex, %sum : tensor<64xf64>, tensor<f64>) outs(%e1 : tensor<64xf64>) {
  ^bb0(%v: f64, %s: f64, %o: f64):
    %r = arith.divf %v, %s : f64
    linalg.yield %r : f64
  } -> tensor<64xf64>
  return %y : tensor<64xf64>
}

// conv_2d_nchw_fchw with bias and ReLU, then a padded 2x2 sum pool.
func.func @conv_pool(%img: tensor<2x3x16x16xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8x14x14xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<8xf32>) outs(%e : tensor<2x8x14x14xf32>) {
    ^bb0(%in: f32, %o: f32):
      linalg.yield %in : f32
  } -> tensor<2x8x14x14xf32>
  %conv = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%img, %w : tensor<2x3x16x16xf32>, tensor<8x3x3x3xf32>) outs(%init : tensor<2x8x14x14xf32>) -> tensor<2x8x14x14xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv : tensor<2x8x14x14xf32>) outs(%e : tensor<2x8x14x14xf32>) {
    ^bb0(%in: f32, %o: f32):
      %r = arith.maximumf %in, %zero : f32
      linalg.yield %r : f32
  } -> tensor<2x8x14x14xf32>
  %padded = tensor.pad %relu low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
  } : tensor<2x8x14x14xf32> to tensor<2x8x16x16xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  %pe = tensor.empty() : tensor<2x8x8x8xf32>
  %pz = linalg.fill ins(%zero : f32) outs(%pe : tensor<2x8x8x8xf32>) -> tensor<2x8x8x8xf32>
  %pool = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
      ins(%padded, %win : tensor<2x8x16x16xf32>, tensor<2x2xf32>) outs(%pz : tensor<2x8x8x8xf32>) -> tensor<2x8x8x8xf32>
  return %pool : tensor<2x8x8x8xf32>
}

// linalg.conv_2d_nchw_fchw with stride 2, constant 2x1x3x3 weights and a bias broadcast into the init tensor.
#map = affine_map<(d0, d1, d2, d3) -> (d1)>
#map1 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
module {
  func.func @forward(%arg0: tensor<1x1x7x7xf32>) -> tensor<1x2x3x3xf32> {
    %cst = arith.constant dense<[[[[0.1, 0.2, 0.1], [0.0, -0.5, 0.0], [0.1, 0.2, 0.1]]], [[[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]]]> : tensor<2x1x3x3xf32>
    %cst_0 = arith.constant dense<[0.5, -0.25]> : tensor<2xf32>
    %0 = tensor.empty() : tensor<1x2x3x3xf32>
    %1 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%cst_0 : tensor<2xf32>) outs(%0 : tensor<1x2x3x3xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<1x2x3x3xf32>
    %2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%arg0, %cst : tensor<1x1x7x7xf32>, tensor<2x1x3x3xf32>) outs(%1 : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
    return %2 : tensor<1x2x3x3xf32>
  }
}

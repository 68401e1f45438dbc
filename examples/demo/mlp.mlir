// The bundled demo of `build.ps1 demo`: a small MLP surrogate as torch-mlir prints it
// (linalg on tensors): y = relu(x W1 + b1) W2 + b2 over a dynamic batch of 8-feature samples.
#map_bias = affine_map<(d0, d1) -> (d1)>
#map_id = affine_map<(d0, d1) -> (d0, d1)>
module {
  func.func @forward(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
    %c0 = arith.constant 0 : index
    %zero = arith.constant 0.000000e+00 : f32
    %w1 = arith.constant dense<[[-0.262, 0.0442, -0.13, 0.1039, 0.1257, -0.4345, -0.4868, 0.3375, -0.2406, -0.2657, 0.4956, -0.0297, 0.3365, -0.0236, 0.1391, -0.3494], [0.1349, 0.368, 0.0232, 0.2413, 0.1714, -0.436, 0.2582, 0.0911, -0.1987, -0.469, 0.3655, -0.0273, 0.2188, 0.3788, 0.2141, 0.4211], [-0.105, 0.3009, -0.0554, 0.4356, 0.3789, -0.4025, -0.364, -0.283, 0.4655, -0.0638, 0.1266, -0.199, 0.0072, -0.1141, -0.1491, 0.0851], [0.0843, 0.4042, 0.182, 0.4289, 0.3564, 0.491, 0.1713, -0.3369, 0.3606, 0.4646, 0.4047, 0.0691, 0.2138, -0.2889, 0.3316, 0.0735], [-0.215, -0.4365, 0.3539, 0.4898, -0.4115, 0.3006, -0.0895, -0.3492, -0.2061, 0.2688, 0.3728, -0.4558, 0.1145, -0.4551, 0.2184, -0.169], [0.3809, 0.4806, 0.0054, 0.4985, -0.1903, -0.423, 0.0998, -0.4686, -0.3026, -0.0921, 0.1105, -0.3438, -0.4576, 0.3678, -0.1862, 0.4587], [0.3967, -0.1222, -0.0396, 0.0201, 0.1439, 0.0957, 0.0593, 0.1201, 0.4406, 0.007, -0.0688, 0.2203, -0.2624, -0.1989, 0.4778, 0.0211], [0.0484, -0.4885, -0.0848, 0.08, -0.4799, 0.1158, 0.1322, -0.4399, 0.1273, -0.0337, 0.1793, -0.1474, 0.207, 0.238, -0.4778, -0.4394]]> : tensor<8x16xf32>
    %b1 = arith.constant dense<[0.176, 0.4633, -0.2489, -0.0437, 0.0927, -0.18, -0.136, -0.1873, -0.1308, 0.0956, -0.1996, -0.1228, 0.2723, -0.4731, 0.0693, 0.2352]> : tensor<16xf32>
    %w2 = arith.constant dense<[[-0.19, -0.2775, 0.3038, -0.2613], [-0.3126, -0.0648, 0.1981, -0.3982], [-0.178, -0.1662, 0.3335, -0.0616], [0.3555, -0.3307, -0.1633, 0.1502], [0.3849, -0.0489, -0.275, -0.3791], [0.0296, -0.3092, 0.3068, 0.3385], [-0.3164, -0.2214, 0.3072, 0.1419], [0.3063, -0.1547, -0.3703, -0.2081], [0.2939, -0.2288, -0.1536, -0.0831], [-0.0802, -0.0905, 0.4206, -0.344], [-0.4953, 0.4433, 0.38, 0.4869], [-0.0656, 0.4502, 0.4274, -0.2779], [0.2455, 0.3367, 0.163, 0.019], [-0.211, -0.1589, -0.2725, -0.4319], [0.0887, -0.213, 0.3102, -0.4549], [0.4036, 0.1937, 0.4239, 0.3966]]> : tensor<16x4xf32>
    %b2 = arith.constant dense<[0.3997, 0.077, -0.4869, 0.2453]> : tensor<4xf32>
    %n = tensor.dim %x, %c0 : tensor<?x8xf32>
    %e1 = tensor.empty(%n) : tensor<?x16xf32>
    %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x16xf32>) -> tensor<?x16xf32>
    %h = linalg.matmul ins(%x, %w1 : tensor<?x8xf32>, tensor<8x16xf32>) outs(%z1 : tensor<?x16xf32>) -> tensor<?x16xf32>
    %a = linalg.generic {indexing_maps = [#map_id, #map_bias, #map_id], iterator_types = ["parallel", "parallel"]}
        ins(%h, %b1 : tensor<?x16xf32>, tensor<16xf32>) outs(%e1 : tensor<?x16xf32>) {
    ^bb0(%v: f32, %b: f32, %o: f32):
      %s = arith.addf %v, %b : f32
      %r = arith.maximumf %s, %zero : f32
      linalg.yield %r : f32
    } -> tensor<?x16xf32>
    %e2 = tensor.empty(%n) : tensor<?x4xf32>
    %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<?x4xf32>) -> tensor<?x4xf32>
    %o = linalg.matmul ins(%a, %w2 : tensor<?x16xf32>, tensor<16x4xf32>) outs(%z2 : tensor<?x4xf32>) -> tensor<?x4xf32>
    %y = linalg.generic {indexing_maps = [#map_id, #map_bias, #map_id], iterator_types = ["parallel", "parallel"]}
        ins(%o, %b2 : tensor<?x4xf32>, tensor<4xf32>) outs(%e2 : tensor<?x4xf32>) {
    ^bb0(%v: f32, %b: f32, %out: f32):
      %s = arith.addf %v, %b : f32
      linalg.yield %s : f32
    } -> tensor<?x4xf32>
    return %y : tensor<?x4xf32>
  }
}

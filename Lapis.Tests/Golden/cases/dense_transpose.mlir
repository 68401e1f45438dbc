// Transposes: linalg.transpose of a 2-D tensor and a permuting linalg.generic (torch.permute 0,2,1).
#map = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
module {
  func.func @forward(%arg0: tensor<3x5xf32>, %arg1: tensor<2x3x4xf32>) -> (tensor<5x3xf32>, tensor<2x4x3xf32>) {
    %0 = tensor.empty() : tensor<5x3xf32>
    %transposed = linalg.transpose ins(%arg0 : tensor<3x5xf32>) outs(%0 : tensor<5x3xf32>) permutation = [1, 0] 
    %1 = tensor.empty() : tensor<2x4x3xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg1 : tensor<2x3x4xf32>) outs(%1 : tensor<2x4x3xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<2x4x3xf32>
    return %transposed, %2 : tensor<5x3xf32>, tensor<2x4x3xf32>
  }
}

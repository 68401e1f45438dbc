// y = relu(x W + b) for a dynamic batch of 4-feature samples, as torch-mlir prints a
// torch.nn.Linear(4, 3) followed by torch.relu (linalg on tensors).
#map_bias = affine_map<(d0, d1) -> (d1)>
#map_id = affine_map<(d0, d1) -> (d0, d1)>
module {
  func.func @forward(%x: tensor<?x4xf32>) -> tensor<?x3xf32> {
    %c0 = arith.constant 0 : index
    %zero = arith.constant 0.000000e+00 : f32
    %w = arith.constant dense<[[0.5, -1.0, 0.25], [1.5, 0.75, -0.5], [-2.0, 0.125, 1.0], [0.25, -0.25, 2.0]]> : tensor<4x3xf32>
    %b = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
    %n = tensor.dim %x, %c0 : tensor<?x4xf32>
    %empty = tensor.empty(%n) : tensor<?x3xf32>
    %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x3xf32>) -> tensor<?x3xf32>
    %xw = linalg.matmul ins(%x, %w : tensor<?x4xf32>, tensor<4x3xf32>) outs(%init : tensor<?x3xf32>) -> tensor<?x3xf32>
    %y = linalg.generic {indexing_maps = [#map_id, #map_bias, #map_id], iterator_types = ["parallel", "parallel"]}
        ins(%xw, %b : tensor<?x3xf32>, tensor<3xf32>) outs(%empty : tensor<?x3xf32>) {
    ^bb0(%v: f32, %bias: f32, %out: f32):
      %s = arith.addf %v, %bias : f32
      %r = arith.maximumf %s, %zero : f32
      linalg.yield %r : f32
    } -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
}

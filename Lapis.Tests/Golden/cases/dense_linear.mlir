// torch.nn.Linear(3, 2) as torch-mlir prints it: transpose of the [2,3] weight, matmul, bias add; dynamic batch.
#map = affine_map<(d0, d1) -> (d1, d0)>
#map1 = affine_map<(d0, d1) -> (d0, d1)>
#map2 = affine_map<(d0, d1) -> (d1)>
module {
  func.func @forward(%arg0: tensor<?x3xf32>) -> tensor<?x2xf32> {
    %c0 = arith.constant 0 : index
    %cst = arith.constant dense<[[0.5, -0.25, 1.0], [-1.5, 0.75, 0.125]]> : tensor<2x3xf32>
    %cst_0 = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
    %cst_1 = arith.constant 0.000000e+00 : f32
    %0 = tensor.empty() : tensor<3x2xf32>
    %1 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel"]} ins(%cst : tensor<2x3xf32>) outs(%0 : tensor<3x2xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x2xf32>
    %dim = tensor.dim %arg0, %c0 : tensor<?x3xf32>
    %2 = tensor.empty(%dim) : tensor<?x2xf32>
    %3 = linalg.fill ins(%cst_1 : f32) outs(%2 : tensor<?x2xf32>) -> tensor<?x2xf32>
    %4 = linalg.matmul ins(%arg0, %1 : tensor<?x3xf32>, tensor<3x2xf32>) outs(%3 : tensor<?x2xf32>) -> tensor<?x2xf32>
    %5 = linalg.generic {indexing_maps = [#map1, #map2, #map1], iterator_types = ["parallel", "parallel"]} ins(%4, %cst_0 : tensor<?x2xf32>, tensor<2xf32>) outs(%2 : tensor<?x2xf32>) {
    ^bb0(%in: f32, %in_2: f32, %out: f32):
      %6 = arith.addf %in, %in_2 : f32
      linalg.yield %6 : f32
    } -> tensor<?x2xf32>
    return %5 : tensor<?x2xf32>
  }
}

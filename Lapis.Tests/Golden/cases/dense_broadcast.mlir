// Broadcasting in linalg.generic: a row vector, a column vector and a 0-d tensor added to a 3x5 matrix.
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d1)>
#map2 = affine_map<(d0, d1) -> (d0, 0)>
#map3 = affine_map<(d0, d1) -> ()>
module {
  func.func @forward(%arg0: tensor<3x5xf64>, %arg1: tensor<5xf64>, %arg2: tensor<3x1xf64>, %arg3: tensor<f64>) -> tensor<3x5xf64> {
    %0 = tensor.empty() : tensor<3x5xf64>
    %1 = linalg.generic {indexing_maps = [#map, #map1, #map2, #map3, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1, %arg2, %arg3 : tensor<3x5xf64>, tensor<5xf64>, tensor<3x1xf64>, tensor<f64>) outs(%0 : tensor<3x5xf64>) {
    ^bb0(%in: f64, %in_0: f64, %in_1: f64, %in_2: f64, %out: f64):
      %2 = arith.addf %in, %in_0 : f64
      %3 = arith.subf %2, %in_1 : f64
      %4 = arith.mulf %3, %in_2 : f64
      linalg.yield %4 : f64
    } -> tensor<3x5xf64>
    return %1 : tensor<3x5xf64>
  }
}

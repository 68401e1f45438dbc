// Scalar arguments next to tensors (torch.add with alpha, torch.clamp bounds): out = clamp(x + alpha * y, lo, hi).
#map = affine_map<(d0, d1) -> (d0, d1)>
module {
  func.func @forward(%arg0: tensor<?x?xf64>, %arg1: tensor<?x?xf64>, %arg2: f64, %arg3: f64, %arg4: f64) -> tensor<?x?xf64> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %dim = tensor.dim %arg0, %c0 : tensor<?x?xf64>
    %dim_0 = tensor.dim %arg0, %c1 : tensor<?x?xf64>
    %0 = tensor.empty(%dim, %dim_0) : tensor<?x?xf64>
    %1 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x?xf64>, tensor<?x?xf64>) outs(%0 : tensor<?x?xf64>) {
    ^bb0(%in: f64, %in_1: f64, %out: f64):
      %2 = arith.mulf %in_1, %arg2 : f64
      %3 = arith.addf %in, %2 : f64
      %4 = arith.maximumf %3, %arg3 : f64
      %5 = arith.minimumf %4, %arg4 : f64
      linalg.yield %5 : f64
    } -> tensor<?x?xf64>
    return %1 : tensor<?x?xf64>
  }
}

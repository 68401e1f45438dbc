// scf.while around tensor ops: halve a vector in place until its abs-sum drops below a threshold (at most 64 steps).
#map = affine_map<(d0) -> (d0)>
#map1 = affine_map<(d0) -> ()>
module {
  func.func @forward(%arg0: tensor<8xf32>, %arg1: f32) -> (tensor<8xf32>, i64) {
    %cst = arith.constant 0.000000e+00 : f32
    %cst_0 = arith.constant 5.000000e-01 : f32
    %c0_i64 = arith.constant 0 : i64
    %c1_i64 = arith.constant 1 : i64
    %c64_i64 = arith.constant 64 : i64
    %0:2 = scf.while (%arg2 = %arg0, %arg3 = %c0_i64) : (tensor<8xf32>, i64) -> (tensor<8xf32>, i64) {
      %1 = tensor.empty() : tensor<f32>
      %2 = linalg.fill ins(%cst : f32) outs(%1 : tensor<f32>) -> tensor<f32>
      %3 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["reduction"]} ins(%arg2 : tensor<8xf32>) outs(%2 : tensor<f32>) {
      ^bb0(%in: f32, %out: f32):
        %8 = math.absf %in : f32
        %9 = arith.addf %8, %out : f32
        linalg.yield %9 : f32
      } -> tensor<f32>
      %extracted = tensor.extract %3[] : tensor<f32>
      %4 = arith.cmpf ogt, %extracted, %arg1 : f32
      %5 = arith.cmpi slt, %arg3, %c64_i64 : i64
      %6 = arith.andi %4, %5 : i1
      scf.condition(%6) %arg2, %arg3 : tensor<8xf32>, i64
    } do {
    ^bb0(%arg2: tensor<8xf32>, %arg3: i64):
      %2 = linalg.generic {indexing_maps = [#map], iterator_types = ["parallel"]} outs(%arg2 : tensor<8xf32>) {
      ^bb0(%out: f32):
        %4 = arith.mulf %out, %cst_0 : f32
        linalg.yield %4 : f32
      } -> tensor<8xf32>
      %3 = arith.addi %arg3, %c1_i64 : i64
      scf.yield %2, %3 : tensor<8xf32>, i64
    }
    return %0#0, %0#1 : tensor<8xf32>, i64
  }
}

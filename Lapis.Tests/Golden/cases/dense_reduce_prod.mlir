// torch.prod over the last dim of a 3-D f64 tensor (linalg.reduce seeded with 1) and an integer sum with linalg.reduce.
module {
  func.func @forward(%arg0: tensor<2x3x4xf64>, %arg1: tensor<10xi64>) -> (tensor<2x3xf64>, tensor<i64>) {
    %cst = arith.constant 1.000000e+00 : f64
    %c0_i64 = arith.constant 0 : i64
    %0 = tensor.empty() : tensor<2x3xf64>
    %1 = linalg.fill ins(%cst : f64) outs(%0 : tensor<2x3xf64>) -> tensor<2x3xf64>
    %reduced = linalg.reduce ins(%arg0 : tensor<2x3x4xf64>) outs(%1 : tensor<2x3xf64>) dimensions = [2] 
      (%in: f64, %init: f64) {
        %4 = arith.mulf %in, %init : f64
        linalg.yield %4 : f64
      }
    %2 = tensor.empty() : tensor<i64>
    %3 = linalg.fill ins(%c0_i64 : i64) outs(%2 : tensor<i64>) -> tensor<i64>
    %reduced_0 = linalg.reduce ins(%arg1 : tensor<10xi64>) outs(%3 : tensor<i64>) dimensions = [0] 
      (%in: i64, %init: i64) {
        %4 = arith.addi %in, %init : i64
        linalg.yield %4 : i64
      }
    return %reduced, %reduced_0 : tensor<2x3xf64>, tensor<i64>
  }
}

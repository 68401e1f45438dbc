// linalg.vecmat: a row vector times a matrix, x^T A with x of 6 and A of 6x4.
module {
  func.func @forward(%arg0: tensor<6xf64>, %arg1: tensor<6x4xf64>) -> tensor<4xf64> {
    %cst = arith.constant 0.000000e+00 : f64
    %0 = tensor.empty() : tensor<4xf64>
    %1 = linalg.fill ins(%cst : f64) outs(%0 : tensor<4xf64>) -> tensor<4xf64>
    %2 = linalg.vecmat ins(%arg0, %arg1 : tensor<6xf64>, tensor<6x4xf64>) outs(%1 : tensor<4xf64>) -> tensor<4xf64>
    return %2 : tensor<4xf64>
  }
}

// linalg.matvec (torch.mv) with a static 6x4 matrix and a 4-vector.
module {
  func.func @forward(%arg0: tensor<6x4xf64>, %arg1: tensor<4xf64>) -> tensor<6xf64> {
    %cst = arith.constant 0.000000e+00 : f64
    %0 = tensor.empty() : tensor<6xf64>
    %1 = linalg.fill ins(%cst : f64) outs(%0 : tensor<6xf64>) -> tensor<6xf64>
    %2 = linalg.matvec ins(%arg0, %arg1 : tensor<6x4xf64>, tensor<4xf64>) outs(%1 : tensor<6xf64>) -> tensor<6xf64>
    return %2 : tensor<6xf64>
  }
}

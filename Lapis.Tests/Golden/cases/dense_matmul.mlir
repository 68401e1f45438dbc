// linalg.matmul on static tensors with a constant weight, zero-initialised with linalg.fill.
module {
  func.func @forward(%arg0: tensor<4x3xf32>) -> tensor<4x2xf32> {
    %cst = arith.constant dense<[[0.5, -1.0], [0.25, 2.0], [-0.75, 1.5]]> : tensor<3x2xf32>
    %cst_0 = arith.constant 0.000000e+00 : f32
    %0 = tensor.empty() : tensor<4x2xf32>
    %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<4x2xf32>) -> tensor<4x2xf32>
    %2 = linalg.matmul ins(%arg0, %cst : tensor<4x3xf32>, tensor<3x2xf32>) outs(%1 : tensor<4x2xf32>) -> tensor<4x2xf32>
    return %2 : tensor<4x2xf32>
  }
}

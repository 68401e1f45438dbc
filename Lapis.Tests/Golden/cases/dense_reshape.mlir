// torch.flatten then a linear layer then torch.view: tensor.collapse_shape, matmul, tensor.expand_shape.
module {
  func.func @forward(%arg0: tensor<2x2x3xf32>) -> tensor<2x2x2xf32> {
    %cst = arith.constant dense<[[1.0, 0.0, 0.5, -0.5], [0.0, 1.0, 0.5, 0.5], [1.0, 1.0, 0.0, -1.0], [-1.0, 0.0, 2.0, 0.0], [0.0, -1.0, 0.0, 1.0], [0.25, 0.25, 0.25, 0.25]]> : tensor<6x4xf32>
    %cst_0 = arith.constant 0.000000e+00 : f32
    %collapsed = tensor.collapse_shape %arg0 [[0], [1, 2]] : tensor<2x2x3xf32> into tensor<2x6xf32>
    %0 = tensor.empty() : tensor<2x4xf32>
    %1 = linalg.fill ins(%cst_0 : f32) outs(%0 : tensor<2x4xf32>) -> tensor<2x4xf32>
    %2 = linalg.matmul ins(%collapsed, %cst : tensor<2x6xf32>, tensor<6x4xf32>) outs(%1 : tensor<2x4xf32>) -> tensor<2x4xf32>
    %expanded = tensor.expand_shape %2 [[0], [1, 2]] output_shape [2, 2, 2] : tensor<2x4xf32> into tensor<2x2x2xf32>
    return %expanded : tensor<2x2x2xf32>
  }
}

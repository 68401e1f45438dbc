// tensor.pad (torch constant_pad_nd) with a constant value and asymmetric low/high padding on a dynamic tensor.
module {
  func.func @forward(%arg0: tensor<?x5xf32>) -> tensor<?x8xf32> {
    %cst = arith.constant -1.000000e+00 : f32
    %padded = tensor.pad %arg0 low[1, 2] high[2, 1] {
    ^bb0(%arg1: index, %arg2: index):
      tensor.yield %cst : f32
    } : tensor<?x5xf32> to tensor<?x8xf32>
    return %padded : tensor<?x8xf32>
  }
}

// Zero-padded convolutions as torch-mlir prints them (tensor.pad, then the convolution): the
// padding folds into kokkos.convolution (no padded copy), reads outside the input are zeros.
// Sizes are not multiples of any tile; pads are symmetric, asymmetric and larger than the kernel reach.
func.func @padded_convolutions(%a: tensor<1x3x29x23xf32>, %wa: tensor<6x3x7x7xf32>, %ba: tensor<6xf32>,
    %b: tensor<2x5x11x13xf32>, %wb: tensor<7x5x3x3xf32>, %c: tensor<?x9x10x3xf64>, %wc: tensor<3x3x3x4xf64>,
    %d: tensor<1x2x6x7xf32>, %wd: tensor<3x2x3x3xf32>)
    -> (tensor<1x6x15x12xf32>, tensor<2x7x10x12xf32>, tensor<?x11x12x4xf64>, tensor<1x3x6x7xf32>) {
  %ra = call @stem(%a, %wa, %ba) : (tensor<1x3x29x23xf32>, tensor<6x3x7x7xf32>, tensor<6xf32>) -> tensor<1x6x15x12xf32>
  %rb = call @asymmetric(%b, %wb) : (tensor<2x5x11x13xf32>, tensor<7x5x3x3xf32>) -> tensor<2x7x10x12xf32>
  %rc = call @nhwc_dynamic(%c, %wc) : (tensor<?x9x10x3xf64>, tensor<3x3x3x4xf64>) -> tensor<?x11x12x4xf64>
  %rd = call @pad_one(%d, %wd) : (tensor<1x2x6x7xf32>, tensor<3x2x3x3xf32>) -> tensor<1x3x6x7xf32>
  return %ra, %rb, %rc, %rd : tensor<1x6x15x12xf32>, tensor<2x7x10x12xf32>, tensor<?x11x12x4xf64>, tensor<1x3x6x7xf32>
}

// ResNet's stem: 7x7, stride 2, pad 3, with bias and ReLU.
func.func private @stem(%img: tensor<1x3x29x23xf32>, %w: tensor<6x3x7x7xf32>, %b: tensor<6xf32>) -> tensor<1x6x15x12xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %img low[0, 0, 3, 3] high[0, 0, 3, 3] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
  } : tensor<1x3x29x23xf32> to tensor<1x3x35x29xf32>
  %e = tensor.empty() : tensor<1x6x15x12xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<6xf32>) outs(%e : tensor<1x6x15x12xf32>) {
    ^bb0(%in: f32, %o: f32):
      linalg.yield %in : f32
  } -> tensor<1x6x15x12xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
      ins(%padded, %w : tensor<1x3x35x29xf32>, tensor<6x3x7x7xf32>) outs(%init : tensor<1x6x15x12xf32>) -> tensor<1x6x15x12xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x6x15x12xf32>) outs(%e : tensor<1x6x15x12xf32>) {
    ^bb0(%in: f32, %o: f32):
      %r = arith.maximumf %in, %zero : f32
      linalg.yield %r : f32
  } -> tensor<1x6x15x12xf32>
  return %relu : tensor<1x6x15x12xf32>
}

// 3x3, pad 1 on top/left and 2 at the bottom/right, dilation 2, two images.
func.func private @asymmetric(%img: tensor<2x5x11x13xf32>, %w: tensor<7x5x3x3xf32>) -> tensor<2x7x10x12xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %img low[0, 0, 1, 1] high[0, 0, 2, 2] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
  } : tensor<2x5x11x13xf32> to tensor<2x5x14x16xf32>
  %e = tensor.empty() : tensor<2x7x10x12xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x7x10x12xf32>) -> tensor<2x7x10x12xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%padded, %w : tensor<2x5x14x16xf32>, tensor<7x5x3x3xf32>) outs(%z : tensor<2x7x10x12xf32>) -> tensor<2x7x10x12xf32>
  return %c : tensor<2x7x10x12xf32>
}

// NHWC / HWCF, f64, dynamic batch, pad 2 with a 3x3 window (reads two rows into the zeros).
func.func private @nhwc_dynamic(%img: tensor<?x9x10x3xf64>, %w: tensor<3x3x3x4xf64>) -> tensor<?x11x12x4xf64> {
  %zero = arith.constant 0.0 : f64
  %c0 = arith.constant 0 : index
  %n = tensor.dim %img, %c0 : tensor<?x9x10x3xf64>
  %padded = tensor.pad %img low[0, 2, 2, 0] high[0, 2, 2, 0] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f64
  } : tensor<?x9x10x3xf64> to tensor<?x13x14x3xf64>
  %e = tensor.empty(%n) : tensor<?x11x12x4xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<?x11x12x4xf64>) -> tensor<?x11x12x4xf64>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %w : tensor<?x13x14x3xf64>, tensor<3x3x3x4xf64>) outs(%z : tensor<?x11x12x4xf64>) -> tensor<?x11x12x4xf64>
  return %c : tensor<?x11x12x4xf64>
}

// A pad value that is not zero is not folded (the padded copy stays): still correct.
func.func private @pad_one(%img: tensor<1x2x6x7xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x6x7xf32> {
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %padded = tensor.pad %img low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %one : f32
  } : tensor<1x2x6x7xf32> to tensor<1x2x8x9xf32>
  %e = tensor.empty() : tensor<1x3x6x7xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x6x7xf32>) -> tensor<1x3x6x7xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%padded, %w : tensor<1x2x8x9xf32>, tensor<3x2x3x3xf32>) outs(%z : tensor<1x3x6x7xf32>) -> tensor<1x3x6x7xf32>
  return %c : tensor<1x3x6x7xf32>
}

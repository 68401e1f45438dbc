// Depthwise convolutions and sum/max pools as torch-mlir prints them (tensor.pad, fill, the named
// op, an elementwise consumer): each becomes a tiled kokkos.sliding_window, the padding read
// through the op (zeros; -inf for max pools), the consumer its epilogue. Sizes are primes, 1 and
// tile sizes +- 1 (host blocks 4 x 8 x 64 for nchw, 64 x 4 x 8 for nhwc; device 4 x 8 x 32 / 32 x 4 x 8).
func.func @sliding_windows(%a: tensor<1x7x13x11xf32>, %wa: tensor<7x3x3xf32>, %ba: tensor<7xf32>,
    %b: tensor<2x9x10x5xf64>, %wb: tensor<3x3x5xf64>, %c: tensor<1x33x11x67xf32>, %wc: tensor<33x3x3xf32>,
    %d: tensor<1x5x17x19xf32>, %e: tensor<2x6x8x65xf64>, %f: tensor<1x3x7x5xf64>, %g: tensor<1x17x7x7xf32>,
    %h: tensor<1x1x5x31xf32>, %wh: tensor<1x1x1xf32>)
    -> (tensor<1x7x7x6xf32>, tensor<2x5x6x5xf64>, tensor<1x33x9x65xf32>, tensor<1x5x9x10xf32>, tensor<2x3x4x65xf64>,
        tensor<1x3x7x5xf64>, tensor<1x17x1x1xf32>, tensor<1x1x5x31xf32>) {
  %ra = call @depthwise_relu6(%a, %wa, %ba) : (tensor<1x7x13x11xf32>, tensor<7x3x3xf32>, tensor<7xf32>) -> tensor<1x7x7x6xf32>
  %rb = call @depthwise_nhwc(%b, %wb) : (tensor<2x9x10x5xf64>, tensor<3x3x5xf64>) -> tensor<2x5x6x5xf64>
  %rc = call @depthwise_edges(%c, %wc) : (tensor<1x33x11x67xf32>, tensor<33x3x3xf32>) -> tensor<1x33x9x65xf32>
  %rd = call @max_pool(%d) : (tensor<1x5x17x19xf32>) -> tensor<1x5x9x10xf32>
  %re = call @max_pool_nhwc(%e) : (tensor<2x6x8x65xf64>) -> tensor<2x3x4x65xf64>
  %rf = call @avg_pool(%f) : (tensor<1x3x7x5xf64>) -> tensor<1x3x7x5xf64>
  %rg = call @global_avg_pool(%g) : (tensor<1x17x7x7xf32>) -> tensor<1x17x1x1xf32>
  %rh = call @depthwise_one(%h, %wh) : (tensor<1x1x5x31xf32>, tensor<1x1x1xf32>) -> tensor<1x1x5x31xf32>
  return %ra, %rb, %rc, %rd, %re, %rf, %rg, %rh : tensor<1x7x7x6xf32>, tensor<2x5x6x5xf64>, tensor<1x33x9x65xf32>, tensor<1x5x9x10xf32>,
      tensor<2x3x4x65xf64>, tensor<1x3x7x5xf64>, tensor<1x17x1x1xf32>, tensor<1x1x5x31xf32>
}

// MobileNet's block: depthwise 3x3, stride 2, pad 1, bias, then ReLU6 (a clamp).
func.func private @depthwise_relu6(%img: tensor<1x7x13x11xf32>, %w: tensor<7x3x3xf32>, %b: tensor<7xf32>) -> tensor<1x7x7x6xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %padded = tensor.pad %img low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
  } : tensor<1x7x13x11xf32> to tensor<1x7x15x13xf32>
  %e = tensor.empty() : tensor<1x7x7x6xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x7x6xf32>) -> tensor<1x7x7x6xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
      ins(%padded, %w : tensor<1x7x15x13xf32>, tensor<7x3x3xf32>) outs(%z : tensor<1x7x7x6xf32>) -> tensor<1x7x7x6xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %b : tensor<1x7x7x6xf32>, tensor<7xf32>) outs(%e : tensor<1x7x7x6xf32>) {
    ^bb0(%in: f32, %bias: f32, %o: f32):
      %s = arith.addf %in, %bias : f32
      %lo = arith.maximumf %s, %zero : f32
      %hi = arith.minimumf %lo, %six : f32
      linalg.yield %hi : f32
  } -> tensor<1x7x7x6xf32>
  return %r : tensor<1x7x7x6xf32>
}

// NHWC / HWC, f64, two images, dilation 2, pad 1 (reads past the tile into the zeros).
func.func private @depthwise_nhwc(%img: tensor<2x9x10x5xf64>, %w: tensor<3x3x5xf64>) -> tensor<2x5x6x5xf64> {
  %zero = arith.constant 0.0 : f64
  %padded = tensor.pad %img low[0, 1, 1, 0] high[0, 0, 0, 0] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f64
  } : tensor<2x9x10x5xf64> to tensor<2x10x11x5xf64>
  %e = tensor.empty() : tensor<2x5x6x5xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<2x5x6x5xf64>) -> tensor<2x5x6x5xf64>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%padded, %w : tensor<2x10x11x5xf64>, tensor<3x3x5xf64>) outs(%z : tensor<2x5x6x5xf64>) -> tensor<2x5x6x5xf64>
  return %c : tensor<2x5x6x5xf64>
}

// No padding, 33 channels (one past 8 host blocks), 65 columns (host tile + 1, device 2 x 32 + 1).
func.func private @depthwise_edges(%img: tensor<1x33x11x67xf32>, %w: tensor<33x3x3xf32>) -> tensor<1x33x9x65xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x33x9x65xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x33x9x65xf32>) -> tensor<1x33x9x65xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%img, %w : tensor<1x33x11x67xf32>, tensor<33x3x3xf32>) outs(%z : tensor<1x33x9x65xf32>) -> tensor<1x33x9x65xf32>
  return %c : tensor<1x33x9x65xf32>
}

// ResNet's max pool: 3x3, stride 2, pad 1 with -inf.
func.func private @max_pool(%img: tensor<1x5x17x19xf32>) -> tensor<1x5x9x10xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %padded = tensor.pad %img low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %ninf : f32
  } : tensor<1x5x17x19xf32> to tensor<1x5x19x21xf32>
  %e = tensor.empty() : tensor<1x5x9x10xf32>
  %z = linalg.fill ins(%ninf : f32) outs(%e : tensor<1x5x9x10xf32>) -> tensor<1x5x9x10xf32>
  %win = tensor.empty() : tensor<3x3xf32>
  %p = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
      ins(%padded, %win : tensor<1x5x19x21xf32>, tensor<3x3xf32>) outs(%z : tensor<1x5x9x10xf32>) -> tensor<1x5x9x10xf32>
  return %p : tensor<1x5x9x10xf32>
}

// NHWC max pool, f64, 2x2 stride 2 (no overlap: read straight from the input), 65 channels.
func.func private @max_pool_nhwc(%img: tensor<2x6x8x65xf64>) -> tensor<2x3x4x65xf64> {
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %e = tensor.empty() : tensor<2x3x4x65xf64>
  %z = linalg.fill ins(%ninf : f64) outs(%e : tensor<2x3x4x65xf64>) -> tensor<2x3x4x65xf64>
  %win = tensor.empty() : tensor<2x2xf64>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
      ins(%img, %win : tensor<2x6x8x65xf64>, tensor<2x2xf64>) outs(%z : tensor<2x3x4x65xf64>) -> tensor<2x3x4x65xf64>
  return %p : tensor<2x3x4x65xf64>
}

// Average pool (count_include_pad): 3x3 sum, stride 1, pad 1, then the division as the epilogue.
func.func private @avg_pool(%img: tensor<1x3x7x5xf64>) -> tensor<1x3x7x5xf64> {
  %zero = arith.constant 0.0 : f64
  %nine = arith.constant 9.0 : f64
  %padded = tensor.pad %img low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f64
  } : tensor<1x3x7x5xf64> to tensor<1x3x9x7xf64>
  %e = tensor.empty() : tensor<1x3x7x5xf64>
  %z = linalg.fill ins(%zero : f64) outs(%e : tensor<1x3x7x5xf64>) -> tensor<1x3x7x5xf64>
  %win = tensor.empty() : tensor<3x3xf64>
  %s = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%padded, %win : tensor<1x3x9x7xf64>, tensor<3x3xf64>) outs(%z : tensor<1x3x7x5xf64>) -> tensor<1x3x7x5xf64>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<1x3x7x5xf64>) outs(%e : tensor<1x3x7x5xf64>) {
    ^bb0(%in: f64, %o: f64):
      %q = arith.divf %in, %nine : f64
      linalg.yield %q : f64
  } -> tensor<1x3x7x5xf64>
  return %r : tensor<1x3x7x5xf64>
}

// ResNet's global average pool: 7x7 sum with stride 7 (no overlap), then / 49.
func.func private @global_avg_pool(%img: tensor<1x17x7x7xf32>) -> tensor<1x17x1x1xf32> {
  %zero = arith.constant 0.0 : f32
  %n = arith.constant 49.0 : f32
  %e = tensor.empty() : tensor<1x17x1x1xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x17x1x1xf32>) -> tensor<1x17x1x1xf32>
  %win = tensor.empty() : tensor<7x7xf32>
  %s = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<7> : vector<2xi64>}
      ins(%img, %win : tensor<1x17x7x7xf32>, tensor<7x7xf32>) outs(%z : tensor<1x17x1x1xf32>) -> tensor<1x17x1x1xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<1x17x1x1xf32>) outs(%e : tensor<1x17x1x1xf32>) {
    ^bb0(%in: f32, %o: f32):
      %q = arith.divf %in, %n : f32
      linalg.yield %q : f32
  } -> tensor<1x17x1x1xf32>
  return %r : tensor<1x17x1x1xf32>
}

// One channel, a 1x1 window.
func.func private @depthwise_one(%img: tensor<1x1x5x31xf32>, %w: tensor<1x1x1xf32>) -> tensor<1x1x5x31xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x5x31xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x5x31xf32>) -> tensor<1x1x5x31xf32>
  %c = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
      ins(%img, %w : tensor<1x1x5x31xf32>, tensor<1x1x1xf32>) outs(%z : tensor<1x1x5x31xf32>) -> tensor<1x1x5x31xf32>
  return %c : tensor<1x1x5x31xf32>
}

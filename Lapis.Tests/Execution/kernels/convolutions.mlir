// 2-D convolutions that lapis-tile-convolutions turns into implicit-GEMM kokkos.convolution
// kernels, at sizes that are not multiples of any tile (host 96 x 128 x 256 / 6 x 16 (f32),
// 96 x 64 x 128 / 6 x 8 (f64); device 64 x 64 x 16 / 4 x 4): 1, primes, tile + 1, K = 261 (two
// reduction slices), strides and dilations, f32 and f64, NCHW/FCHW and NHWC/HWCF, a dynamic batch
// and image size. One function with several results, so one lapis check build compares all of them.
#chan = affine_map<(n, c, h, w) -> (c)>
#id = affine_map<(n, c, h, w) -> (n, c, h, w)>
module {
  func.func @convolutions(%in0: tensor<2x5x17x13xf32>, %f0: tensor<7x5x3x3xf32>, %scale: tensor<7xf32>, %shift: tensor<7xf32>,
                          %in1: tensor<1x3x23x19xf32>, %f1: tensor<97x3x5x3xf32>,
                          %in2: tensor<1x29x10x9xf32>, %f2: tensor<13x29x3x3xf32>, %acc2: tensor<1x13x8x7xf32>,
                          %in3: tensor<2x11x9x6xf64>, %f3: tensor<3x2x6x17xf64>,
                          %in4: tensor<?x3x?x?xf64>, %f4: tensor<5x3x3x3xf64>)
      -> (tensor<2x7x15x11xf32>, tensor<1x97x8x8xf32>, tensor<1x13x8x7xf32>, tensor<2x9x4x17xf64>, tensor<?x5x?x?xf64>) {
    %zero = arith.constant 0.0 : f32
    %half = arith.constant 0.5 : f32
    %zero64 = arith.constant 0.0 : f64
    // (1) fill + conv (N = 2, C = 5, F = 7, 3 x 3, 165 pixels per image) + per-channel scale/shift and ReLU (fused epilogue)
    %e0 = tensor.empty() : tensor<2x7x15x11xf32>
    %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<2x7x15x11xf32>) -> tensor<2x7x15x11xf32>
    %c0 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%in0, %f0 : tensor<2x5x17x13xf32>, tensor<7x5x3x3xf32>) outs(%z0 : tensor<2x7x15x11xf32>) -> tensor<2x7x15x11xf32>
    %r0 = linalg.generic {indexing_maps = [#id, #chan, #chan, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%c0, %scale, %shift : tensor<2x7x15x11xf32>, tensor<7xf32>, tensor<7xf32>) outs(%e0 : tensor<2x7x15x11xf32>) {
    ^bb0(%v: f32, %s: f32, %t: f32, %o: f32):
      %m = arith.mulf %v, %s : f32
      %a = arith.addf %m, %t : f32
      %x = arith.maximumf %a, %zero : f32
      linalg.yield %x : f32
    } -> tensor<2x7x15x11xf32>
    // (2) stride 2, dilation 2, F = 97 (BM + 1), 5 x 3 window, a fill value that is not zero
    %e1 = tensor.empty() : tensor<1x97x8x8xf32>
    %z1 = linalg.fill ins(%half : f32) outs(%e1 : tensor<1x97x8x8xf32>) -> tensor<1x97x8x8xf32>
    %r1 = linalg.conv_2d_nchw_fchw {dilations = dense<2> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
        ins(%in1, %f1 : tensor<1x3x23x19xf32>, tensor<97x3x5x3xf32>) outs(%z1 : tensor<1x97x8x8xf32>) -> tensor<1x97x8x8xf32>
    // (3) accumulate into an input (no fill): K = 29 * 9 = 261 = BK + 5
    %r2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%in2, %f2 : tensor<1x29x10x9xf32>, tensor<13x29x3x3xf32>) outs(%acc2 : tensor<1x13x8x7xf32>) -> tensor<1x13x8x7xf32>
    // (4) NHWC / HWCF in f64, strides [1, 2], F = 17, 2 x 2 window
    %e3 = tensor.empty() : tensor<2x9x4x17xf64>
    %z3 = linalg.fill ins(%zero64 : f64) outs(%e3 : tensor<2x9x4x17xf64>) -> tensor<2x9x4x17xf64>
    %r3 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<[1, 2]> : tensor<2xi64>}
        ins(%in3, %f3 : tensor<2x11x9x6xf64>, tensor<3x2x6x17xf64>) outs(%z3 : tensor<2x9x4x17xf64>) -> tensor<2x9x4x17xf64>
    // (5) dynamic batch and image size (f64, default attributes: strides and dilations 1)
    %i0 = arith.constant 0 : index
    %i2 = arith.constant 2 : index
    %i3 = arith.constant 3 : index
    %n = tensor.dim %in4, %i0 : tensor<?x3x?x?xf64>
    %h = tensor.dim %in4, %i2 : tensor<?x3x?x?xf64>
    %w = tensor.dim %in4, %i3 : tensor<?x3x?x?xf64>
    %oh = arith.subi %h, %i2 : index
    %ow = arith.subi %w, %i2 : index
    %e4 = tensor.empty(%n, %oh, %ow) : tensor<?x5x?x?xf64>
    %z4 = linalg.fill ins(%zero64 : f64) outs(%e4 : tensor<?x5x?x?xf64>) -> tensor<?x5x?x?xf64>
    %r4 = linalg.conv_2d_nchw_fchw ins(%in4, %f4 : tensor<?x3x?x?xf64>, tensor<5x3x3x3xf64>) outs(%z4 : tensor<?x5x?x?xf64>) -> tensor<?x5x?x?xf64>
    return %r0, %r1, %r2, %r3, %r4 : tensor<2x7x15x11xf32>, tensor<1x97x8x8xf32>, tensor<1x13x8x7xf32>, tensor<2x9x4x17xf64>, tensor<?x5x?x?xf64>
  }
}

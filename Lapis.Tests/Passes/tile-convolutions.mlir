// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-tile-convolutions))" | FileCheck %s

// torch-mlir's convolution after bufferization: fill + conv_2d_nchw_fchw (stride 2) + an
// elementwise per-channel batch norm / ReLU that writes into the conv's own buffer. One
// kokkos.convolution: the fill is its init, the consumer its epilogue (block arguments: the
// finished sum and the (n, f, oh, ow) output indices), strides/dilations and tiles as attributes.
// CHECK-LABEL: func.func @conv_bn_relu(
// CHECK-SAME:    %[[IN:.*]]: memref<1x3x17x17xf32>, %[[F:.*]]: memref<8x3x3x3xf32>, %[[SCALE:.*]]: memref<8xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00
// CHECK:         %[[OUT:.*]] = memref.alloc
// CHECK-NOT:     linalg.fill
// CHECK:         "kokkos.convolution"(%[[IN]], %[[F]], %[[OUT]], %[[ZERO]])
// CHECK-NEXT:    ^bb0(%[[ACC:.*]]: f32, %{{.*}}: index, %[[C:.*]]: index, %{{.*}}: index, %{{.*}}: index):
// CHECK-NEXT:      %[[S:.*]] = memref.load %[[SCALE]][%[[C]]]
// CHECK-NEXT:      %[[M:.*]] = arith.mulf %[[ACC]], %[[S]]
// CHECK-NEXT:      %[[R:.*]] = arith.maximumf %[[M]], %[[ZERO]]
// CHECK-NEXT:      gpu.yield %[[R]]
// CHECK-NEXT:    }) {device_tiles = array<i64: 16, 16, 32, 1, 1>, dilations = array<i64: 1, 1>, execution_space = "device"
// CHECK-SAME:      host_tiles = array<i64: 96, 256, 256, 6, 16>, label = "conv_bn_relu:{{[0-9]+}}", layout = "nchw_fchw", padding = array<i64: 0, 0>, strides = array<i64: 2, 2>
// CHECK-NOT:     linalg.
// CHECK:         return %[[OUT]]
func.func @conv_bn_relu(%in: memref<1x3x17x17xf32>, %f: memref<8x3x3x3xf32>, %scale: memref<8xf32>) -> memref<1x8x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %out = memref.alloc() : memref<1x8x8x8xf32>
  linalg.fill ins(%zero : f32) outs(%out : memref<1x8x8x8xf32>)
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%in, %f : memref<1x3x17x17xf32>, memref<8x3x3x3xf32>) outs(%out : memref<1x8x8x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%out, %scale : memref<1x8x8x8xf32>, memref<8xf32>) outs(%out : memref<1x8x8x8xf32>) {
  ^bb0(%v: f32, %s: f32, %o: f32):
    %m = arith.mulf %v, %s : f32
    %r = arith.maximumf %m, %zero : f32
    linalg.yield %r : f32
  }
  return %out : memref<1x8x8x8xf32>
}

// NHWC / HWCF in f64 without a fill (out += conv), dilations 2: no init operand, f64 tiles.
// CHECK-LABEL: func.func @conv_nhwc_accumulate(
// CHECK:         "kokkos.convolution"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}) ({
// CHECK-NEXT:    }) {{.*}}dilations = array<i64: 2, 2>{{.*}}host_tiles = array<i64: 96, 256, 256, 6, 8>{{.*}}layout = "nhwc_hwcf", padding = array<i64: 0, 0>, strides = array<i64: 1, 1>
func.func @conv_nhwc_accumulate(%in: memref<?x9x9x4xf64>, %f: memref<3x3x4x5xf64>, %out: memref<?x5x5x5xf64>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %f : memref<?x9x9x4xf64>, memref<3x3x4x5xf64>) outs(%out : memref<?x5x5x5xf64>)
  return
}

// Integer convolutions stay linalg (the loop path); depthwise ones are lapis-tile-windows' (tile-windows.mlir).
// CHECK-LABEL: func.func @not_tiled(
// CHECK-NOT:     kokkos.convolution
// CHECK:         linalg.conv_2d_nchw_fchw
// CHECK:         linalg.depthwise_conv_2d_nchw_chw
func.func @not_tiled(%in: memref<1x2x5x5xi32>, %f: memref<3x2x3x3xi32>, %out: memref<1x3x3x3xi32>,
                     %din: memref<1x2x5x5xf32>, %df: memref<2x3x3xf32>, %dout: memref<1x2x3x3xf32>) {
  linalg.conv_2d_nchw_fchw ins(%in, %f : memref<1x2x5x5xi32>, memref<3x2x3x3xi32>) outs(%out : memref<1x3x3x3xi32>)
  linalg.depthwise_conv_2d_nchw_chw ins(%din, %df : memref<1x2x5x5xf32>, memref<2x3x3xf32>) outs(%dout : memref<1x2x3x3xf32>)
  return
}

// Bufferization's form of one filled tensor shared by two convolutions: a filled buffer copied
// into each output. Each convolution takes the fill value as its init and its copy is erased; the
// filled buffer goes with the last copy.
// CHECK-LABEL: func.func @shared_fill(
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00
// CHECK-NOT:     linalg.fill
// CHECK-NOT:     memref.copy
// CHECK:         "kokkos.convolution"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %[[ZERO]])
// CHECK-NOT:     memref.copy
// CHECK:         "kokkos.convolution"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}, %[[ZERO]])
func.func @shared_fill(%in: memref<1x2x5x5xf32>, %f: memref<3x2x3x3xf32>, %g: memref<3x2x3x3xf32>) -> (memref<1x3x3x3xf32>, memref<1x3x3x3xf32>) {
  %zero = arith.constant 0.0 : f32
  %filled = memref.alloc() : memref<1x3x3x3xf32>
  linalg.fill ins(%zero : f32) outs(%filled : memref<1x3x3x3xf32>)
  %a = memref.alloc() : memref<1x3x3x3xf32>
  memref.copy %filled, %a : memref<1x3x3x3xf32> to memref<1x3x3x3xf32>
  linalg.conv_2d_nchw_fchw ins(%in, %f : memref<1x2x5x5xf32>, memref<3x2x3x3xf32>) outs(%a : memref<1x3x3x3xf32>)
  %b = memref.alloc() : memref<1x3x3x3xf32>
  memref.copy %filled, %b : memref<1x3x3x3xf32> to memref<1x3x3x3xf32>
  linalg.conv_2d_nchw_fchw ins(%in, %g : memref<1x2x5x5xf32>, memref<3x2x3x3xf32>) outs(%b : memref<1x3x3x3xf32>)
  return %a, %b : memref<1x3x3x3xf32>, memref<1x3x3x3xf32>
}

// Bufferization's form of tensor.pad in front of a convolution (a zero-filled buffer, the input
// copied into its interior): the convolution reads the input itself with padding [top, left]
// and the buffer, its fill and its copy are gone. A non-zero pad value keeps the copy.
// CHECK-LABEL: func.func @padded(
// CHECK-SAME:    %[[IN:[^:]*]]: memref<1x3x17x13xf32>, %[[F:[^:]*]]: memref<5x3x3x3xf32>
// CHECK-NOT:     memref.alloc() {{.*}} : memref<1x3x20x16xf32>
// CHECK-NOT:     linalg.map
// CHECK-NOT:     memref.copy
// CHECK:         "kokkos.convolution"(%[[IN]], %[[F]], %{{[^,]*}}, %{{[^)]*}})
// CHECK:         layout = "nchw_fchw", padding = array<i64: 1, 2>, strides = array<i64: 1, 1>
// CHECK-LABEL: func.func @padded_with_one(
// CHECK:         memref.copy
// CHECK:         layout = "nchw_fchw", padding = array<i64: 0, 0>
func.func @padded(%in: memref<1x3x17x13xf32>, %f: memref<5x3x3x3xf32>) -> memref<1x5x18x14xf32> {
  %zero = arith.constant 0.0 : f32
  %padded = memref.alloc() : memref<1x3x20x16xf32>
  linalg.map outs(%padded : memref<1x3x20x16xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %window = memref.subview %padded[0, 0, 1, 2] [1, 3, 17, 13] [1, 1, 1, 1] : memref<1x3x20x16xf32> to memref<1x3x17x13xf32, strided<[960, 320, 16, 1], offset: 18>>
  memref.copy %in, %window : memref<1x3x17x13xf32> to memref<1x3x17x13xf32, strided<[960, 320, 16, 1], offset: 18>>
  %out = memref.alloc() : memref<1x5x18x14xf32>
  linalg.fill ins(%zero : f32) outs(%out : memref<1x5x18x14xf32>)
  linalg.conv_2d_nchw_fchw ins(%padded, %f : memref<1x3x20x16xf32>, memref<5x3x3x3xf32>) outs(%out : memref<1x5x18x14xf32>)
  return %out : memref<1x5x18x14xf32>
}
func.func @padded_with_one(%in: memref<1x3x17x13xf32>, %f: memref<5x3x3x3xf32>) -> memref<1x5x18x14xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %padded = memref.alloc() : memref<1x3x20x16xf32>
  linalg.fill ins(%one : f32) outs(%padded : memref<1x3x20x16xf32>)
  %window = memref.subview %padded[0, 0, 1, 2] [1, 3, 17, 13] [1, 1, 1, 1] : memref<1x3x20x16xf32> to memref<1x3x17x13xf32, strided<[960, 320, 16, 1], offset: 18>>
  memref.copy %in, %window : memref<1x3x17x13xf32> to memref<1x3x17x13xf32, strided<[960, 320, 16, 1], offset: 18>>
  %out = memref.alloc() : memref<1x5x18x14xf32>
  linalg.fill ins(%zero : f32) outs(%out : memref<1x5x18x14xf32>)
  linalg.conv_2d_nchw_fchw ins(%padded, %f : memref<1x3x20x16xf32>, memref<5x3x3x3xf32>) outs(%out : memref<1x5x18x14xf32>)
  return %out : memref<1x5x18x14xf32>
}

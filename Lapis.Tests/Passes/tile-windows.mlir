// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-tile-windows))" | FileCheck %s

// A MobileNet block after bufferization: zero-padded input (alloc, fill, copy into a window),
// fill of the output, depthwise 3x3 stride 2, then bias + ReLU6 in place. One kokkos.sliding_window:
// the padded copy folded into padding = [1, 1], the fill its init, the consumer its epilogue
// ((acc, n, c, oh, ow) arguments), tiles [channels, rows, columns] per execution space.
// CHECK-LABEL: func.func @depthwise_relu6(
// CHECK-SAME:    %[[IN:.*]]: memref<1x8x15x15xf32>, %[[F:.*]]: memref<8x3x3xf32>, %[[B:.*]]: memref<8xf32>
// CHECK-NOT:     memref.copy
// CHECK-NOT:     linalg.fill
// CHECK:         %[[OUT:.*]] = memref.alloc() : memref<1x8x8x8xf32>
// CHECK:         "kokkos.sliding_window"(%[[IN]], %[[F]], %[[OUT]], %[[ZERO:.*]]) ({
// CHECK-NEXT:    ^bb0(%[[ACC:.*]]: f32, %{{.*}}: index, %[[C:.*]]: index, %{{.*}}: index, %{{.*}}: index):
// CHECK-NEXT:      %[[BIAS:.*]] = memref.load %[[B]][%[[C]]]
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[ACC]], %[[BIAS]]
// CHECK-NEXT:      %[[LO:.*]] = arith.maximumf %[[S]], %[[ZERO]]
// CHECK-NEXT:      %[[HI:.*]] = arith.minimumf %[[LO]], %{{.*}}
// CHECK-NEXT:      gpu.yield %[[HI]]
// CHECK-NEXT:    }) {device_tiles = array<i64: 4, 8, 32>, dilations = array<i64: 1, 1>, execution_space = "device", host_tiles = array<i64: 4, 8, 64>,
// CHECK-SAME:      kind = "depthwise", label = "depthwise_relu6:{{[0-9]+}}", layout = "nchw", padding = array<i64: 1, 1>, strides = array<i64: 2, 2>}
// CHECK-NOT:     linalg.
// CHECK:         return %[[OUT]]
func.func @depthwise_relu6(%in: memref<1x8x15x15xf32>, %f: memref<8x3x3xf32>, %b: memref<8xf32>) -> memref<1x8x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %padded = memref.alloc() : memref<1x8x17x17xf32>
  linalg.fill ins(%zero : f32) outs(%padded : memref<1x8x17x17xf32>)
  %window = memref.subview %padded[0, 0, 1, 1] [1, 8, 15, 15] [1, 1, 1, 1] : memref<1x8x17x17xf32> to memref<1x8x15x15xf32, strided<[2312, 289, 17, 1], offset: 18>>
  memref.copy %in, %window : memref<1x8x15x15xf32> to memref<1x8x15x15xf32, strided<[2312, 289, 17, 1], offset: 18>>
  %out = memref.alloc() : memref<1x8x8x8xf32>
  linalg.fill ins(%zero : f32) outs(%out : memref<1x8x8x8xf32>)
  linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%padded, %f : memref<1x8x17x17xf32>, memref<8x3x3xf32>) outs(%out : memref<1x8x8x8xf32>)
  linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%out, %b : memref<1x8x8x8xf32>, memref<8xf32>) outs(%out : memref<1x8x8x8xf32>) {
  ^bb0(%v: f32, %bias: f32, %o: f32):
    %s = arith.addf %v, %bias : f32
    %lo = arith.maximumf %s, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  }
  return %out : memref<1x8x8x8xf32>
}

// ResNet's max pool: the -inf padding folds (reads outside the input are -inf), the -inf fill is the init.
// CHECK-LABEL: func.func @max_pool(
// CHECK-SAME:    %[[IN:[^:]*]]: memref<1x64x112x112xf32>
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000
// CHECK-NOT:     memref.copy
// CHECK:         "kokkos.sliding_window"(%[[IN]], %{{[^,]*}}, %{{[^,]*}}, %[[NINF]]) ({
// CHECK-NEXT:    }) {{.*}}kind = "max"{{.*}}layout = "nchw", padding = array<i64: 1, 1>, strides = array<i64: 2, 2>}
func.func @max_pool(%in: memref<1x64x112x112xf32>, %out: memref<1x64x56x56xf32>) {
  %ninf = arith.constant 0xFF800000 : f32
  %padded = memref.alloc() : memref<1x64x114x114xf32>
  linalg.fill ins(%ninf : f32) outs(%padded : memref<1x64x114x114xf32>)
  %window = memref.subview %padded[0, 0, 1, 1] [1, 64, 112, 112] [1, 1, 1, 1] : memref<1x64x114x114xf32> to memref<1x64x112x112xf32, strided<[831744, 12996, 114, 1], offset: 115>>
  memref.copy %in, %window : memref<1x64x112x112xf32> to memref<1x64x112x112xf32, strided<[831744, 12996, 114, 1], offset: 115>>
  linalg.fill ins(%ninf : f32) outs(%out : memref<1x64x56x56xf32>)
  %shape = memref.alloc() : memref<3x3xf32>
  linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
    ins(%padded, %shape : memref<1x64x114x114xf32>, memref<3x3xf32>) outs(%out : memref<1x64x56x56xf32>)
  return
}

// An NHWC sum pool in f64 without a fill (out += window sums), dilation 2: no init operand, nhwc tiles
// (channels are the unit-stride dimension, 64 / 32 of them per team).
// CHECK-LABEL: func.func @sum_pool_nhwc(
// CHECK:         "kokkos.sliding_window"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}) ({
// CHECK-NEXT:    }) {device_tiles = array<i64: 32, 4, 8>, dilations = array<i64: 2, 2>{{.*}}host_tiles = array<i64: 64, 4, 8>, kind = "sum"{{.*}}layout = "nhwc", padding = array<i64: 0, 0>, strides = array<i64: 1, 1>}
func.func @sum_pool_nhwc(%in: memref<?x9x9x3xf64>, %w: memref<3x3xf64>, %out: memref<?x5x5x3xf64>) {
  linalg.pooling_nhwc_sum {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%in, %w : memref<?x9x9x3xf64>, memref<3x3xf64>) outs(%out : memref<?x5x5x3xf64>)
  return
}

// A max pool whose padding is 0 (not -inf) keeps its padded copy (the op reads it, padding [0, 0]);
// integer pools stay linalg (the loop path).
// CHECK-LABEL: func.func @not_folded(
// CHECK:         %[[PADDED:.*]] = memref.alloc() : memref<1x2x7x7xf32>
// CHECK:         memref.copy
// CHECK:         "kokkos.sliding_window"(%[[PADDED]], %{{[^,]*}}, %{{[^,]*}}) ({
// CHECK-NEXT:    }) {{.*}}padding = array<i64: 0, 0>
// CHECK:         linalg.pooling_nchw_max
// CHECK-SAME:    memref<1x2x7x7xi32>
func.func @not_folded(%in: memref<1x2x5x5xf32>, %out: memref<1x2x3x3xf32>, %iin: memref<1x2x7x7xi32>, %iout: memref<1x2x5x5xi32>) {
  %zero = arith.constant 0.0 : f32
  %padded = memref.alloc() : memref<1x2x7x7xf32>
  linalg.fill ins(%zero : f32) outs(%padded : memref<1x2x7x7xf32>)
  %window = memref.subview %padded[0, 0, 1, 1] [1, 2, 5, 5] [1, 1, 1, 1] : memref<1x2x7x7xf32> to memref<1x2x5x5xf32, strided<[98, 49, 7, 1], offset: 8>>
  memref.copy %in, %window : memref<1x2x5x5xf32> to memref<1x2x5x5xf32, strided<[98, 49, 7, 1], offset: 8>>
  %shape = memref.alloc() : memref<3x3xf32>
  linalg.pooling_nchw_max {strides = dense<2> : vector<2xi64>}
    ins(%padded, %shape : memref<1x2x7x7xf32>, memref<3x3xf32>) outs(%out : memref<1x2x3x3xf32>)
  %ishape = memref.alloc() : memref<3x3xi32>
  linalg.pooling_nchw_max ins(%iin, %ishape : memref<1x2x7x7xi32>, memref<3x3xi32>) outs(%iout : memref<1x2x5x5xi32>)
  return
}

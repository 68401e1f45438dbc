// Verifier errors of kokkos.convolution that IRDL catches: an unknown layout and a missing
// strides or padding attribute.
// RUN: not mlir-opt-22 --irdl-file=%irdl --split-input-file %s 2>&1 | FileCheck %s

func.func @unknown_layout(%in: memref<1x2x5x5xf32>, %f: memref<3x2x3x3xf32>, %out: memref<1x3x3x3xf32>) {
  // CHECK: {{.*}}invalid_convolution.mlir:[[@LINE+1]]:3: error: {{.*}}does not satisfy the constraint
  "kokkos.convolution"(%in, %f, %out) ({}) {execution_space = "device", label = "f:1", layout = "nchw_hwcf", strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, padding = array<i64: 0, 0>, host_tiles = array<i64: 96, 128, 256, 6, 16>, device_tiles = array<i64: 64, 64, 16, 4, 4>} : (memref<1x2x5x5xf32>, memref<3x2x3x3xf32>, memref<1x3x3x3xf32>) -> ()
  return
}

// -----

func.func @missing_strides(%in: memref<1x2x5x5xf32>, %f: memref<3x2x3x3xf32>, %out: memref<1x3x3x3xf32>) {
  // CHECK: {{.*}}invalid_convolution.mlir:[[@LINE+1]]:3: error: {{.*}}strides
  "kokkos.convolution"(%in, %f, %out) ({}) {execution_space = "device", label = "f:1", layout = "nchw_fchw",
      dilations = array<i64: 1, 1>, padding = array<i64: 0, 0>, host_tiles = array<i64: 96, 128, 256, 6, 16>, device_tiles = array<i64: 64, 64, 16, 4, 4>} : (memref<1x2x5x5xf32>, memref<3x2x3x3xf32>, memref<1x3x3x3xf32>) -> ()
  return
}

// -----

func.func @missing_padding(%in: memref<1x2x5x5xf32>, %f: memref<3x2x3x3xf32>, %out: memref<1x3x3x3xf32>) {
  // CHECK: {{.*}}invalid_convolution.mlir:[[@LINE+1]]:3: error: {{.*}}padding
  "kokkos.convolution"(%in, %f, %out) ({}) {execution_space = "device", label = "f:1", layout = "nchw_fchw", strides = array<i64: 1, 1>,
      dilations = array<i64: 1, 1>, host_tiles = array<i64: 96, 128, 256, 6, 16>, device_tiles = array<i64: 64, 64, 16, 4, 4>} : (memref<1x2x5x5xf32>, memref<3x2x3x3xf32>, memref<1x3x3x3xf32>) -> ()
  return
}

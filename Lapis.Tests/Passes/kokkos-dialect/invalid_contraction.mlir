// Verifier errors of kokkos.contraction that IRDL catches: operands of different memref types
// are fine, but an integer init, a non-boolean transpose flag, a missing tile table and a missing
// prologue region (the epilogue and both operand prologues are always present, empty when unused) are not.
// RUN: not mlir-opt-22 --irdl-file=%irdl --split-input-file %s 2>&1 | FileCheck %s

func.func @integer_init(%a: memref<4x3xi32>, %b: memref<3x2xi32>, %c: memref<4x2xi32>, %z: i32) {
  // CHECK: {{.*}}invalid_contraction.mlir:[[@LINE+1]]:3: error: 'i32' does not satisfy the constraint
  "kokkos.contraction"(%a, %b, %c, %z) ({}, {}, {}) {execution_space = "device", label = "f:1", transpose_lhs = false, transpose_rhs = false,
      host_tiles = array<i64: 96, 128, 256, 6, 16>, device_tiles = array<i64: 64, 64, 16, 4, 4>} : (memref<4x3xi32>, memref<3x2xi32>, memref<4x2xi32>, i32) -> ()
  return
}

// -----

func.func @transpose_flag_not_bool(%a: memref<4x3xf32>, %b: memref<3x2xf32>, %c: memref<4x2xf32>) {
  // CHECK: {{.*}}invalid_contraction.mlir:[[@LINE+1]]:3: error: {{.*}}does not satisfy the constraint
  "kokkos.contraction"(%a, %b, %c) ({}, {}, {}) {execution_space = "device", label = "f:1", transpose_lhs = 1 : i64, transpose_rhs = false,
      host_tiles = array<i64: 96, 128, 256, 6, 16>, device_tiles = array<i64: 64, 64, 16, 4, 4>} : (memref<4x3xf32>, memref<3x2xf32>, memref<4x2xf32>) -> ()
  return
}

// -----

func.func @missing_tiles(%a: memref<4x3xf32>, %b: memref<3x2xf32>, %c: memref<4x2xf32>) {
  // CHECK: {{.*}}invalid_contraction.mlir:[[@LINE+1]]:3: error: {{.*}}device_tiles
  "kokkos.contraction"(%a, %b, %c) ({}, {}, {}) {execution_space = "device", label = "f:1", transpose_lhs = false, transpose_rhs = false,
      host_tiles = array<i64: 96, 128, 256, 6, 16>} : (memref<4x3xf32>, memref<3x2xf32>, memref<4x2xf32>) -> ()
  return
}

// -----

func.func @prologue_regions_missing(%a: memref<4x3xf32>, %b: memref<3x2xf32>, %c: memref<4x2xf32>) {
  // CHECK: {{.*}}invalid_contraction.mlir:[[@LINE+1]]:3: error: 'kokkos.contraction' op unexpected number of regions: expected 3 but got 1
  "kokkos.contraction"(%a, %b, %c) ({}) {execution_space = "device", label = "f:1", transpose_lhs = false, transpose_rhs = false,
      host_tiles = array<i64: 96, 128, 256, 6, 16>, device_tiles = array<i64: 64, 64, 16, 4, 4>} : (memref<4x3xf32>, memref<3x2xf32>, memref<4x2xf32>) -> ()
  return
}

// Verifier errors of kokkos.sync, kokkos.modify and kokkos.alloc_scratch that
// IRDL catches.
// RUN: not mlir-opt-22 --irdl-file=%irdl --split-input-file %s 2>&1 | FileCheck %s

func.func @sync_tensor(%t: tensor<4xf32>) {
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+2]]:3: error: 'tensor<4xf32>' does not satisfy the constraint
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+1]]:3: note: see current operation: "kokkos.sync"(%arg0) {space = "host"} : (tensor<4xf32>) -> ()
  "kokkos.sync"(%t) {space = "host"} : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @sync_bad_space(%m: memref<?xf32>) {
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+2]]:3: error: '"gpu"' does not satisfy the constraint
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+1]]:3: note: see current operation: "kokkos.sync"(%arg0) {space = "gpu"} : (memref<?xf32>) -> ()
  "kokkos.sync"(%m) {space = "gpu"} : (memref<?xf32>) -> ()
  return
}

// -----

func.func @modify_missing_space(%m: memref<?xf32>) {
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+2]]:3: error: 'kokkos.modify' op attribute "space" is expected but not provided
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+1]]:3: note: see current operation: "kokkos.modify"(%arg0) : (memref<?xf32>) -> ()
  "kokkos.modify"(%m) : (memref<?xf32>) -> ()
  return
}

// -----

func.func @modify_two_operands(%m: memref<?xf32>) {
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+2]]:3: error: op expects exactly 1 operands, but got 2
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+1]]:3: note: see current operation: "kokkos.modify"(%arg0, %arg0) {space = "device"} : (memref<?xf32>, memref<?xf32>) -> ()
  "kokkos.modify"(%m, %m) {space = "device"} : (memref<?xf32>, memref<?xf32>) -> ()
  return
}

// -----

func.func @scratch_level_2() {
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+2]]:8: error: '2 : i64' does not satisfy the constraint
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+1]]:8: note: see current operation: %0 = "kokkos.alloc_scratch"() {level = 2 : i64, offset = 0 : i64} : () -> memref<8xf32>
  %s = "kokkos.alloc_scratch"() {level = 2 : i64, offset = 0 : i64} : () -> memref<8xf32>
  return
}

// -----

func.func @scratch_level_i32() {
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+2]]:8: error: '0 : i32' does not satisfy the constraint
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+1]]:8: note: see current operation: %0 = "kokkos.alloc_scratch"() {level = 0 : i32, offset = 0 : i64} : () -> memref<8xf32>
  %s = "kokkos.alloc_scratch"() {level = 0 : i32, offset = 0 : i64} : () -> memref<8xf32>
  return
}

// -----

func.func @scratch_offset_not_integer() {
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+2]]:8: error: expected base attribute 'builtin.integer' but got 'builtin.string'
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+1]]:8: note: see current operation: %0 = "kokkos.alloc_scratch"() {level = 1 : i64, offset = "0"} : () -> memref<8xf32>
  %s = "kokkos.alloc_scratch"() {level = 1 : i64, offset = "0"} : () -> memref<8xf32>
  return
}

// -----

func.func @scratch_tensor_result() {
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+2]]:8: error: expected base type 'builtin.memref' but got 'builtin.tensor'
  // CHECK: {{.*}}invalid_memory_ops.mlir:[[@LINE+1]]:8: note: see current operation: %0 = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 0 : i64} : () -> tensor<8xf32>
  %s = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 0 : i64} : () -> tensor<8xf32>
  return
}

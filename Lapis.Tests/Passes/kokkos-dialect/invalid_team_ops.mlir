// Verifier errors of the hierarchical ops (team_parallel, thread_parallel,
// vector_parallel, single, team_barrier) that IRDL catches.
// RUN: not mlir-opt-22 --irdl-file=%irdl --split-input-file %s 2>&1 | FileCheck %s

func.func @team_missing_vector_length(%n: index) {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+3]]:3: error: op expects exactly 3 operands, but got 2
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.team_parallel"(%arg0, %arg0) ({
  "kokkos.team_parallel"(%n, %n) ({
  ^bb0(%r: index, %s: index):
    "gpu.yield"() : () -> ()
  }) {label = "t"} : (index, index) -> ()
  return
}

// -----

func.func @team_block_arg_type(%n: index) {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+5]]:19: error: expected 'index' but got 'i32'
  // CHECK-NEXT: ^bb0(%r: index, %s: i32):
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:3: note: see the operation
  // CHECK-NEXT: "kokkos.team_parallel"(%n, %n, %n) ({
  "kokkos.team_parallel"(%n, %n, %n) ({
  ^bb0(%r: index, %s: i32):
    "gpu.yield"() : () -> ()
  }) {label = "t"} : (index, index, index) -> ()
  return
}

// -----

func.func @team_block_arg_count(%n: index) {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+4]]:8: error: expected region 0 to have 2 arguments but got 1
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:3: note: see the operation
  // CHECK-NEXT: "kokkos.team_parallel"(%n, %n, %n) ({
  "kokkos.team_parallel"(%n, %n, %n) ({
  ^bb0(%r: index):
    "gpu.yield"() : () -> ()
  }) {label = "t"} : (index, index, index) -> ()
  return
}

// -----

func.func @team_missing_label(%n: index) {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+1]]:3: error: 'kokkos.team_parallel' op attribute "label" is expected but not provided
  "kokkos.team_parallel"(%n, %n, %n) ({
  ^bb0(%r: index, %s: index):
    "gpu.yield"() : () -> ()
  }) : (index, index, index) -> ()
  return
}

// -----

func.func @thread_two_regions(%n: index) {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+1]]:3: error: 'kokkos.thread_parallel' op unexpected number of regions: expected 1 but got 2
  "kokkos.thread_parallel"(%n) ({
  ^bb0(%i: index):
    "gpu.yield"() : () -> ()
  }, {
  ^bb0(%i: index):
    "gpu.yield"() : () -> ()
  }) : (index) -> ()
  return
}

// -----

func.func @thread_count_not_index(%n: i64) {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+3]]:3: error: expected 'index' but got 'i64'
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.thread_parallel"(%arg0) ({
  "kokkos.thread_parallel"(%n) ({
  ^bb0(%i: index):
    "gpu.yield"() : () -> ()
  }) : (i64) -> ()
  return
}

// -----

func.func @vector_block_arg_type(%n: index) {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+5]]:8: error: expected 'index' but got 'i32'
  // CHECK-NEXT: ^bb0(%k: i32):
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:3: note: see the operation
  // CHECK-NEXT: "kokkos.vector_parallel"(%n) ({
  "kokkos.vector_parallel"(%n) ({
  ^bb0(%k: i32):
    "gpu.yield"() : () -> ()
  }) : (index) -> ()
  return
}

// -----

func.func @vector_heterogeneous_results(%n: index) -> (f32, i64) {
  // IRDL limitation: a `variadic %any` result list binds one type for all of
  // its entries, so mixed-type reductions are rejected (see README).
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+3]]:10: error: expected 'f32' but got 'i64'
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:10: note: see current operation:
  // CHECK-NEXT: %0:2 = "kokkos.vector_parallel"(%arg0) ({
  %r:2 = "kokkos.vector_parallel"(%n) ({
  ^bb0(%k: index):
    "gpu.yield"() : () -> ()
  }) : (index) -> (f32, i64)
  return %r#0, %r#1 : f32, i64
}

// -----

func.func @single_bad_level() {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+3]]:3: error: '"per_vector"' does not satisfy the constraint
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.single"() ({
  "kokkos.single"() ({
    "gpu.yield"() : () -> ()
  }) {level = "per_vector"} : () -> ()
  return
}

// -----

func.func @single_with_block_arg() {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+4]]:8: error: expected region 0 to have 0 arguments but got 1
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:3: note: see the operation
  // CHECK-NEXT: "kokkos.single"() ({
  "kokkos.single"() ({
  ^bb0(%x: index):
    "gpu.yield"() : () -> ()
  }) {level = "per_team"} : () -> ()
  return
}

// -----

func.func @barrier_with_operand(%n: index) {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+2]]:3: error: op expects exactly 0 operands, but got 1
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+1]]:3: note: see current operation: "kokkos.team_barrier"(%arg0) : (index) -> ()
  "kokkos.team_barrier"(%n) : (index) -> ()
  return
}

// -----

func.func @barrier_with_region() {
  // CHECK: {{.*}}invalid_team_ops.mlir:[[@LINE+1]]:3: error: 'kokkos.team_barrier' op unexpected number of regions: expected 0 but got 1
  "kokkos.team_barrier"() ({
    "gpu.yield"() : () -> ()
  }) : () -> ()
  return
}

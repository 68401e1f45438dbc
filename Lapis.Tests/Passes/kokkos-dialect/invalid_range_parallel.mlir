// Verifier errors of kokkos.range_parallel that IRDL catches.
// RUN: not mlir-opt-22 --irdl-file=%irdl --split-input-file %s 2>&1 | FileCheck %s

func.func @bound_not_index(%n: i32) {
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+3]]:3: error: expected 'index' but got 'i32'
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.range_parallel"(%arg0) ({
  "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    "gpu.yield"() : () -> ()
  }) {execution_space = "device", label = "k"} : (i32) -> ()
  return
}

// -----

func.func @bad_execution_space(%n: index) {
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+3]]:3: error: '"cuda"' does not satisfy the constraint
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.range_parallel"(%arg0) ({
  "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    "gpu.yield"() : () -> ()
  }) {execution_space = "cuda", label = "k"} : (index) -> ()
  return
}

// -----

func.func @missing_label(%n: index) {
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+1]]:3: error: 'kokkos.range_parallel' op attribute "label" is expected but not provided
  "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    "gpu.yield"() : () -> ()
  }) {execution_space = "host"} : (index) -> ()
  return
}

// -----

func.func @missing_execution_space(%n: index) {
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+1]]:3: error: 'kokkos.range_parallel' op attribute "execution_space" is expected but not provided
  "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    "gpu.yield"() : () -> ()
  }) {label = "k"} : (index) -> ()
  return
}

// -----

func.func @label_not_string(%n: index) {
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+3]]:3: error: expected base attribute 'builtin.string' but got 'builtin.integer'
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.range_parallel"(%arg0) ({
  "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    "gpu.yield"() : () -> ()
  }) {execution_space = "host", label = 7 : i64} : (index) -> ()
  return
}

// -----

func.func @no_region(%n: index) {
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+1]]:3: error: 'kokkos.range_parallel' op unexpected number of regions: expected 1 but got 0
  "kokkos.range_parallel"(%n) {execution_space = "host", label = "k"} : (index) -> ()
  return
}

// -----

func.func @two_blocks(%n: index) {
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+2]]:3: error: expected region 0 to have 1 block(s) but got 2
  // CHECK-NEXT: "kokkos.range_parallel"(%n) ({
  "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    cf.br ^bb1
  ^bb1:
    "gpu.yield"() : () -> ()
  }) {execution_space = "host", label = "k"} : (index) -> ()
  return
}

// -----

func.func @no_bound() {
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+3]]:3: error: op expects at least 1 operands, but got 0
  // CHECK: {{.*}}invalid_range_parallel.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.range_parallel"() ({
  "kokkos.range_parallel"() ({
  ^bb0:
    "gpu.yield"() : () -> ()
  }) {execution_space = "host", label = "k"} : () -> ()
  return
}

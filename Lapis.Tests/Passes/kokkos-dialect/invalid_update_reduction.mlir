// Verifier errors of kokkos.update_reduction that IRDL catches: value,
// identity and both join arguments share one type; `kind` is one of ten words.
// RUN: not mlir-opt-22 --irdl-file=%irdl --split-input-file %s 2>&1 | FileCheck %s

func.func @identity_type_mismatch(%v: f32, %id: f64) {
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+3]]:3: error: expected 'f32' but got 'f64'
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.update_reduction"(%arg0, %arg1) ({
  "kokkos.update_reduction"(%v, %id) ({
  ^bb0(%a: f32, %b: f32):
    "gpu.yield"(%a) : (f32) -> ()
  }) {kind = "sum"} : (f32, f64) -> ()
  return
}

// -----

func.func @join_arg_type_mismatch(%v: f32) {
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+5]]:17: error: expected 'f32' but got 'f64'
  // CHECK-NEXT: ^bb0(%a: f32, %b: f64):
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+2]]:3: note: see the operation
  // CHECK-NEXT: "kokkos.update_reduction"(%v, %v) ({
  "kokkos.update_reduction"(%v, %v) ({
  ^bb0(%a: f32, %b: f64):
    "gpu.yield"(%a) : (f32) -> ()
  }) {kind = "sum"} : (f32, f32) -> ()
  return
}

// -----

func.func @join_one_arg(%v: i64) {
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+4]]:8: error: expected region 0 to have 2 arguments but got 1
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+2]]:3: note: see the operation
  // CHECK-NEXT: "kokkos.update_reduction"(%v, %v) ({
  "kokkos.update_reduction"(%v, %v) ({
  ^bb0(%a: i64):
    "gpu.yield"(%a) : (i64) -> ()
  }) {kind = "custom"} : (i64, i64) -> ()
  return
}

// -----

func.func @unknown_kind(%v: f32) {
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+3]]:3: error: '"avg"' does not satisfy the constraint
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.update_reduction"(%arg0, %arg0) ({
  "kokkos.update_reduction"(%v, %v) ({
  ^bb0(%a: f32, %b: f32):
    "gpu.yield"(%a) : (f32) -> ()
  }) {kind = "avg"} : (f32, f32) -> ()
  return
}

// -----

func.func @missing_kind(%v: f32) {
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+1]]:3: error: 'kokkos.update_reduction' op attribute "kind" is expected but not provided
  "kokkos.update_reduction"(%v, %v) ({
  ^bb0(%a: f32, %b: f32):
    "gpu.yield"(%a) : (f32) -> ()
  }) : (f32, f32) -> ()
  return
}

// -----

func.func @missing_identity(%v: f32) {
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+3]]:3: error: op expects exactly 2 operands, but got 1
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+2]]:3: note: see current operation:
  // CHECK-NEXT: "kokkos.update_reduction"(%arg0) ({
  "kokkos.update_reduction"(%v) ({
  ^bb0(%a: f32, %b: f32):
    "gpu.yield"(%a) : (f32) -> ()
  }) {kind = "sum"} : (f32) -> ()
  return
}

// -----

func.func @has_result(%v: f32) -> f32 {
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+3]]:8: error: op expects exactly 0 results, but got 1
  // CHECK: {{.*}}invalid_update_reduction.mlir:[[@LINE+2]]:8: note: see current operation:
  // CHECK-NEXT: %0 = "kokkos.update_reduction"(%arg0, %arg0) ({
  %r = "kokkos.update_reduction"(%v, %v) ({
  ^bb0(%a: f32, %b: f32):
    "gpu.yield"(%a) : (f32) -> ()
  }) {kind = "sum"} : (f32, f32) -> f32
  return %r : f32
}

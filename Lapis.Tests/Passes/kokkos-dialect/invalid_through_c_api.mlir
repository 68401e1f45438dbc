// A verifier error in a kokkos op, reported by `lapis opt` with its location.
// RUN: not lapis opt %s 2>&1 | FileCheck %s
// CHECK: invalid_through_c_api.mlir:[[@LINE+3]]:3: error: '"gpu"' does not satisfy the constraint
// CHECK: invalid_through_c_api.mlir:[[@LINE+2]]:3: note: see current operation: "kokkos.sync"(%arg0) {space = "gpu"}
func.func @f(%m: memref<4xf32>) {
  "kokkos.sync"(%m) {space = "gpu"} : (memref<4xf32>) -> ()
  return
}

// The kokkos dialect as `lapis opt` loads it (IRDL through mlirLoadIRDLDialects): a valid op
// prints in generic form; a bad one is a located verifier error and a non-zero exit.
// RUN: lapis opt %s --pass-pipeline="builtin.module(canonicalize)" | FileCheck %s --check-prefix=OK
// RUN: not lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-test-nothing))" 2>&1 | FileCheck %s --check-prefix=BADPASS
// OK: "kokkos.sync"(%{{.*}}) {space = "device"} : (memref<4xf32>) -> ()
// OK: "kokkos.modify"(%{{.*}}) {space = "host"} : (memref<4xf32>) -> ()
// BADPASS: <pass-pipeline>:1:16: error: {{.*}}'lapis-test-nothing' does not refer to a registered pass
func.func @f(%m: memref<4xf32>) {
  "kokkos.sync"(%m) {space = "device"} : (memref<4xf32>) -> ()
  "kokkos.modify"(%m) {space = "host"} : (memref<4xf32>) -> ()
  return
}

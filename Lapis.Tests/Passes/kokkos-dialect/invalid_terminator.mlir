// Region terminators. IRDL ops carry no traits, so no kokkos op can be a
// terminator: `kokkos.yield` does not exist and kokkos regions end with the
// upstream `gpu.yield` (see README). These cases pin that decision.
// RUN: not mlir-opt-22 --irdl-file=%irdl --split-input-file %s 2>&1 | FileCheck %s

func.func @kokkos_yield_is_not_an_op(%n: index) {
  "kokkos.vector_parallel"(%n) ({
  ^bb0(%k: index):
    // CHECK: {{.*}}invalid_terminator.mlir:[[@LINE+2]]:5: error: unregistered operation 'kokkos.yield' found in dialect ('kokkos') that does not allow unknown operations
    // CHECK: {{.*}}invalid_terminator.mlir:[[@LINE+1]]:5: note: see current operation: "kokkos.yield"() : () -> ()
    "kokkos.yield"() : () -> ()
  }) : (index) -> ()
  return
}

// -----

func.func @body_without_terminator(%m: memref<?xf32>, %n: index, %v: f32) {
  "kokkos.thread_parallel"(%n) ({
  ^bb0(%j: index):
    // CHECK: {{.*}}invalid_terminator.mlir:[[@LINE+2]]:5: error: block with no terminator, has "memref.store"(%arg2, %arg0, %arg3) : (f32, memref<?xf32>, index) -> ()
    // CHECK: {{.*}}invalid_terminator.mlir:[[@LINE+1]]:5: note: see current operation: "memref.store"(%arg2, %arg0, %arg3) : (f32, memref<?xf32>, index) -> ()
    memref.store %v, %m[%j] : memref<?xf32>
  }) : (index) -> ()
  return
}

// -----

func.func @scf_yield_rejected(%n: index) {
  "kokkos.thread_parallel"(%n) ({
  ^bb0(%j: index):
    // CHECK: {{.*}}invalid_terminator.mlir:[[@LINE+2]]:5: error: 'scf.yield' op expects parent op to be one of 'scf.execute_region, scf.for, scf.if, scf.index_switch, scf.while'
    // CHECK: {{.*}}invalid_terminator.mlir:[[@LINE+1]]:5: note: see current operation: "scf.yield"() : () -> ()
    scf.yield
  }) : (index) -> ()
  return
}

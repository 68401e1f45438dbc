// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,canonicalize,cse,lapis-team-level-variants,lapis-kokkos-loop-mapping,lapis-assign-memory-spaces)" | FileCheck %s
// RUN: lapis translate %s -o - --team-level 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN
// RUN: lapis translate %s -o - | FileCheck %s --check-prefix=NOTEAM

// lapis-team-level-variants: next to each public function with static shapes, @f_team runs on
// the threads of one team of the caller's TeamPolicy. The device-level functions are unchanged.
// NOTEAM-NOT: _team
// WARN-DAG: warning: no team-level variant of 'dynamic': team-level-variants.mlir:{{[0-9]+}}:1: argument 0 has type 'memref<?xf32>' (static shapes with the identity layout only)
// WARN-DAG: warning: no team-level variant of 'calls': team-level-variants.mlir:{{[0-9]+}}:3: 'func.call' (calls are not supported in team-level code)

// The device-level function is still mapped onto range kernels; the variant follows it.
// Intermediates are carved out of scratch, the result becomes a trailing output argument,
// each loop runs on TeamThreadRange, and a barrier separates the loop that reads the
// intermediate from the one that wrote it, plus one at the end for the caller.
// CHECK-LABEL: func.func @mlp(
// CHECK:         "kokkos.range_parallel"
// CHECK-LABEL: func.func @mlp_team(
// CHECK-SAME:      %[[X:.*]]: memref<8xf32>, %[[W:.*]]: memref<8x4xf32>, %[[Y:.*]]: memref<4xf32>)
// CHECK-SAME:      lapis.team_level = "mlp", lapis.team_outputs = 1 : i64, lapis.team_scratch_bytes = 32 : i64
// CHECK-NOT:     memref.alloc
// CHECK:         %[[H:.*]] = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 0 : i64} : () -> memref<8xf32>
// CHECK:         "kokkos.thread_parallel"(%{{.*}}) ({
// CHECK:           memref.store %{{.*}}, %[[H]]
// CHECK:         }) : (index) -> ()
// CHECK-NEXT:    "kokkos.team_barrier"() : () -> ()
// CHECK-NEXT:    "kokkos.thread_parallel"(%{{.*}}) ({
// CHECK:           memref.load %[[H]]
// CHECK:           memref.store %{{.*}}, %[[Y]]
// CHECK:         }) : (index) -> ()
// CHECK-NEXT:    "kokkos.team_barrier"() : () -> ()
// CHECK-NEXT:    return{{$}}

func.func @mlp(%x: memref<8xf32>, %w: memref<8x4xf32>) -> memref<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %h = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i] : memref<8xf32>
    %r = arith.maximumf %v, %zero : f32
    memref.store %r, %h[%i] : memref<8xf32>
    scf.reduce
  }
  %y = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
  scf.parallel (%j) = (%c0) to (%c4) step (%c1) {
    %s = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> (f32) {
      %a = memref.load %h[%k] : memref<8xf32>
      %b = memref.load %w[%k, %j] : memref<8x4xf32>
      %p = arith.mulf %a, %b : f32
      %q = arith.addf %acc, %p : f32
      scf.yield %q : f32
    }
    memref.store %s, %y[%j] : memref<4xf32>
    scf.reduce
  }
  return %y : memref<4xf32>
}

// A full reduction over a 2-D loop: one TeamThreadRange over 16*8 indices with the original
// indices recovered by remui/divui, parallel_reduce; the host-level stores run once per team
// (kokkos.single), with barriers for the read after the first store and before the last one.
// CHECK-LABEL: func.func @total_team(
// CHECK-SAME:      %[[A:.*]]: memref<16x8xf64>, %[[OUT:.*]]: memref<f64>)
// CHECK-SAME:      lapis.team_scratch_bytes = 0 : i64
// CHECK:         "kokkos.single"() ({
// CHECK-NEXT:      memref.store %{{.*}}, %[[OUT]][] : memref<f64>
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {level = "per_team"} : () -> ()
// CHECK-NEXT:    "kokkos.team_barrier"() : () -> ()
// CHECK-NEXT:    %[[INIT:.*]] = memref.load %[[OUT]][] : memref<f64>
// CHECK-NEXT:    %[[N:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK:         %[[SUM:.*]] = "kokkos.thread_parallel"(%[[N]]) ({
// CHECK-NEXT:    ^bb0(%[[K:.*]]: index):
// CHECK-NEXT:      %[[J:.*]] = arith.remui %[[K]], %{{.*}} : index
// CHECK-NEXT:      %[[I:.*]] = arith.divui %[[K]], %{{.*}} : index
// CHECK-NEXT:      memref.load %[[A]][%[[I]], %[[J]]]
// CHECK:           "kokkos.update_reduction"
// CHECK:         }) : (index) -> f64
// CHECK-NEXT:    %[[TOTAL:.*]] = arith.addf %[[INIT]], %[[SUM]] : f64
// CHECK-NEXT:    "kokkos.team_barrier"() : () -> ()
// CHECK-NEXT:    "kokkos.single"() ({
// CHECK-NEXT:      memref.store %[[TOTAL]], %[[OUT]][] : memref<f64>
// CHECK:         "kokkos.team_barrier"() : () -> ()
// CHECK-NEXT:    return
func.func @total(%x: memref<16x8xf64>) -> memref<f64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f64
  %out = memref.alloc() : memref<f64>
  memref.store %zero, %out[] : memref<f64>
  %init = memref.load %out[] : memref<f64>
  %sum = scf.parallel (%i, %j) = (%c0, %c0) to (%c16, %c8) step (%c1, %c1) init (%init) -> f64 {
    %v = memref.load %x[%i, %j] : memref<16x8xf64>
    scf.reduce(%v : f64) {
    ^bb0(%a: f64, %b: f64):
      %s = arith.addf %a, %b : f64
      scf.reduce.return %s : f64
    }
  }
  memref.store %sum, %out[] : memref<f64>
  return %out : memref<f64>
}

// A parallel loop nested in a top-level one becomes ThreadVectorRange; no result, no scratch.
// CHECK-LABEL: func.func @rows_team(
// CHECK-SAME:      lapis.team_outputs = 0 : i64
// CHECK:         "kokkos.thread_parallel"(%{{.*}}) ({
// CHECK-NEXT:    ^bb0(%{{.*}}: index):
// CHECK-NEXT:      memref.load
// CHECK-NEXT:      "kokkos.vector_parallel"(%{{.*}}) ({
// CHECK:         "kokkos.team_barrier"() : () -> ()
// CHECK-NEXT:    return
func.func @rows(%x: memref<4x32xf32>, %scale: memref<4xf32>, %y: memref<4x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %s = memref.load %scale[%i] : memref<4xf32>
    scf.parallel (%j) = (%c0) to (%c32) step (%c1) {
      %v = memref.load %x[%i, %j] : memref<4x32xf32>
      %d = arith.mulf %v, %s : f32
      memref.store %d, %y[%i, %j] : memref<4x32xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// Dynamic shapes and calls: no variant, and the reason (shown by lapis translate as a warning).
// CHECK-LABEL: func.func @dynamic(
// CHECK-SAME:      lapis.team_level_note = "team-level-variants.mlir:{{[0-9]+}}:1: argument 0 has type 'memref<?xf32>'
// CHECK-LABEL: func.func @calls(
// CHECK-SAME:      lapis.team_level_note = "team-level-variants.mlir:{{[0-9]+}}:3: 'func.call' (calls are not supported in team-level code)"
// CHECK-NOT:     _team
func.func @dynamic(%x: memref<?xf32>) {
  return
}

func.func private @helper(memref<4xf32>)

func.func @calls(%x: memref<4xf32>) {
  func.call @helper(%x) : (memref<4xf32>) -> ()
  return
}

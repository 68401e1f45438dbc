// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,lapis-kokkos-loop-mapping)" | FileCheck %s
// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,lapis-kokkos-loop-mapping{execution-space=host})" | FileCheck %s --check-prefix=HOST
// RUN: not lapis opt %s --pass-pipeline="builtin.module(lapis-kokkos-loop-mapping{execution-space=gpu})" 2>&1 | FileCheck %s --check-prefix=BADOPT
// BADOPT: error: pass 'lapis-kokkos-loop-mapping' accepts execution-space=device|host

// A 2-D elementwise loop becomes one MDRange kernel labelled function:line.
// CHECK-LABEL: func.func @scale(
// CHECK:         "kokkos.range_parallel"(%{{.*}}, %{{.*}}) ({
// CHECK-NEXT:    ^bb0(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK:           memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]]
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "scale:[[@LINE+7]]"} : (index, index) -> ()
// CHECK-NOT:     scf.parallel
// HOST-LABEL: func.func @scale(
// HOST:         execution_space = "host"
func.func @scale(%A: memref<?x?xf32>, %n: index, %m: index, %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) {
    %a = memref.load %A[%i, %j] : memref<?x?xf32>
    %b = arith.mulf %a, %s : f32
    memref.store %b, %A[%i, %j] : memref<?x?xf32>
    scf.reduce
  }
  return
}

// Two reductions in one loop: the kernel reduces from the identities (0 and -inf) and MLIR's
// init values (%init_sum, %init_max) are joined once after the kernel.
// CHECK-LABEL: func.func @sum_and_max(
// CHECK-SAME:    %[[X:.*]]: memref<?xf64>, %[[N:.*]]: index, %[[INIT_SUM:.*]]: f64, %[[INIT_MAX:.*]]: f64)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-DAG:     %[[NEG_INF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK:         %[[R:.*]]:2 = "kokkos.range_parallel"(%[[N]]) ({
// CHECK:           %[[V:.*]] = memref.load %[[X]]
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ZERO]]) ({
// CHECK-NEXT:      ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64):
// CHECK-NEXT:        %[[S:.*]] = arith.addf %[[A]], %[[B]] : f64
// CHECK-NEXT:        gpu.yield %[[S]] : f64
// CHECK-NEXT:      }) {kind = "sum"} : (f64, f64) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[NEG_INF]]) ({
// CHECK:             arith.maximumf
// CHECK:           }) {kind = "max"} : (f64, f64) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK:         }) {execution_space = "device", label = "sum_and_max:{{[0-9]+}}"} : (index) -> (f64, f64)
// CHECK:         %[[SUM:.*]] = arith.addf %[[INIT_SUM]], %[[R]]#0 : f64
// CHECK:         %[[MAX:.*]] = arith.maximumf %[[INIT_MAX]], %[[R]]#1 : f64
// CHECK:         return %[[SUM]], %[[MAX]]
func.func @sum_and_max(%x: memref<?xf64>, %n: index, %init_sum: f64, %init_max: f64) -> (f64, f64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:2 = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init_sum, %init_max) -> (f64, f64) {
    %v = memref.load %x[%i] : memref<?xf64>
    scf.reduce(%v, %v : f64, f64) {
    ^bb0(%a: f64, %b: f64):
      %s = arith.addf %a, %b : f64
      scf.reduce.return %s : f64
    }, {
    ^bb0(%a: f64, %b: f64):
      %m = arith.maximumf %a, %b : f64
      scf.reduce.return %m : f64
    }
  }
  return %r#0, %r#1 : f64, f64
}

// A loop that allocates stays a (serial) scf.parallel: allocation inside a kernel is not allowed.
// CHECK-LABEL: func.func @allocates(
// CHECK-NOT:     kokkos.range_parallel
// CHECK:         scf.parallel
func.func @allocates(%A: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %t = memref.alloc() : memref<4xf32>
    %v = memref.load %t[%c0] : memref<4xf32>
    memref.store %v, %A[%i] : memref<?xf32>
    memref.dealloc %t : memref<4xf32>
    scf.reduce
  }
  return
}

// A reduction that is not a single associative-commutative op stays serial.
// CHECK-LABEL: func.func @custom_reduction(
// CHECK-NOT:     kokkos.range_parallel
// CHECK:         scf.parallel
func.func @custom_reduction(%x: memref<?xf32>, %n: index, %init: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init) -> f32 {
    %v = memref.load %x[%i] : memref<?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.subf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}

// A 1-D parallel loop holding a 1-D parallel loop: one team per row, TeamThreadRange over the
// columns; the row's store runs once per team (single) after a barrier.
// CHECK-LABEL: func.func @rows_and_columns(
// CHECK:         "kokkos.team_parallel"(%{{.*}}, %[[Z:.*]], %[[Z]]) ({
// CHECK-NEXT:    ^bb0(%[[ROW:.*]]: index, %{{.*}}: index):
// CHECK:           %[[S:.*]] = "kokkos.thread_parallel"(%{{.*}}) ({
// CHECK-NEXT:      ^bb0(%[[COL:.*]]: index):
// CHECK:             memref.load %{{.*}}[%[[ROW]], %[[COL]]]
// CHECK:             "kokkos.update_reduction"
// CHECK:           }) : (index) -> f32
// CHECK-NEXT:      "kokkos.team_barrier"() : () -> ()
// CHECK:           "kokkos.single"() ({
// CHECK-NEXT:        memref.store %{{.*}}, %{{.*}}[%[[ROW]]]
// CHECK-NEXT:        gpu.yield
// CHECK-NEXT:      }) {level = "per_team"} : () -> ()
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "rows_and_columns:{{[0-9]+}}"} : (index, index, index) -> ()
func.func @rows_and_columns(%A: memref<?x?xf32>, %sums: memref<?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %s = scf.parallel (%j) = (%c0) to (%m) step (%c1) init (%zero) -> f32 {
      %v = memref.load %A[%i, %j] : memref<?x?xf32>
      scf.reduce(%v : f32) {
      ^bb0(%a: f32, %b: f32):
        %t = arith.addf %a, %b : f32
        scf.reduce.return %t : f32
      }
    }
    memref.store %s, %sums[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// A 2-D outer loop with an inner parallel loop: one MDRange kernel, the inner loop serial inside.
// CHECK-LABEL: func.func @nested(
// CHECK:         "kokkos.range_parallel"
// CHECK:           scf.parallel
// CHECK:             memref.store
// CHECK:         execution_space = "device"
func.func @nested(%A: memref<?x?x?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i, %k) = (%c0, %c0) to (%n, %n) step (%c1, %c1) {
    scf.parallel (%j) = (%c0) to (%m) step (%c1) {
      memref.store %one, %A[%i, %j, %k] : memref<?x?x?xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

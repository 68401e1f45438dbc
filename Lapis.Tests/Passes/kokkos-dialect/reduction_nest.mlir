// A realistic flat kernel: one range_parallel with two reductions (sum and max)
// and the two matching kokkos.update_reduction ops, inside a func.func that
// reads and writes memrefs. The i-th update_reduction feeds the i-th result.
// RUN: mlir-opt-22 --irdl-file=%irdl %s | FileCheck %s
// RUN: lapis opt %s | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s | mlir-opt-22 --irdl-file=%irdl | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s -o %t.printed && mlir-opt-22 --irdl-file=%irdl %t.printed -o %t.reprinted
// RUN: grep -q "kokkos\." %t.printed && diff %t.printed %t.reprinted

// CHECK-LABEL: func.func @axpy_dot_max(
// CHECK-SAME:    %[[X:[^:]*]]: memref<?xf64>, %[[Y:[^:]*]]: memref<?xf64>, %[[ALPHA:[^:]*]]: f64, %[[N:[^:]*]]: index) -> (f64, f64)
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:    %[[NEG_INF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK-NEXT:    %[[R:.*]]:2 = "kokkos.range_parallel"(%[[N]]) ({
// CHECK-NEXT:    ^bb0(%[[I:.*]]: index):
// CHECK-NEXT:      %[[XI:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf64>
// CHECK-NEXT:      %[[YI:.*]] = memref.load %[[Y]][%[[I]]] : memref<?xf64>
// CHECK-NEXT:      %[[AX:.*]] = arith.mulf %[[ALPHA]], %[[XI]] : f64
// CHECK-NEXT:      %[[NEWY:.*]] = arith.addf %[[AX]], %[[YI]] : f64
// CHECK-NEXT:      memref.store %[[NEWY]], %[[Y]][%[[I]]] : memref<?xf64>
// CHECK-NEXT:      %[[SQ:.*]] = arith.mulf %[[NEWY]], %[[NEWY]] : f64
// CHECK-NEXT:      "kokkos.update_reduction"(%[[SQ]], %[[ZERO]]) ({
// CHECK-NEXT:      ^bb0(%[[A0:.*]]: f64, %[[B0:.*]]: f64):
// CHECK-NEXT:        %[[S:.*]] = arith.addf %[[A0]], %[[B0]] : f64
// CHECK-NEXT:        gpu.yield %[[S]] : f64
// CHECK-NEXT:      }) {kind = "sum"} : (f64, f64) -> ()
// CHECK-NEXT:      "kokkos.update_reduction"(%[[NEWY]], %[[NEG_INF]]) ({
// CHECK-NEXT:      ^bb0(%[[A1:.*]]: f64, %[[B1:.*]]: f64):
// CHECK-NEXT:        %[[M:.*]] = arith.maxnumf %[[A1]], %[[B1]] : f64
// CHECK-NEXT:        gpu.yield %[[M]] : f64
// CHECK-NEXT:      }) {kind = "maxnumf"} : (f64, f64) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "axpy_dot_max"} : (index) -> (f64, f64)
// CHECK-NEXT:    return %[[R]]#0, %[[R]]#1 : f64, f64
func.func @axpy_dot_max(%x: memref<?xf64>, %y: memref<?xf64>, %alpha: f64, %n: index) -> (f64, f64) {
  %zero = arith.constant 0.0 : f64
  %neg_inf = arith.constant 0xFFF0000000000000 : f64
  %r:2 = "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    %xi = memref.load %x[%i] : memref<?xf64>
    %yi = memref.load %y[%i] : memref<?xf64>
    %ax = arith.mulf %alpha, %xi : f64
    %new_y = arith.addf %ax, %yi : f64
    memref.store %new_y, %y[%i] : memref<?xf64>
    %sq = arith.mulf %new_y, %new_y : f64
    "kokkos.update_reduction"(%sq, %zero) ({
    ^bb0(%a: f64, %b: f64):
      %s = arith.addf %a, %b : f64
      "gpu.yield"(%s) : (f64) -> ()
    }) {kind = "sum"} : (f64, f64) -> ()
    "kokkos.update_reduction"(%new_y, %neg_inf) ({
    ^bb0(%a: f64, %b: f64):
      %m = arith.maxnumf %a, %b : f64
      "gpu.yield"(%m) : (f64) -> ()
    }) {kind = "maxnumf"} : (f64, f64) -> ()
    "gpu.yield"() : () -> ()
  }) {execution_space = "device", label = "axpy_dot_max"} : (index) -> (f64, f64)
  return %r#0, %r#1 : f64, f64
}

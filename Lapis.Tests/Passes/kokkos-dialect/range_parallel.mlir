// kokkos.range_parallel: RangePolicy (1 bound) and MDRangePolicy (>= 2 bounds),
// with and without reductions. Print, then re-parse the printed text.
// RUN: mlir-opt-22 --irdl-file=%irdl %s | FileCheck %s
// RUN: lapis opt %s | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s | mlir-opt-22 --irdl-file=%irdl | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s -o %t.printed && mlir-opt-22 --irdl-file=%irdl %t.printed -o %t.reprinted
// RUN: grep -q "kokkos\." %t.printed && diff %t.printed %t.reprinted

// CHECK-LABEL: func.func @range_1d(
// CHECK-SAME:    %[[A:.*]]: memref<?xf32>, %[[N:.*]]: index)
// CHECK:         "kokkos.range_parallel"(%[[N]]) ({
// CHECK-NEXT:    ^bb0(%[[I:.*]]: index):
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[A]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      %[[W:.*]] = arith.addf %[[V]], %[[V]] : f32
// CHECK-NEXT:      memref.store %[[W]], %[[A]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "host", label = "range_1d"} : (index) -> ()
// CHECK-NEXT:    return
func.func @range_1d(%a: memref<?xf32>, %n: index) {
  "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    %v = memref.load %a[%i] : memref<?xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %a[%i] : memref<?xf32>
    "gpu.yield"() : () -> ()
  }) {execution_space = "host", label = "range_1d"} : (index) -> ()
  return
}

// CHECK-LABEL: func.func @mdrange_3d(
// CHECK-SAME:    %[[A:.*]]: memref<?x?x?xf64>, %[[N0:.*]]: index, %[[N1:.*]]: index, %[[N2:.*]]: index)
// CHECK:         "kokkos.range_parallel"(%[[N0]], %[[N1]], %[[N2]]) ({
// CHECK-NEXT:    ^bb0(%[[I:.*]]: index, %[[J:.*]]: index, %[[K:.*]]: index):
// CHECK-NEXT:      %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:      memref.store %[[Z]], %[[A]][%[[I]], %[[J]], %[[K]]] : memref<?x?x?xf64>
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "zero_fill"} : (index, index, index) -> ()
func.func @mdrange_3d(%a: memref<?x?x?xf64>, %n0: index, %n1: index, %n2: index) {
  "kokkos.range_parallel"(%n0, %n1, %n2) ({
  ^bb0(%i: index, %j: index, %k: index):
    %z = arith.constant 0.0 : f64
    memref.store %z, %a[%i, %j, %k] : memref<?x?x?xf64>
    "gpu.yield"() : () -> ()
  }) {execution_space = "device", label = "zero_fill"} : (index, index, index) -> ()
  return
}

// CHECK-LABEL: func.func @mdrange_2d_sum(
// CHECK-SAME:    %[[A:.*]]: memref<?x?xi64>, %[[M:.*]]: index, %[[N:.*]]: index) -> i64
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[R:.*]] = "kokkos.range_parallel"(%[[M]], %[[N]]) ({
// CHECK-NEXT:    ^bb0(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[A]][%[[I]], %[[J]]] : memref<?x?xi64>
// CHECK-NEXT:      "kokkos.update_reduction"(%[[V]], %[[ZERO]]) ({
// CHECK-NEXT:      ^bb0(%[[L:.*]]: i64, %[[RHS:.*]]: i64):
// CHECK-NEXT:        %[[S:.*]] = arith.addi %[[L]], %[[RHS]] : i64
// CHECK-NEXT:        gpu.yield %[[S]] : i64
// CHECK-NEXT:      }) {kind = "sum"} : (i64, i64) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "sum2d"} : (index, index) -> i64
// CHECK-NEXT:    return %[[R]] : i64
func.func @mdrange_2d_sum(%a: memref<?x?xi64>, %m: index, %n: index) -> i64 {
  %zero = arith.constant 0 : i64
  %r = "kokkos.range_parallel"(%m, %n) ({
  ^bb0(%i: index, %j: index):
    %v = memref.load %a[%i, %j] : memref<?x?xi64>
    "kokkos.update_reduction"(%v, %zero) ({
    ^bb0(%lhs: i64, %rhs: i64):
      %s = arith.addi %lhs, %rhs : i64
      "gpu.yield"(%s) : (i64) -> ()
    }) {kind = "sum"} : (i64, i64) -> ()
    "gpu.yield"() : () -> ()
  }) {execution_space = "device", label = "sum2d"} : (index, index) -> i64
  return %r : i64
}

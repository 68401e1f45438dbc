// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-promote-accumulators))" | FileCheck %s

// The k loop of a matmul inside a parallel loop: C[i,j] is loaded once, carried in a register
// (iter_arg) through the k loop, and stored once.
// CHECK-LABEL: func.func @matmul(
// CHECK-SAME:    %[[A:.*]]: memref<?x?xf32>, %[[B:.*]]: memref<?x?xf32>, %[[C:.*]]: memref<?x?xf32>)
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) =
// CHECK:           %[[INIT:.*]] = memref.load %[[C]][%[[I]], %[[J]]]
// CHECK:           %[[SUM:.*]] = scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32) {
// CHECK:             %[[X:.*]] = memref.load %[[A]][%[[I]], %[[K]]]
// CHECK:             %[[Y:.*]] = memref.load %[[B]][%[[K]], %[[J]]]
// CHECK:             %[[P:.*]] = arith.mulf %[[X]], %[[Y]]
// CHECK:             %[[S:.*]] = arith.addf %[[ACC]], %[[P]]
// CHECK:             scf.yield %[[S]] : f32
// CHECK:           memref.store %[[SUM]], %[[C]][%[[I]], %[[J]]]
func.func @matmul(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?x?xf32>
  %k = memref.dim %a, %c1 : memref<?x?xf32>
  %m = memref.dim %b, %c1 : memref<?x?xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) {
    scf.for %kk = %c0 to %k step %c1 {
      %x = memref.load %a[%i, %kk] : memref<?x?xf32>
      %y = memref.load %b[%kk, %j] : memref<?x?xf32>
      %acc = memref.load %c[%i, %j] : memref<?x?xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %acc, %p : f32
      memref.store %s, %c[%i, %j] : memref<?x?xf32>
    }
    scf.reduce
  }
  return
}

// The stored element moves with k: not an accumulator, untouched.
// CHECK-LABEL: func.func @moving(
// CHECK:         scf.for
// CHECK-NOT:       iter_args
func.func @moving(%a: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %k = %c0 to %n step %c1 {
    %v = memref.load %a[%k] : memref<?xf32>
    %s = arith.addf %v, %v : f32
    memref.store %s, %a[%k] : memref<?xf32>
  }
  return
}

// Another load of the same buffer in the loop (it may alias the accumulator): untouched.
// CHECK-LABEL: func.func @aliasing_read(
// CHECK:         scf.for
// CHECK-NOT:       iter_args
func.func @aliasing_read(%a: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %k = %c0 to %n step %c1 {
    %v = memref.load %a[%k] : memref<?xf32>
    %acc = memref.load %a[%c0] : memref<?xf32>
    %s = arith.addf %acc, %v : f32
    memref.store %s, %a[%c0] : memref<?xf32>
  }
  return
}

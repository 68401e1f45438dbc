// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-parallelize-reductions))" | FileCheck %s

// A full sum (what convert-linalg-to-parallel-loops leaves for linalg.reduce to a scalar):
// the accumulator load/add/store loop becomes an scf.parallel reduction from the loaded init.
// CHECK-LABEL: func.func @sum(
// CHECK-SAME:    %[[X:.*]]: memref<?xf32>, %[[ACC:.*]]: memref<f32>)
// CHECK:         %[[INIT:.*]] = memref.load %[[ACC]][] : memref<f32>
// CHECK:         %[[R:.*]] = scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) init (%[[INIT]]) -> f32 {
// CHECK:           %[[V:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf32>
// CHECK:           scf.reduce(%[[V]] : f32) {
// CHECK:           ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32):
// CHECK:             %[[S:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK:             scf.reduce.return %[[S]] : f32
// CHECK:         memref.store %[[R]], %[[ACC]][] : memref<f32>
// CHECK-NOT:     scf.for
func.func @sum(%x: memref<?xf32>, %acc: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    %a = memref.load %acc[] : memref<f32>
    %s = arith.addf %v, %a : f32
    memref.store %s, %acc[] : memref<f32>
  }
  return
}

// A perfect 2-D nest with a NaN-ignoring max becomes one 2-D reduction.
// CHECK-LABEL: func.func @max2d(
// CHECK:         scf.parallel (%{{.*}}, %{{.*}}) = (%{{.*}}, %{{.*}}) to (%{{.*}}, %{{.*}}) step (%{{.*}}, %{{.*}}) init (%{{.*}}) -> f64 {
// CHECK:           arith.maxnumf %{{.*}}, %{{.*}} : f64
// CHECK-NOT:     scf.for
func.func @max2d(%x: memref<?x?xf64>, %acc: memref<f64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf64>
  %m = memref.dim %x, %c1 : memref<?x?xf64>
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %m step %c1 {
      %v = memref.load %x[%i, %j] : memref<?x?xf64>
      %a = memref.load %acc[] : memref<f64>
      %s = arith.maxnumf %a, %v : f64
      memref.store %s, %acc[] : memref<f64>
    }
  }
  return
}

// Not a reduction: the loop reads the accumulator's buffer elsewhere (prefix sum). Untouched.
// CHECK-LABEL: func.func @prefix(
// CHECK:         scf.for
// CHECK-NOT:     scf.parallel
func.func @prefix(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c1 to %n step %c1 {
    %im1 = arith.subi %i, %c1 : index
    %p = memref.load %x[%im1] : memref<?xf32>
    %v = memref.load %x[%i] : memref<?xf32>
    %s = arith.addf %p, %v : f32
    memref.store %s, %x[%i] : memref<?xf32>
  }
  return
}

// Not associative-commutative (subtraction): untouched.
// CHECK-LABEL: func.func @difference(
// CHECK:         scf.for
// CHECK-NOT:     scf.parallel
func.func @difference(%x: memref<?xf32>, %acc: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %x[%i] : memref<?xf32>
    %a = memref.load %acc[] : memref<f32>
    %s = arith.subf %a, %v : f32
    memref.store %s, %acc[] : memref<f32>
  }
  return
}

// Already inside a parallel loop (a matmul's k loop): left sequential, the outer loop is the kernel.
// CHECK-LABEL: func.func @inside_parallel(
// CHECK:         scf.parallel
// CHECK:           scf.for
func.func @inside_parallel(%a: memref<?x?xf32>, %y: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %a, %c0 : memref<?x?xf32>
  %m = memref.dim %a, %c1 : memref<?x?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    scf.for %k = %c0 to %m step %c1 {
      %v = memref.load %a[%i, %k] : memref<?x?xf32>
      %acc = memref.load %y[%i] : memref<?xf32>
      %s = arith.addf %acc, %v : f32
      memref.store %s, %y[%i] : memref<?xf32>
    }
    scf.reduce
  }
  return
}

// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-hoist-parallel-loops))" | FileCheck %s

// Column minima, as linalg lowering leaves a reduction over the outer dimension: the row loop
// is sequential around a parallel column loop (one kernel per row). After: one parallel loop
// over columns, rows sequential inside.
// CHECK-LABEL: func.func @column_min(
// CHECK-SAME:    %[[M:.*]]: memref<?x?xf32>, %[[OUT:.*]]: memref<?xf32>
// CHECK:         scf.parallel (%[[J:.*]]) =
// CHECK-NEXT:      scf.for %[[I:.*]] =
// CHECK-NEXT:        memref.load %[[M]][%[[I]], %[[J]]]
// CHECK-NEXT:        memref.load %[[OUT]][%[[J]]]
// CHECK:             memref.store %{{.*}}, %[[OUT]][%[[J]]]
// CHECK-NOT:     scf.parallel
func.func @column_min(%m: memref<?x?xf32>, %out: memref<?xf32>, %rows: index, %cols: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %rows step %c1 {
    scf.parallel (%j) = (%c0) to (%cols) step (%c1) {
      %v = memref.load %m[%i, %j] : memref<?x?xf32>
      %acc = memref.load %out[%j] : memref<?xf32>
      %r = arith.minimumf %v, %acc : f32
      memref.store %r, %out[%j] : memref<?xf32>
      scf.reduce
    }
  }
  return
}

// A stencil sweep: row i reads row i-1 of the same buffer, so iterations of different columns
// depend on each other across rows. Not interchanged.
// CHECK-LABEL: func.func @sweep(
// CHECK:         scf.for
// CHECK-NEXT:      scf.parallel
func.func @sweep(%m: memref<?x?xf32>, %rows: index, %cols: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c1 to %rows step %c1 {
    scf.parallel (%j) = (%c1) to (%cols) step (%c1) {
      %im1 = arith.subi %i, %c1 : index
      %jm1 = arith.subi %j, %c1 : index
      %up = memref.load %m[%im1, %jm1] : memref<?x?xf32>
      %here = memref.load %m[%i, %j] : memref<?x?xf32>
      %s = arith.addf %up, %here : f32
      memref.store %s, %m[%i, %j] : memref<?x?xf32>
      scf.reduce
    }
  }
  return
}

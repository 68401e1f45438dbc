// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops)" | FileCheck %s
// RUN: lapis opt %s --pass-pipeline="builtin.module(canonicalize,lapis-normalize-parallel-loops,cse)" | FileCheck %s --check-prefix=MIXED

// Dynamic lower bound, constant step 2: trip count ceildiv(ub - lb, 2), iv = lb + j * 2.
// MIXED-LABEL: func.func @shifted(
// MIXED: arith.ceildivsi
// MIXED: scf.parallel
// CHECK-LABEL: func.func @shifted(
// CHECK-SAME:    %[[A:.*]]: memref<?xf32>, %[[LB:.*]]: index, %[[UB:.*]]: index)
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[EXT:.*]] = arith.subi %[[UB]], %[[LB]] : index
// CHECK:         %[[N:.*]] = arith.ceildivsi %[[EXT]], %[[C2]] : index
// CHECK:         scf.parallel (%[[J:.*]]) = (%[[C0]]) to (%[[N]]) step (%[[C1]]) {
// CHECK:           %[[SCALED:.*]] = arith.muli %[[J]], %[[C2]] : index
// CHECK:           %[[I:.*]] = arith.addi %[[SCALED]], %[[LB]] : index
// CHECK:           memref.store %{{.*}}, %[[A]][%[[I]]] : memref<?xf32>
func.func @shifted(%A: memref<?xf32>, %lb: index, %ub: index) {
  %c2 = arith.constant 2 : index
  %cst = arith.constant 1.0 : f32
  scf.parallel (%i) = (%lb) to (%ub) step (%c2) {
    memref.store %cst, %A[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// Only the non-normal dimension changes; constant trip counts fold: (8 - 1) / 3 rounded up = 3.
// CHECK-LABEL: func.func @two_d(
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C10:.*]] = arith.constant 10 : index
// CHECK:         scf.parallel (%[[I:.*]], %[[J:.*]]) = (%[[C0]], %[[C0]]) to (%[[C3]], %[[C10]]) step (%[[C1]], %[[C1]]) {
// CHECK:           %[[S:.*]] = arith.muli %[[I]], %[[C3]] : index
// CHECK:           %[[ROW:.*]] = arith.addi %[[S]], %[[C1]] : index
// CHECK:           memref.store %{{.*}}, %{{.*}}[%[[ROW]], %[[J]]]
func.func @two_d(%B: memref<8x10xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %c10 = arith.constant 10 : index
  %cst = arith.constant 1.0 : f32
  scf.parallel (%i, %j) = (%c1, %c0) to (%c8, %c10) step (%c3, %c1) {
    memref.store %cst, %B[%i, %j] : memref<8x10xf32>
    scf.reduce
  }
  return
}

// Already normalized: untouched.
// CHECK-LABEL: func.func @already_normal(
// CHECK-NOT:     arith.muli
// CHECK:         scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK-NEXT:      memref.store %{{.*}}, %{{.*}}[%[[I]]]
// MIXED-LABEL: func.func @already_normal(
// MIXED-NOT:     arith.muli
// MIXED:         scf.parallel
func.func @already_normal(%A: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cst = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %cst, %A[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-scalar-buffers-to-alloca,mem2reg))" | FileCheck %s

// A reduction's 0-d init/result buffer, only stored and loaded in its block, becomes an SSA
// value (upstream mem2reg after the alloca): no buffer, no host-device copies.
// CHECK-LABEL: func.func @dot_result(
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.load
// CHECK:         %[[S:.*]] = arith.addf %{{.*}}, %{{.*}} : f64
// CHECK-NEXT:    return %[[S]] : f64
func.func @dot_result(%partial: f64) -> f64 {
  %zero = arith.constant 0.0 : f64
  %b = memref.alloc() : memref<f64>
  memref.store %zero, %b[] : memref<f64>
  %init = memref.load %b[] : memref<f64>
  %s = arith.addf %init, %partial : f64
  memref.store %s, %b[] : memref<f64>
  %r = memref.load %b[] : memref<f64>
  memref.dealloc %b : memref<f64>
  return %r : f64
}

// linalg.dot's init folded to a copy from a constant 0-d global (CG's dot products): the copy
// is a store of the constant, so the buffer becomes an SSA value too. A copy from a global that
// is not constant keeps the buffer.
// CHECK-LABEL: func.func @dot_from_constant_global(
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.copy
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[S:.*]] = arith.addf %[[Z]], %{{.*}} : f64
// CHECK-NEXT:    return %[[S]] : f64
// CHECK-LABEL: func.func @from_mutable_global(
// CHECK:         memref.alloc() : memref<f64>
// CHECK:         memref.copy
memref.global "private" constant @__constant_xf64 : memref<f64> = dense<0.000000e+00>
memref.global "private" @mutable_xf64 : memref<f64> = dense<0.000000e+00>
func.func @dot_from_constant_global(%partial: f64) -> f64 {
  %g = memref.get_global @__constant_xf64 : memref<f64>
  %b = memref.alloc() : memref<f64>
  memref.copy %g, %b : memref<f64> to memref<f64>
  %init = memref.load %b[] : memref<f64>
  %s = arith.addf %init, %partial : f64
  memref.store %s, %b[] : memref<f64>
  %r = memref.load %b[] : memref<f64>
  return %r : f64
}
func.func @from_mutable_global(%partial: f64) -> f64 {
  %g = memref.get_global @mutable_xf64 : memref<f64>
  %b = memref.alloc() : memref<f64>
  memref.copy %g, %b : memref<f64> to memref<f64>
  %init = memref.load %b[] : memref<f64>
  %s = arith.addf %init, %partial : f64
  return %s : f64
}

// A 0-d buffer a loop writes (a use in another block) or that is returned stays a buffer.
// CHECK-LABEL: func.func @used_in_a_loop(
// CHECK:         memref.alloc() : memref<f64>
// CHECK:         scf.for
// CHECK:           memref.store
// CHECK-LABEL: func.func @returned(
// CHECK:         memref.alloc() : memref<f64>
func.func @used_in_a_loop(%n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f64
  %b = memref.alloc() : memref<f64>
  scf.for %i = %c0 to %n step %c1 {
    memref.store %one, %b[] : memref<f64>
  }
  %r = memref.load %b[] : memref<f64>
  return %r : f64
}
func.func @returned() -> memref<f64> {
  %one = arith.constant 1.0 : f64
  %b = memref.alloc() : memref<f64>
  memref.store %one, %b[] : memref<f64>
  return %b : memref<f64>
}

// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-assign-memory-spaces,lapis-plan-memory)" | FileCheck %s

// A temporary that dies with the call is reused (static or dynamic shape); the result
// returned as it is becomes output 0 of f_into; every result is fresh, so f = alloc + f_into.
// CHECK-LABEL: func.func @temporaries(
// CHECK-SAME:    lapis.fresh_results
// CHECK-SAME:    lapis.into
// CHECK:         memref.alloc() {lapis.reused} : memref<4x8xf32>
// CHECK:         memref.alloc(%{{.*}}) {lapis.reused} : memref<?xf32>
// CHECK:         memref.alloc() {lapis.result = 0 : i64} : memref<4x8xf32>
// CHECK:         return
func.func @temporaries(%a: memref<4x8xf32>, %n: index) -> memref<4x8xf32> {
  %t = memref.alloc() : memref<4x8xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  %r = memref.alloc() : memref<4x8xf32>
  memref.copy %a, %t : memref<4x8xf32> to memref<4x8xf32>
  memref.copy %t, %r : memref<4x8xf32> to memref<4x8xf32>
  return %r : memref<4x8xf32>
}

// A returned reshape of an allocation: the printer returns a copy, so the allocation is reused
// and the result is still fresh.
// CHECK-LABEL: func.func @returns_a_view(
// CHECK-SAME:    lapis.fresh_results
// CHECK:         memref.alloc() {lapis.reused} : memref<2x4xf32>
func.func @returns_a_view(%a: memref<2x4xf32>) -> memref<8xf32> {
  %t = memref.alloc() : memref<2x4xf32>
  memref.copy %a, %t : memref<2x4xf32> to memref<2x4xf32>
  %v = memref.collapse_shape %t [[0, 1]] : memref<2x4xf32> into memref<8xf32>
  return %v : memref<8xf32>
}

// Buffers that may outlive the call are left alone: one passed to a call, one returned twice,
// one inside a loop body (allocated per iteration); a dynamic-shape result gives no f_into.
// CHECK-LABEL: func.func @escapes(
// CHECK-NOT:     lapis.into
// CHECK:         %[[PASSED:.*]] = memref.alloc() : memref<4xf32>
// CHECK:         %[[TWICE:.*]] = memref.alloc() : memref<4xf32>
// CHECK:         scf.for
// CHECK:           memref.alloc() : memref<2xf32>
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf32>
func.func private @keep(memref<4xf32>) -> memref<4xf32>
func.func @escapes(%n: index) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %p = memref.alloc() : memref<4xf32>
  %k = func.call @keep(%p) : (memref<4xf32>) -> memref<4xf32>
  %t = memref.alloc() : memref<4xf32>
  scf.for %i = %c0 to %c3 step %c1 {
    %l = memref.alloc() : memref<2xf32>
    memref.dealloc %l : memref<2xf32>
  }
  %d = memref.alloc(%n) : memref<?xf32>
  return %k, %t, %t, %d : memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<?xf32>
}

// A function that can call itself keeps fresh buffers (two calls may be live at once).
// CHECK-LABEL: func.func @recursive(
// CHECK-NOT:     lapis.reused
// CHECK:         return
func.func @recursive(%a: memref<4xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %t = memref.alloc() : memref<4xf32>
  memref.copy %a, %t : memref<4xf32> to memref<4xf32>
  %stop = arith.cmpi eq, %n, %c0 : index
  scf.if %stop {
  } else {
    %c1 = arith.constant 1 : index
    %m = arith.subi %n, %c1 : index
    func.call @recursive(%a, %m) : (memref<4xf32>, index) -> ()
  }
  return
}

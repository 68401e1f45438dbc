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

// Buffers that may outlive the call are left alone: one passed to a call, one returned twice;
// a dynamic-shape result gives no f_into.
// CHECK-LABEL: func.func @escapes(
// CHECK-NOT:     lapis.into
// CHECK:         %[[PASSED:.*]] = memref.alloc() : memref<4xf32>
// CHECK:         %[[TWICE:.*]] = memref.alloc() : memref<4xf32>
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf32>
func.func private @keep(memref<4xf32>) -> memref<4xf32>
func.func @escapes(%n: index) -> (memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<?xf32>) {
  %p = memref.alloc() : memref<4xf32>
  %k = func.call @keep(%p) : (memref<4xf32>) -> memref<4xf32>
  %t = memref.alloc() : memref<4xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  return %k, %t, %t, %d : memref<4xf32>, memref<4xf32>, memref<4xf32>, memref<?xf32>
}

// Host loops (CG's iterations): a temporary of a loop body or of an scf.if in it that dies with
// its iteration is reused, dynamic shape included (no allocation per iteration after the first);
// one the body yields to the next iteration stays fresh, and so does one inside a kernel.
// CHECK-LABEL: func.func @loop_temporaries(
// CHECK:         scf.for
// CHECK:           memref.alloc(%{{.*}}) {lapis.reused} : memref<?xf64>
// CHECK:           scf.if
// CHECK:             memref.alloc() {lapis.reused} : memref<2xf64>
// CHECK:           memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK:           scf.yield
// CHECK:         scf.while
// CHECK:           memref.alloc(%{{.*}}) {lapis.reused} : memref<?xf64>
// CHECK:         scf.parallel
// CHECK:           memref.alloc() : memref<3xf64>
func.func @loop_temporaries(%a: memref<?xf64>, %n: index, %flag: i1) -> memref<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> (memref<?xf64>) {
    %t = memref.alloc(%n) : memref<?xf64>
    memref.copy %x, %t : memref<?xf64> to memref<?xf64>
    scf.if %flag {
      %s = memref.alloc() : memref<2xf64>
      memref.dealloc %s : memref<2xf64>
    }
    %next = memref.alloc(%n) : memref<?xf64>
    memref.copy %t, %next : memref<?xf64> to memref<?xf64>
    scf.yield %next : memref<?xf64>
  }
  %w = scf.while (%k = %c0) : (index) -> index {
    %more = arith.cmpi ult, %k, %n : index
    scf.condition(%more) %k : index
  } do {
  ^bb0(%k: index):
    %u = memref.alloc(%k) : memref<?xf64>
    memref.copy %a, %u : memref<?xf64> to memref<?xf64>
    %k1 = arith.addi %k, %c1 : index
    scf.yield %k1 : index
  }
  scf.parallel (%j) = (%c0) to (%n) step (%c1) {
    %v = memref.alloc() : memref<3xf64>
    memref.dealloc %v : memref<3xf64>
    scf.reduce
  }
  return %r : memref<?xf64>
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

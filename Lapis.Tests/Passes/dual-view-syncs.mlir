// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-kokkos-loop-mapping,lapis-assign-memory-spaces)" | FileCheck %s

// A kernel, a host loop (it calls a function), a kernel, on one allocation: placed on both
// spaces; the buffer crosses twice, so one modify+sync pair on each crossing. %x is only read by
// kernels and %out only written by one: they stay on the device, with no sync or modify.
// CHECK-LABEL: func.func @kernel_host_kernel(
// CHECK-NOT:     lapis.placement
// CHECK:         %[[BUF:.*]] = memref.alloc(%{{.*}}) {lapis.placement = "both"}
// CHECK-NEXT:    "kokkos.range_parallel"
// CHECK:         execution_space = "device"
// CHECK-NEXT:    "kokkos.modify"(%[[BUF]]) {space = "device"}
// CHECK-NEXT:    "kokkos.sync"(%[[BUF]]) {space = "host"}
// CHECK-NEXT:    scf.for
// CHECK-NOT:       kokkos.
// CHECK:           memref.load %[[BUF]][%{{.*}}] {lapis.host_side}
// CHECK-NOT:       kokkos.
// CHECK:           memref.store %{{.*}}, %[[BUF]][%{{.*}}] {lapis.host_side}
// CHECK-NEXT:    }
// CHECK-NEXT:    "kokkos.modify"(%[[BUF]]) {space = "host"}
// CHECK-NEXT:    %[[OUT:.*]] = memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK-NEXT:    "kokkos.sync"(%[[BUF]]) {space = "device"}
// CHECK-NEXT:    "kokkos.range_parallel"
// CHECK:         execution_space = "device"
// CHECK-NOT:     kokkos.sync
// CHECK-NOT:     kokkos.modify
// CHECK:         return %[[OUT]]
func.func private @damp(%v: f64) -> f64 {
  %half = arith.constant 0.5 : f64
  %r = arith.mulf %v, %half : f64
  return %r : f64
}
func.func @kernel_host_kernel(%x: memref<?xf64>) -> memref<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf64>
  %buf = memref.alloc(%n) : memref<?xf64>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %x[%i] : memref<?xf64>
    memref.store %v, %buf[%i] : memref<?xf64>
    scf.reduce
  }
  scf.for %i = %c1 to %n step %c1 {
    %prev = arith.subi %i, %c1 : index
    %p = memref.load %buf[%prev] : memref<?xf64>
    %d = func.call @damp(%p) : (f64) -> f64
    memref.store %d, %buf[%i] : memref<?xf64>
  }
  %out = memref.alloc(%n) : memref<?xf64>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %b = memref.load %buf[%i] : memref<?xf64>
    memref.store %b, %out[%i] : memref<?xf64>
    scf.reduce
  }
  return %out : memref<?xf64>
}

// A scratch buffer only host code touches lives on the host: no DualView, no sync. The
// argument the host loop reads is synced to the host once, before the loop; it is never
// written on the host, so nothing goes back to the device.
// CHECK-LABEL: func.func @host_only_scratch(
// CHECK-SAME:    %[[A:.*]]: memref<?xf32> {lapis.placement = "both"}
// CHECK:         %[[T:.*]] = memref.alloc(%{{.*}}) {lapis.placement = "host"}
// CHECK-NOT:     kokkos.sync"(%[[T]]
// CHECK:         "kokkos.sync"(%[[A]]) {space = "host"}
// CHECK-NEXT:    scf.for
// CHECK:           memref.load %[[A]][%{{.*}}] {lapis.host_side}
// CHECK:           memref.store %{{.*}}, %[[T]][%{{.*}}] {lapis.host_side}
// CHECK:         }
// CHECK-NOT:     kokkos.
// CHECK:         return
func.func @host_only_scratch(%a: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %a, %c0 : memref<?xf32>
  %t = memref.alloc(%n) : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %a[%i] : memref<?xf32>
    memref.store %v, %t[%i] : memref<?xf32>
  }
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %v = memref.load %t[%i] : memref<?xf32>
    %r = arith.addf %v, %acc : f32
    scf.yield %r : f32
  }
  memref.dealloc %t : memref<?xf32>
  return %s : f32
}

// Hoisting: a host loop nest over an argument (written on the host) gets one sync before the
// outer loop and one modify after it, nothing inside; the argument goes back to the device
// before the function returns.
// CHECK-LABEL: func.func @hoisted(
// CHECK:         "kokkos.sync"(%[[C:.*]]) {space = "host"}
// CHECK-NEXT:    scf.for
// CHECK-NOT:       kokkos.
// CHECK:           scf.for
// CHECK-NOT:         kokkos.
// CHECK:             memref.store %{{.*}}, %[[C]][%{{.*}}] {lapis.host_side}
// CHECK:           }
// CHECK-NOT:       kokkos.
// CHECK:         }
// CHECK-NEXT:    "kokkos.modify"(%[[C]]) {space = "host"}
// CHECK-NEXT:    "kokkos.sync"(%[[C]]) {space = "device"}
// CHECK-NEXT:    return
func.func @hoisted(%c: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  %m = memref.dim %c, %c0 : memref<?x?xf32>
  %n = memref.dim %c, %c1 : memref<?x?xf32>
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c1 to %n step %c1 {
      %jm = arith.subi %j, %c1 : index
      %p = memref.load %c[%i, %jm] : memref<?x?xf32>
      %v = arith.addf %p, %one : f32
      memref.store %v, %c[%i, %j] : memref<?x?xf32>
    }
  }
  return
}

// A loop that alternates a kernel and host code on one buffer: the syncs stay inside the loop
// body (each one is free at run time when the other side did not write), and the buffer is
// synced to the device before the final kernel.
// CHECK-LABEL: func.func @alternating(
// CHECK-SAME:    %[[X:.*]]: memref<?xf32> {lapis.placement = "both"}
// CHECK:         scf.for
// CHECK-NEXT:      "kokkos.sync"(%[[X]]) {space = "device"}
// CHECK-NEXT:      "kokkos.range_parallel"
// CHECK:           "kokkos.modify"(%[[X]]) {space = "device"}
// CHECK-NEXT:      "kokkos.sync"(%[[X]]) {space = "host"}
// CHECK-NEXT:      scf.for
// CHECK:           "kokkos.modify"(%[[X]]) {space = "host"}
// CHECK-NEXT:    }
// CHECK:         "kokkos.sync"(%[[X]]) {space = "device"}
// CHECK-NEXT:    "kokkos.range_parallel"
func.func @alternating(%x: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %half = arith.constant 0.5 : f32
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %s = %c0 to %c3 step %c1 {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %x[%i] : memref<?xf32>
      %w = arith.mulf %v, %half : f32
      memref.store %w, %x[%i] : memref<?xf32>
      scf.reduce
    }
    scf.for %i = %c1 to %n step %c1 {
      %p = memref.load %x[%i] : memref<?xf32>
      %ok = arith.cmpf oge, %p, %zero : f32
      cf.assert %ok, "negative"
      memref.store %p, %x[%i] : memref<?xf32>
    }
  }
  %sum = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f32 {
    %v = memref.load %x[%i] : memref<?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%l: f32, %r: f32):
      %a = arith.addf %l, %r : f32
      scf.reduce.return %a : f32
    }
  }
  return %sum : f32
}

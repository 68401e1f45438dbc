// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-kokkos-loop-mapping,lapis-assign-memory-spaces)" | FileCheck %s

// Every element access is inside a device kernel: the function's buffers live on the device.
// CHECK-LABEL: func.func @all_in_kernels(
// CHECK-SAME:    lapis.memory_space = "device"
// CHECK:         "kokkos.range_parallel"
// CHECK:         execution_space = "device"
func.func @all_in_kernels(%a: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f32
  %m = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%m) step (%c1) {
    %v = memref.load %a[%i] : memref<?xf32>
    %w = arith.mulf %v, %two : f32
    memref.store %w, %a[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// Host code reads one element outside any loop: the function stays on the device and that
// load is marked for a single-element copy.
// CHECK-LABEL: func.func @host_reads_once(
// CHECK-SAME:    lapis.memory_space = "device"
// CHECK:         execution_space = "device"
// CHECK:         memref.load %{{.*}}[%{{.*}}] {lapis.host_access}
func.func @host_reads_once(%a: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f32
  %m = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%m) step (%c1) {
    %v = memref.load %a[%i] : memref<?xf32>
    %w = arith.mulf %v, %two : f32
    memref.store %w, %a[%i] : memref<?xf32>
    scf.reduce
  }
  %first = memref.load %a[%c0] : memref<?xf32>
  return %first : f32
}

// Host code loops over elements after a kernel: the kernel stays on the device, the argument
// becomes a DualView synced to the host before the loop (see dual-view-syncs.mlir).
// CHECK-LABEL: func.func @host_loop(
// CHECK-SAME:    lapis.placement = "both"
// CHECK-SAME:    lapis.memory_space = "device"
// CHECK:         "kokkos.range_parallel"
// CHECK:         execution_space = "device"
// CHECK:         "kokkos.modify"(%{{.*}}) {space = "device"}
// CHECK:         "kokkos.sync"(%{{.*}}) {space = "host"}
// CHECK:         scf.for
// CHECK:           memref.load %{{.*}}[%{{.*}}] {lapis.host_side}
// CHECK-NOT:       lapis.host_access
func.func @host_loop(%a: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f32
  %m = memref.dim %a, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%m) step (%c1) {
    %v = memref.load %a[%i] : memref<?xf32>
    %w = arith.mulf %v, %two : f32
    memref.store %w, %a[%i] : memref<?xf32>
    scf.reduce
  }
  %s = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %two) -> (f32) {
    %v = memref.load %a[%i] : memref<?xf32>
    %n = arith.subf %v, %acc : f32
    scf.yield %n : f32
  }
  return %s : f32
}

// Where per-buffer placement does not apply (host code loops over a global), the whole
// function still runs on the host, its kernels included.
// CHECK-LABEL: func.func @host_loop_over_global(
// CHECK-SAME:    lapis.memory_space = "host"
// CHECK:         execution_space = "host"
// CHECK-NOT:     kokkos.sync
memref.global "private" @table : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
func.func @host_loop_over_global(%a: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %g = memref.get_global @table : memref<4xf32>
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %v = memref.load %a[%i] : memref<4xf32>
    memref.store %v, %g[%i] : memref<4xf32>
    scf.reduce
  }
  %s = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> (f32) {
    %v = memref.load %g[%i] : memref<4xf32>
    %n = arith.addf %v, %acc : f32
    scf.yield %n : f32
  }
  return %s : f32
}

// A function passing a buffer to a function on the host path runs on the host too: callers
// and callees agree on the Views they exchange.
// CHECK-LABEL: func.func @passes_buffer_to_host_function(
// CHECK-SAME:    lapis.memory_space = "host"
func.func @passes_buffer_to_host_function(%a: memref<4xf32>) -> f32 {
  %r = func.call @host_loop_over_global(%a) : (memref<4xf32>) -> f32
  return %r : f32
}

// Calls that pass scalars only tie nothing: this function keeps its buffers and kernels on the
// device although the module has functions on the host path.
// CHECK-LABEL: func.func private @twice(
// CHECK-SAME:    lapis.memory_space = "device"
// CHECK-LABEL: func.func @calls_with_scalars(
// CHECK-SAME:    lapis.memory_space = "device"
// CHECK:         execution_space = "device"
func.func private @twice(%x: f32) -> f32 {
  %y = arith.addf %x, %x : f32
  return %y : f32
}
func.func @calls_with_scalars(%a: memref<?xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %a, %c0 : memref<?xf32>
  %t = func.call @twice(%s) : (f32) -> f32
  scf.parallel (%i) = (%c0) to (%m) step (%c1) {
    %v = memref.load %a[%i] : memref<?xf32>
    %w = arith.mulf %v, %t : f32
    memref.store %w, %a[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// A function on the whole-function host path (a host loop over a global) with a row-block
// kernel: its launch parameters (vector length, its maximum) are computed for the host
// execution space too.
// CHECK-LABEL: func.func @host_row_sums(
// CHECK-SAME:    lapis.memory_space = "host"
// CHECK:         "kokkos.vector_length"(%{{.*}}) {execution_space = "host"}
// CHECK:         "kokkos.vector_length_max"() {execution_space = "host"}
// CHECK:         "kokkos.team_parallel"
// CHECK:         execution_space = "host"
memref.global "private" @row_counts : memref<4xf64> = dense<0.0>
func.func @host_row_sums(%a: memref<?x?xf64>, %sums: memref<?xf64>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f64
  %g = memref.get_global @row_counts : memref<4xf64>
  scf.for %t = %c0 to %c4 step %c1 {
    memref.store %zero, %g[%t] : memref<4xf64>
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %s = scf.parallel (%j) = (%c0) to (%m) step (%c1) init (%zero) -> f64 {
      %v = memref.load %a[%i, %j] : memref<?x?xf64>
      scf.reduce(%v : f64) {
      ^bb0(%x: f64, %y: f64):
        %r = arith.addf %x, %y : f64
        scf.reduce.return %r : f64
      }
    }
    memref.store %s, %sums[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// A kernel writes the buffer after host code did and the function returns it (a sparse kernel
// with a dense, index-dependent output): the device modify closes that run before func.return,
// which stays the last op.
// CHECK-LABEL: func.func @kernel_writes_returned_buffer_last(
// CHECK:         %[[BUF:.*]] = memref.alloc
// CHECK:         scf.while
// CHECK:         "kokkos.range_parallel"
// CHECK:         "kokkos.modify"(%[[BUF]]) {space = "device"}
// CHECK-NEXT:    return %[[BUF]]
// CHECK-NEXT:  }
func.func @kernel_writes_returned_buffer_last(%n: index) -> memref<8xi64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0 : i64
  %alloc = memref.alloc() : memref<8xi64>
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %z, %alloc[%i] : memref<8xi64>
    scf.reduce
  }
  %k = scf.while (%j = %c0) : (index) -> index {
    %cond = arith.cmpi ult, %j, %n : index
    scf.condition(%cond) %j : index
  } do {
  ^bb0(%j: index):
    %v = arith.index_cast %j : index to i64
    memref.store %v, %alloc[%j] : memref<8xi64>
    %next = arith.addi %j, %c1 : index
    scf.yield %next : index
  }
  %rest = arith.subi %c8, %k : index
  scf.parallel (%i) = (%c0) to (%rest) step (%c1) {
    %p = arith.addi %i, %k : index
    %v = arith.index_cast %p : index to i64
    memref.store %v, %alloc[%p] : memref<8xi64>
    scf.reduce
  }
  return %alloc : memref<8xi64>
}

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

// Host code loops over elements: the whole function runs on the host, its kernels included,
// so no buffer is ever touched from the wrong memory space.
// CHECK-LABEL: func.func @host_loop(
// CHECK-SAME:    lapis.memory_space = "host"
// CHECK:         "kokkos.range_parallel"
// CHECK:         execution_space = "host"
// CHECK:         scf.for
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

// A host function's row-block kernel: its launch parameters (vector length, its maximum) are
// computed for the host execution space too.
// CHECK-LABEL: func.func @host_row_sums(
// CHECK-SAME:    lapis.memory_space = "host"
// CHECK:         "kokkos.vector_length"(%{{.*}}) {execution_space = "host"}
// CHECK:         "kokkos.vector_length_max"() {execution_space = "host"}
// CHECK:         "kokkos.team_parallel"
// CHECK:         execution_space = "host"
func.func @host_row_sums(%a: memref<?x?xf64>, %sums: memref<?xf64>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  scf.for %t = %c0 to %n step %c1 {
    memref.store %zero, %sums[%t] : memref<?xf64>
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

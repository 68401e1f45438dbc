// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-kokkos-loop-mapping,lapis-hoist-invariant-kernels)" | FileCheck %s

// The largest entry of a read-only argument, divided into a never-zero block count, is the same
// every iteration: the reduction and its launch arithmetic leave the loop; the kernel that
// writes the allocation %y and the reduction over %y (written in the loop) stay.
// CHECK-LABEL: func.func @invariant_statistic(
// CHECK:         %[[Y:.*]] = memref.alloc
// CHECK:         %[[BLOCKS:.*]] = arith.divsi %{{.*}}, %{{.*}} : index
// CHECK:         %[[MAX:.*]] = "kokkos.range_parallel"(%[[BLOCKS]])
// CHECK:         scf.for
// CHECK-NOT:       arith.divsi
// CHECK:           "kokkos.range_parallel"
// CHECK:           memref.store
// CHECK:           "kokkos.range_parallel"(%{{.*}}) ({
// CHECK:             memref.load %[[Y]]
// CHECK:           scf.yield
func.func @invariant_statistic(%pos: memref<?xindex>, %m: index, %iterations: index, %block: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %n = memref.dim %pos, %c0 : memref<?xindex>
  %y = memref.alloc(%m) : memref<?xf64>
  %total = scf.for %k = %c0 to %iterations step %c1 iter_args(%acc = %zero) -> (f64) {
    %b = arith.maxsi %block, %c1 : index
    %blocks = arith.divsi %n, %b : index
    %widest = scf.parallel (%i) = (%c0) to (%blocks) step (%c1) init (%c0) -> index {
      %p = memref.load %pos[%i] : memref<?xindex>
      scf.reduce(%p : index) {
      ^bb0(%l: index, %r: index):
        %s = arith.maxsi %l, %r : index
        scf.reduce.return %s : index
      }
    }
    %w = arith.index_cast %widest : index to i64
    %wf = arith.sitofp %w : i64 to f64
    scf.parallel (%i) = (%c0) to (%m) step (%c1) {
      %v = memref.load %y[%i] : memref<?xf64>
      %s = arith.addf %v, %wf : f64
      memref.store %s, %y[%i] : memref<?xf64>
      scf.reduce
    }
    %sum = scf.parallel (%i) = (%c0) to (%m) step (%c1) init (%zero) -> f64 {
      %v = memref.load %y[%i] : memref<?xf64>
      scf.reduce(%v : f64) {
      ^bb0(%l: f64, %r: f64):
        %s = arith.addf %l, %r : f64
        scf.reduce.return %s : f64
      }
    }
    %next = arith.addf %acc, %sum : f64
    scf.yield %next : f64
  }
  return %total : f64
}

// Stays in the loop: a division by a value that may be zero (the loop may run zero times), and a
// reduction over an argument while the loop writes another argument (they may alias).
// CHECK-LABEL: func.func @must_stay(
// CHECK:         scf.for
// CHECK:           arith.divsi
// CHECK:           "kokkos.range_parallel"
// CHECK:           "kokkos.range_parallel"
// CHECK:           memref.store
// CHECK:           scf.yield
func.func @must_stay(%pos: memref<?xindex>, %out: memref<?xindex>, %iterations: index, %block: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %pos, %c0 : memref<?xindex>
  %total = scf.for %k = %c0 to %iterations step %c1 iter_args(%acc = %c0) -> (index) {
    %blocks = arith.divsi %n, %block : index
    %widest = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%c0) -> index {
      %p = memref.load %pos[%i] : memref<?xindex>
      scf.reduce(%p : index) {
      ^bb0(%l: index, %r: index):
        %s = arith.maxsi %l, %r : index
        scf.reduce.return %s : index
      }
    }
    scf.parallel (%i) = (%c0) to (%blocks) step (%c1) {
      memref.store %widest, %out[%i] : memref<?xindex>
      scf.reduce
    }
    %next = arith.addi %acc, %widest : index
    scf.yield %next : index
  }
  return %total : index
}

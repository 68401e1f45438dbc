// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-kokkos-loop-mapping,lapis-device-scalars)" | FileCheck %s
// RUN: lapis translate %s -o - | FileCheck %s --check-prefix=CPP

// A dot product only a kernel needs (through a host division): it reduces into a 0-d buffer on
// the device, and the kernel loads it there and recomputes the quotient; the host keeps no copy.
// CHECK-LABEL: func.func @scale_by_inverse_dot(
// CHECK:         %[[SUM:.*]] = memref.alloc() : memref<f64>
// CHECK:         %[[DOT:.*]] = "kokkos.range_parallel"
// CHECK:         "kokkos.reduce_into"(%[[DOT]], %[[SUM]]) : (f64, memref<f64>) -> ()
// CHECK-NOT:     arith.divf
// CHECK:         "kokkos.range_parallel"
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      %[[LOADED:.*]] = memref.load %[[SUM]][] : memref<f64>
// CHECK-NEXT:      %[[JOINED:.*]] = arith.addf %{{.*}}, %[[LOADED]] : f64
// CHECK-NEXT:      %[[INV:.*]] = arith.divf %{{.*}}, %[[JOINED]] : f64
// CHECK:           arith.mulf %[[INV]]
// CHECK:         return
// CPP-LABEL: void scale_by_inverse_dot(DeviceView<double*> arg0, DeviceView<double*> arg1) {
// CPP:         DeviceView<double> device_sum(
// CPP:         Kokkos::parallel_reduce(
// CPP:         }, device_sum);
// CPP-NOT:     deep_copy
// CPP:         Kokkos::parallel_for(
// CPP:           = device_sum();
// CPP:       }
func.func @scale_by_inverse_dot(%x: memref<?xf64>, %y: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %n = memref.dim %x, %c0 : memref<?xf64>
  %dot = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
    %xi = memref.load %x[%i] : memref<?xf64>
    %yi = memref.load %y[%i] : memref<?xf64>
    %p = arith.mulf %xi, %yi : f64
    scf.reduce(%p : f64) {
    ^bb0(%a: f64, %b: f64):
      %s = arith.addf %a, %b : f64
      scf.reduce.return %s : f64
    }
  }
  %inv = arith.divf %one, %dot : f64
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %yi = memref.load %y[%i] : memref<?xf64>
    %s = arith.mulf %inv, %yi : f64
    memref.store %s, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// A norm carried from one iteration to the next (power iteration's |x|^2): two slots, read at
// the iteration's parity, the next value reduced into the other one; the loop carries nothing.
// CHECK-LABEL: func.func @carried_norm(
// CHECK:         %[[SLOTS:.*]] = memref.alloc() : memref<2xf64>
// CHECK:         %[[FIRST:.*]] = "kokkos.range_parallel"
// CHECK:         "kokkos.reduce_into"(%[[FIRST]], %[[SLOTS]], %{{.*}}) : (f64, memref<2xf64>, index) -> ()
// CHECK:         scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:           %[[SLOT:.*]] = arith.remui %[[K]], %{{.*}} : index
// CHECK:           %[[NEXT:.*]] = arith.subi %{{.*}}, %[[SLOT]] : index
// CHECK:           "kokkos.range_parallel"
// CHECK:             memref.load %[[SLOTS]][%[[SLOT]]] : memref<2xf64>
// CHECK:             math.sqrt
// CHECK:           %[[NORM:.*]] = "kokkos.range_parallel"
// CHECK:           "kokkos.reduce_into"(%[[NORM]], %[[SLOTS]], %[[NEXT]])
// CHECK-NOT:       scf.yield %
// CHECK:         return
// CPP-LABEL: void carried_norm(DeviceView<double*> arg0, int64_t arg1) {
// CPP:         }, Kokkos::subview(carried_sums, 0));
// CPP:         for (
// CPP:           int64_t slot =
// CPP:           int64_t next_slot = 1 - slot;
// CPP:           = carried_sums(slot);
// CPP:           }, Kokkos::subview(carried_sums, next_slot));
func.func @carried_norm(%x: memref<?xf64>, %iterations: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %n = memref.dim %x, %c0 : memref<?xf64>
  %first = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
    %xi = memref.load %x[%i] : memref<?xf64>
    %p = arith.mulf %xi, %xi : f64
    scf.reduce(%p : f64) {
    ^bb0(%a: f64, %b: f64):
      %s = arith.addf %a, %b : f64
      scf.reduce.return %s : f64
    }
  }
  %last = scf.for %k = %c0 to %iterations step %c1 iter_args(%squared = %first) -> (f64) {
    %norm = math.sqrt %squared : f64
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %xi = memref.load %x[%i] : memref<?xf64>
      %s = arith.divf %xi, %norm : f64
      memref.store %s, %x[%i] : memref<?xf64>
      scf.reduce
    }
    %next = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
      %xi = memref.load %x[%i] : memref<?xf64>
      %p = arith.mulf %xi, %xi : f64
      scf.reduce(%p : f64) {
      ^bb0(%a: f64, %b: f64):
        %s = arith.addf %a, %b : f64
        scf.reduce.return %s : f64
      }
    }
    scf.yield %next : f64
  }
  return
}

// Scalars the host needs stay host reductions: a returned dot (also used by a kernel), a sum
// that bounds a loop, an integer sum (Kokkos' unsigned accumulator), and a carried value whose
// final result is used after the loop.
// CHECK-LABEL: func.func @host_needs_them(
// CHECK-NOT:     kokkos.reduce_into
// CHECK-NOT:     memref.alloc
// CHECK:         return
func.func @host_needs_them(%x: memref<?xf64>, %c: memref<?xi64>, %iterations: index) -> (f64, i64, f64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %izero = arith.constant 0 : i64
  %n = memref.dim %x, %c0 : memref<?xf64>
  %dot = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
    %xi = memref.load %x[%i] : memref<?xf64>
    %p = arith.mulf %xi, %xi : f64
    scf.reduce(%p : f64) {
    ^bb0(%a: f64, %b: f64):
      %s = arith.addf %a, %b : f64
      scf.reduce.return %s : f64
    }
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %xi = memref.load %x[%i] : memref<?xf64>
    %s = arith.divf %xi, %dot : f64
    memref.store %s, %x[%i] : memref<?xf64>
    scf.reduce
  }
  %total = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%izero) -> i64 {
    %ci = memref.load %c[%i] : memref<?xi64>
    scf.reduce(%ci : i64) {
    ^bb0(%a: i64, %b: i64):
      %s = arith.addi %a, %b : i64
      scf.reduce.return %s : i64
    }
  }
  %count = arith.index_cast %total : i64 to index
  scf.parallel (%i) = (%c0) to (%count) step (%c1) {
    %t = arith.sitofp %total : i64 to f64
    memref.store %t, %x[%i] : memref<?xf64>
    scf.reduce
  }
  %last = scf.for %k = %c0 to %iterations step %c1 iter_args(%carried = %dot) -> (f64) {
    %next = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
      %xi = memref.load %x[%i] : memref<?xf64>
      %p = arith.mulf %xi, %carried : f64
      scf.reduce(%p : f64) {
      ^bb0(%a: f64, %b: f64):
        %s = arith.addf %a, %b : f64
        scf.reduce.return %s : f64
      }
    }
    scf.yield %next : f64
  }
  return %dot, %total, %last : f64, i64, f64
}

// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-sparse-parallel-safety)" | FileCheck %s

// Writes indexed by the induction variable are disjoint: the loop stays parallel, untouched.
// CHECK-LABEL: func.func @disjoint_rows(
// CHECK:         scf.parallel
// CHECK-NOT:       memref.atomic_rmw
// CHECK:           memref.store
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @disjoint_rows(%pos: memref<?xindex>, %val: memref<?xf64>, %y: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %p = memref.load %pos[%i] : memref<?xindex>
    %v = memref.load %val[%p] : memref<?xf64>
    %old = memref.load %y[%i] : memref<?xf64>
    %new = arith.addf %old, %v : f64
    memref.store %new, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// The IV shifted by a loop-invariant offset, through an index cast, is still injective.
// CHECK-LABEL: func.func @shifted_index(
// CHECK:         scf.parallel
// CHECK:           memref.store
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @shifted_index(%x: memref<?xf32>, %y: memref<?xf32>, %n: index, %off: i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %ii = arith.index_cast %i : index to i32
    %s = arith.addi %ii, %off : i32
    %j = arith.index_cast %s : i32 to index
    %v = memref.load %x[%i] : memref<?xf32>
    memref.store %v, %y[%j] : memref<?xf32>
    scf.reduce
  }
  return
}

// CSC SpMV: iterations scatter into y through row coordinates. The read-modify-write with an
// associative-commutative op becomes an atomic update, and the loop stays parallel.
// CHECK-LABEL: func.func @scatter_add(
// CHECK:         scf.parallel
// CHECK:           %[[ROW:.*]] = memref.load %{{.*}}[%{{.*}}] : memref<?xindex>
// CHECK:           %[[PROD:.*]] = arith.mulf
// CHECK-NEXT:      memref.atomic_rmw addf %[[PROD]], %{{.*}}[%[[ROW]]] : (f64, memref<?xf64>) -> f64
// CHECK-NOT:       memref.store
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @scatter_add(%crd: memref<?xindex>, %val: memref<?xf64>, %x: memref<?xf64>, %y: memref<?xf64>, %nnz: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%k) = (%c0) to (%nnz) step (%c1) {
    %row = memref.load %crd[%k] : memref<?xindex>
    %a = memref.load %val[%k] : memref<?xf64>
    %b = memref.load %x[%k] : memref<?xf64>
    %prod = arith.mulf %a, %b : f64
    %old = memref.load %y[%row] : memref<?xf64>
    %new = arith.addf %old, %prod : f64
    memref.store %new, %y[%row] : memref<?xf64>
    scf.reduce
  }
  return
}

// Integer max through the scattered index also has an atomic form.
// CHECK-LABEL: func.func @scatter_max(
// CHECK:         memref.atomic_rmw maxs
// CHECK-NOT:     lapis.serial
func.func @scatter_max(%crd: memref<?xindex>, %v: memref<?xi32>, %y: memref<?xi32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%k) = (%c0) to (%n) step (%c1) {
    %row = memref.load %crd[%k] : memref<?xindex>
    %a = memref.load %v[%k] : memref<?xi32>
    %old = memref.load %y[%row] : memref<?xi32>
    %new = arith.maxsi %a, %old : i32
    memref.store %new, %y[%row] : memref<?xi32>
    scf.reduce
  }
  return
}

// A scattered plain store (last writer wins) has no race-free parallel form: the loop is serial.
// CHECK-LABEL: func.func @scatter_overwrite(
// CHECK:         scf.parallel
// CHECK:           memref.store
// CHECK:         } {lapis.serial}
func.func @scatter_overwrite(%crd: memref<?xindex>, %v: memref<?xf64>, %y: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%k) = (%c0) to (%n) step (%c1) {
    %row = memref.load %crd[%k] : memref<?xindex>
    %a = memref.load %v[%k] : memref<?xf64>
    memref.store %a, %y[%row] : memref<?xf64>
    scf.reduce
  }
  return
}

// Subtraction is not commutative: no atomic, the loop is serial.
// CHECK-LABEL: func.func @scatter_sub(
// CHECK-NOT:     memref.atomic_rmw
// CHECK:         } {lapis.serial}
func.func @scatter_sub(%crd: memref<?xindex>, %v: memref<?xf64>, %y: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%k) = (%c0) to (%n) step (%c1) {
    %row = memref.load %crd[%k] : memref<?xindex>
    %a = memref.load %v[%k] : memref<?xf64>
    %old = memref.load %y[%row] : memref<?xf64>
    %new = arith.subf %old, %a : f64
    memref.store %new, %y[%row] : memref<?xf64>
    scf.reduce
  }
  return
}

// A disjoint write whose buffer is also read at another index (a neighbour) may race with the
// neighbour's write: serial.
// CHECK-LABEL: func.func @neighbour_read(
// CHECK:         } {lapis.serial}
func.func @neighbour_read(%y: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %j = arith.addi %i, %c1 : index
    %a = memref.load %y[%j] : memref<?xf64>
    memref.store %a, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// Calls and reallocations inside the loop make it serial (their effects are not analysed).
// CHECK-LABEL: func.func @calls_inside(
// CHECK:         } {lapis.serial}
func.func private @log_value(f64)
func.func @calls_inside(%x: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %a = memref.load %x[%i] : memref<?xf64>
    func.call @log_value(%a) : (f64) -> ()
    scf.reduce
  }
  return
}

// Buffers allocated inside an iteration are private to it; writes to them never race.
// CHECK-LABEL: func.func @private_scratch(
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @private_scratch(%crd: memref<?xindex>, %x: memref<?xf64>, %y: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %tmp = memref.alloca() : memref<4xf64>
    %row = memref.load %crd[%i] : memref<?xindex>
    %a = memref.load %x[%row] : memref<?xf64>
    memref.store %a, %tmp[%c0] : memref<4xf64>
    %b = memref.load %tmp[%c0] : memref<4xf64>
    memref.store %b, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// Reductions through scf.reduce are race-free as they are.
// CHECK-LABEL: func.func @reduce_sum(
// CHECK:         scf.reduce
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @reduce_sum(%x: memref<?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %s = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
    %a = memref.load %x[%i] : memref<?xf64>
    scf.reduce(%a : f64) {
    ^bb0(%l: f64, %r: f64):
      %t = arith.addf %l, %r : f64
      scf.reduce.return %t : f64
    }
  }
  return %s : f64
}

// CSR SpMM: the loop over a row's nonzeros updates C[i, j] in every iteration, but the enclosing
// parallel loop over rows i already owns C[i, :]. The nonzero loop becomes a sequential scf.for
// (no atomics); the column loop in it writes C[i, j] disjointly in j and stays parallel.
// CHECK-LABEL: func.func @row_owned_updates(
// CHECK:         scf.parallel (%[[I:.*]]) =
// CHECK:           scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step
// CHECK:             scf.parallel (%[[J:.*]]) =
// CHECK-NOT:           memref.atomic_rmw
// CHECK:               memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]]
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @row_owned_updates(%pos: memref<?xindex>, %crd: memref<?xindex>, %val: memref<?xf64>, %b: memref<?x16xf64>, %c: memref<?x16xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %lo = memref.load %pos[%i] : memref<?xindex>
    %i1 = arith.addi %i, %c1 : index
    %hi = memref.load %pos[%i1] : memref<?xindex>
    scf.parallel (%k) = (%lo) to (%hi) step (%c1) {
      %col = memref.load %crd[%k] : memref<?xindex>
      %a = memref.load %val[%k] : memref<?xf64>
      scf.parallel (%j) = (%c0) to (%c16) step (%c1) {
        %old = memref.load %c[%i, %j] : memref<?x16xf64>
        %bv = memref.load %b[%col, %j] : memref<?x16xf64>
        %p = arith.mulf %a, %bv : f64
        %s = arith.addf %old, %p : f64
        memref.store %s, %c[%i, %j] : memref<?x16xf64>
        scf.reduce
      }
      scf.reduce
    }
    scf.reduce
  }
  return
}

// The same update with the rows loop serial (no outer owner): the nonzero loop stays parallel, atomically.
// CHECK-LABEL: func.func @no_parallel_owner(
// CHECK:         scf.for
// CHECK:           scf.parallel
// CHECK:             memref.atomic_rmw addf
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @no_parallel_owner(%pos: memref<?xindex>, %crd: memref<?xindex>, %val: memref<?xf64>, %b: memref<?xf64>, %c: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %lo = memref.load %pos[%i] : memref<?xindex>
    %i1 = arith.addi %i, %c1 : index
    %hi = memref.load %pos[%i1] : memref<?xindex>
    scf.parallel (%k) = (%lo) to (%hi) step (%c1) {
      %col = memref.load %crd[%k] : memref<?xindex>
      %a = memref.load %val[%k] : memref<?xf64>
      %old = memref.load %c[%i] : memref<?xf64>
      %bv = memref.load %b[%col] : memref<?xf64>
      %p = arith.mulf %a, %bv : f64
      %s = arith.addf %old, %p : f64
      memref.store %s, %c[%i] : memref<?xf64>
      scf.reduce
    }
  }
  return
}

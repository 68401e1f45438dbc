// Per-buffer memory spaces: kernels run on the device, host loops on the host, and a buffer
// both touch is a Kokkos::DualView synced (sync_host/sync_device) and marked (modify_host/
// modify_device) only where it crosses. A view of such a buffer gets a device View and a host
// View when both sides use it; a buffer only host code touches is a plain host View.

func.func private @damp(%v: f64) -> f64 {
  %half = arith.constant 0.5 : f64
  %r = arith.mulf %v, %half : f64
  return %r : f64
}

// Kernel, host recurrence (calls @damp), kernel, on one allocation.
func.func @smooth(%x: memref<?xf64> loc("x")) -> memref<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f64
  %n = memref.dim %x, %c0 : memref<?xf64>
  %buf = memref.alloc(%n) : memref<?xf64> loc("buf")
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %x[%i] : memref<?xf64>
    %w = arith.mulf %v, %two : f64
    memref.store %w, %buf[%i] : memref<?xf64>
    scf.reduce
  }
  scf.for %i = %c1 to %n step %c1 {
    %prev = arith.subi %i, %c1 : index
    %p = memref.load %buf[%prev] : memref<?xf64>
    %d = func.call @damp(%p) : (f64) -> f64
    %v = memref.load %buf[%i] : memref<?xf64>
    %s = arith.addf %v, %d : f64
    memref.store %s, %buf[%i] : memref<?xf64>
  }
  %out = memref.alloc(%n) : memref<?xf64> loc("out")
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %b = memref.load %buf[%i] : memref<?xf64>
    %v = memref.load %x[%i] : memref<?xf64>
    %s = arith.subf %b, %v : f64
    memref.store %s, %out[%i] : memref<?xf64>
    scf.reduce
  }
  memref.dealloc %buf : memref<?xf64>
  return %out : memref<?xf64>
}

// An argument updated in place by a kernel and a host loop in turn (syncs inside the loop), a
// row view used on both sides, and a host-only scratch buffer.
func.func @sweeps(%m: memref<4x?xf32> loc("m")) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %half = arith.constant 0.5 : f32
  %quarter = arith.constant 0.25 : f32
  %n = memref.dim %m, %c1 : memref<4x?xf32>
  %row = memref.subview %m[1, 0] [1, %n] [1, 1] : memref<4x?xf32> to memref<?xf32, strided<[1], offset: ?>>
  %scratch = memref.alloc(%n) : memref<?xf32> loc("scratch")
  scf.for %sweep = %c0 to %c2 step %c1 {
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %n) step (%c1, %c1) {
      %v = memref.load %m[%i, %j] : memref<4x?xf32>
      %w = arith.mulf %v, %half : f32
      memref.store %w, %m[%i, %j] : memref<4x?xf32>
      scf.reduce
    }
    scf.for %j = %c1 to %n step %c1 {
      %jm = arith.subi %j, %c1 : index
      %p = memref.load %row[%jm] : memref<?xf32, strided<[1], offset: ?>>
      %v = memref.load %row[%j] : memref<?xf32, strided<[1], offset: ?>>
      %d = arith.mulf %p, %quarter : f32
      %s = arith.addf %v, %d : f32
      memref.store %s, %scratch[%j] : memref<?xf32>
      %t = memref.load %scratch[%j] : memref<?xf32>
      memref.store %t, %row[%j] : memref<?xf32, strided<[1], offset: ?>>
    }
  }
  %out = memref.alloc(%n) : memref<?xf32> loc("result")
  scf.parallel (%j) = (%c0) to (%n) step (%c1) {
    %v = memref.load %row[%j] : memref<?xf32, strided<[1], offset: ?>>
    %w = memref.load %m[%c0, %j] : memref<4x?xf32>
    %s = arith.addf %v, %w : f32
    memref.store %s, %out[%j] : memref<?xf32>
    scf.reduce
  }
  memref.dealloc %scratch : memref<?xf32>
  return %out : memref<?xf32>
}

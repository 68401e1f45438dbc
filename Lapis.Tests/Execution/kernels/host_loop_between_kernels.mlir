// A host loop between two kernels on a shared buffer: a kernel fills %buf, a serial recurrence
// calls a function for every element (host code, reading and writing %buf), another kernel
// reads %buf. Kernels stay on the device; %buf is a DualView synced to the host before the loop
// and back to the device after it.
func.func private @damp(%v: f64) -> f64 {
  %half = arith.constant 0.5 : f64
  %r = arith.mulf %v, %half : f64
  return %r : f64
}

func.func @host_loop_between_kernels(%x: memref<?xf64>) -> memref<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f64
  %n = memref.dim %x, %c0 : memref<?xf64>
  %buf = memref.alloc(%n) : memref<?xf64>
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
  %out = memref.alloc(%n) : memref<?xf64>
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

// Kernels and host loops alternate inside an outer loop on the same argument buffer: every
// sweep a kernel rescales %x on the device, then a host loop with a bounds assertion (host
// code) runs a recurrence over %x in place. %x is a DualView synced inside the outer loop
// (each space before its use), and back to the device before the last kernel and the return.
func.func @host_loop_alternating(%x: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %half = arith.constant 0.5 : f32
  %one = arith.constant 1.0 : f32
  %quarter = arith.constant 0.25 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %sweep = %c0 to %c3 step %c1 {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %v = memref.load %x[%i] : memref<?xf32>
      %w = arith.mulf %v, %half : f32
      %u = arith.addf %w, %one : f32
      memref.store %u, %x[%i] : memref<?xf32>
      scf.reduce
    }
    scf.for %i = %c1 to %n step %c1 {
      %ok = arith.cmpi ult, %i, %n : index
      cf.assert %ok, "index out of bounds"
      %prev = arith.subi %i, %c1 : index
      %p = memref.load %x[%prev] : memref<?xf32>
      %v = memref.load %x[%i] : memref<?xf32>
      %d = arith.mulf %p, %quarter : f32
      %s = arith.addf %v, %d : f32
      memref.store %s, %x[%i] : memref<?xf32>
    }
  }
  %out = memref.alloc(%n) : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %x[%i] : memref<?xf32>
    %w = arith.mulf %v, %v : f32
    memref.store %w, %out[%i] : memref<?xf32>
    scf.reduce
  }
  return %out : memref<?xf32>
}

// Reductions whose results only kernels need stay on the device (lapis-device-scalars):
// (1) normalized power steps, y = A x / |x| with |x|^2 carried from one iteration to the next
//     (two slots read at the iteration's parity; the loop runs from 1 to 12 step 2, 6 times, so
//     the parity comes from (k - 1) / 2), f64;
// (2) centering by the mean, x - sum(x) / n: the sum reduces into a 0-d View and the kernel
//     recomputes the mean from it, f32.
// Both are compared with MLIR's own execution by lapis check.
func.func @device_scalars(%a: memref<?x?xf64>, %x0: memref<?xf64>, %v: memref<?xf32>) -> (memref<?xf64>, memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c12 = arith.constant 12 : index
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %zero32 = arith.constant 0.0 : f32
  %n = memref.dim %x0, %c0 : memref<?xf64>
  %x = memref.alloc(%n) : memref<?xf64>
  %y = memref.alloc(%n) : memref<?xf64>
  memref.copy %x0, %x : memref<?xf64> to memref<?xf64>
  %first = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
    %xi = memref.load %x[%i] : memref<?xf64>
    %p = arith.mulf %xi, %xi : f64
    scf.reduce(%p : f64) {
    ^bb0(%l: f64, %r: f64):
      %s = arith.addf %l, %r : f64
      scf.reduce.return %s : f64
    }
  }
  %last = scf.for %k = %c1 to %c12 step %c2 iter_args(%squared = %first) -> (f64) {
    %norm = math.sqrt %squared : f64
    %inverse = arith.divf %one, %norm : f64
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %row = scf.for %j = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f64) {
        %aij = memref.load %a[%i, %j] : memref<?x?xf64>
        %xj = memref.load %x[%j] : memref<?xf64>
        %p = arith.mulf %aij, %xj : f64
        %s = arith.addf %acc, %p : f64
        scf.yield %s : f64
      }
      %scaled = arith.mulf %row, %inverse : f64
      memref.store %scaled, %y[%i] : memref<?xf64>
      scf.reduce
    }
    memref.copy %y, %x : memref<?xf64> to memref<?xf64>
    %next = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f64 {
      %xi = memref.load %x[%i] : memref<?xf64>
      %p = arith.mulf %xi, %xi : f64
      scf.reduce(%p : f64) {
      ^bb0(%l: f64, %r: f64):
        %s = arith.addf %l, %r : f64
        scf.reduce.return %s : f64
      }
    }
    scf.yield %next : f64
  }
  memref.dealloc %y : memref<?xf64>

  %m = memref.dim %v, %c0 : memref<?xf32>
  %sum = scf.parallel (%i) = (%c0) to (%m) step (%c1) init (%zero32) -> f32 {
    %vi = memref.load %v[%i] : memref<?xf32>
    scf.reduce(%vi : f32) {
    ^bb0(%l: f32, %r: f32):
      %s = arith.addf %l, %r : f32
      scf.reduce.return %s : f32
    }
  }
  %count = arith.index_cast %m : index to i64
  %countf = arith.sitofp %count : i64 to f32
  %mean = arith.divf %sum, %countf : f32
  %centered = memref.alloc(%m) : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%m) step (%c1) {
    %vi = memref.load %v[%i] : memref<?xf32>
    %d = arith.subf %vi, %mean : f32
    memref.store %d, %centered[%i] : memref<?xf32>
    scf.reduce
  }
  return %x, %centered : memref<?xf64>, memref<?xf32>
}

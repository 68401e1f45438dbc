// The bundled demo of `build.ps1 demo`: y = a*x + y, then return sum(y).
// Already-lowered scf/memref code, as MLIR's bufferization leaves it.
func.func @saxpy_sum(%a: f32 loc("a"), %x: memref<?xf32> loc("x"), %y: memref<?xf32> loc("y")) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %xi = memref.load %x[%i] : memref<?xf32>
    %yi = memref.load %y[%i] : memref<?xf32>
    %axi = arith.mulf %a, %xi : f32
    %s = arith.addf %axi, %yi : f32
    memref.store %s, %y[%i] : memref<?xf32>
  }
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %yi = memref.load %y[%i] : memref<?xf32>
    %next = arith.addf %acc, %yi : f32
    scf.yield %next : f32
  }
  return %sum : f32
}

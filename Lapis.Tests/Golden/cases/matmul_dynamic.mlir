// C += A * B on memrefs with dynamic sizes read with memref.dim.

func.func @matmul(%A: memref<?x?xf64> loc("A"), %B: memref<?x?xf64> loc("B"), %C: memref<?x?xf64> loc("C")) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %A, %c0 : memref<?x?xf64>
  %k = memref.dim %A, %c1 : memref<?x?xf64>
  %n = memref.dim %B, %c1 : memref<?x?xf64>
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %init = memref.load %C[%i, %j] : memref<?x?xf64>
      %dot = scf.for %p = %c0 to %k step %c1 iter_args(%acc = %init) -> (f64) {
        %a = memref.load %A[%i, %p] : memref<?x?xf64>
        %b = memref.load %B[%p, %j] : memref<?x?xf64>
        %ab = arith.mulf %a, %b : f64
        %s = arith.addf %acc, %ab : f64
        scf.yield %s : f64
      }
      memref.store %dot, %C[%i, %j] : memref<?x?xf64>
    }
  }
  return
}

// Hand-written scf: a parallel loop nest (rows outer, columns inner) with a row-sum reduction
// in the inner loop; the outer loop becomes the kernel, the inner one runs inside it.
func.func @nested_parallel(%a: memref<?x?xf64>, %rowsum: memref<?xf64>) -> memref<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %n = memref.dim %a, %c0 : memref<?x?xf64>
  %m = memref.dim %a, %c1 : memref<?x?xf64>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %s = scf.parallel (%j) = (%c0) to (%m) step (%c1) init (%zero) -> f64 {
      %v = memref.load %a[%i, %j] : memref<?x?xf64>
      %sq = arith.mulf %v, %v : f64
      scf.reduce(%sq : f64) {
      ^bb0(%x: f64, %y: f64):
        %t = arith.addf %x, %y : f64
        scf.reduce.return %t : f64
      }
    }
    memref.store %s, %rowsum[%i] : memref<?xf64>
    scf.reduce
  }
  return %rowsum : memref<?xf64>
}

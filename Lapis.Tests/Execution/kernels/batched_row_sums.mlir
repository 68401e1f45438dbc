// Hand-written scf: three nested parallel loops (batch, rows, a sum over the columns) become
// team / thread / vector (TeamPolicy per batch entry, TeamThreadRange over the rows,
// ThreadVectorRange parallel_reduce over the columns, the row's store in single(PerThread)).
// The per-batch weight load keeps canonicalization from merging the two outer loops.
func.func @batched_row_sums(%a: memref<?x?x?xf64>, %weights: memref<?xf64>, %out: memref<?x?xf64>) -> memref<?x?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f64
  %b = memref.dim %a, %c0 : memref<?x?x?xf64>
  %n = memref.dim %a, %c1 : memref<?x?x?xf64>
  %m = memref.dim %a, %c2 : memref<?x?x?xf64>
  scf.parallel (%i) = (%c0) to (%b) step (%c1) {
    %weight = memref.load %weights[%i] : memref<?xf64>
    scf.parallel (%j) = (%c0) to (%n) step (%c1) {
      %s = scf.parallel (%k) = (%c0) to (%m) step (%c1) init (%zero) -> f64 {
        %v = memref.load %a[%i, %j, %k] : memref<?x?x?xf64>
        %w = arith.mulf %v, %v : f64
        scf.reduce(%w : f64) {
        ^bb0(%x: f64, %y: f64):
          %t = arith.addf %x, %y : f64
          scf.reduce.return %t : f64
        }
      }
      %old = memref.load %out[%i, %j] : memref<?x?xf64>
      %ws = arith.mulf %weight, %s : f64
      %new = arith.addf %old, %ws : f64
      memref.store %new, %out[%i, %j] : memref<?x?xf64>
      scf.reduce
    }
    scf.reduce
  }
  return %out : memref<?x?xf64>
}

// Hand-written scf: per row a max and a sum over the columns (two reductions in one inner loop),
// then a per-row store: blocks of rows per team, a row per team thread, the columns on the vector
// lanes with a generated reducer (max and sum together) in the ThreadVectorRange parallel_reduce.
func.func @row_max_and_sum(%a: memref<?x?xf64>, %out: memref<?xf64>) -> memref<?xf64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %n = memref.dim %a, %c0 : memref<?x?xf64>
  %m = memref.dim %a, %c1 : memref<?x?xf64>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %r:2 = scf.parallel (%j) = (%c0) to (%m) step (%c1) init (%ninf, %zero) -> (f64, f64) {
      %v = memref.load %a[%i, %j] : memref<?x?xf64>
      scf.reduce(%v, %v : f64, f64) {
      ^bb0(%x: f64, %y: f64):
        %t = arith.maximumf %x, %y : f64
        scf.reduce.return %t : f64
      }, {
      ^bb0(%x: f64, %y: f64):
        %t = arith.addf %x, %y : f64
        scf.reduce.return %t : f64
      }
    }
    %s = arith.addf %r#0, %r#1 : f64
    memref.store %s, %out[%i] : memref<?xf64>
    scf.reduce
  }
  return %out : memref<?xf64>
}

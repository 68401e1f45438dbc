// Hierarchical mapping of row-wise loops (lapis-kokkos-loop-mapping).
// CSR SpMV as the sparsifier writes it: blocks of rows per team, a row per team thread, the
// row's entries on the vector lanes; the vector length and rows per block are computed at run
// time from the average entries per row (stored entries / rows).
func.func @csr_spmv(%pos: memref<?xindex>, %crd: memref<?xindex>, %val: memref<?xf64>, %x: memref<?xf64>, %y: memref<?xf64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %n = memref.dim %y, %c0 : memref<?xf64>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %y0 = memref.load %y[%i] : memref<?xf64>
    %start = memref.load %pos[%i] : memref<?xindex>
    %i1 = arith.addi %i, %c1 : index
    %end = memref.load %pos[%i1] : memref<?xindex>
    %len = arith.subi %end, %start : index
    %s = scf.parallel (%k) = (%c0) to (%len) step (%c1) init (%zero) -> f64 {
      %e = arith.addi %k, %start : index
      %j = memref.load %crd[%e] : memref<?xindex>
      %a = memref.load %val[%e] : memref<?xf64>
      %b = memref.load %x[%j] : memref<?xf64>
      %p = arith.mulf %a, %b : f64
      scf.reduce(%p : f64) {
      ^bb0(%u: f64, %v: f64):
        %t = arith.addf %u, %v : f64
        scf.reduce.return %t : f64
      }
    }
    %r = arith.addf %y0, %s : f64
    memref.store %r, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// Three deep: a team per batch entry, TeamThreadRange over its rows, ThreadVectorRange over the
// columns (vector length from the column count).
func.func @batched_matvec(%A: memref<?x?x?xf32>, %x: memref<?x?xf32>, %out: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f32
  %b = memref.dim %A, %c0 : memref<?x?x?xf32>
  %n = memref.dim %A, %c1 : memref<?x?x?xf32>
  %m = memref.dim %A, %c2 : memref<?x?x?xf32>
  scf.parallel (%i) = (%c0) to (%b) step (%c1) {
    %bias = memref.load %x[%i, %c0] : memref<?x?xf32>
    scf.parallel (%j) = (%c0) to (%n) step (%c1) {
      %s = scf.parallel (%k) = (%c0) to (%m) step (%c1) init (%zero) -> f32 {
        %a = memref.load %A[%i, %j, %k] : memref<?x?x?xf32>
        %v = memref.load %x[%i, %k] : memref<?x?xf32>
        %p = arith.mulf %a, %v : f32
        scf.reduce(%p : f32) {
        ^bb0(%u: f32, %w: f32):
          %t = arith.addf %u, %w : f32
          scf.reduce.return %t : f32
        }
      }
      %r = arith.addf %bias, %s : f32
      memref.store %r, %out[%i, %j] : memref<?x?xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

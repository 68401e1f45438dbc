// MLIR's reference for Golden/cases/kokkos_team_hierarchy.mlir (which MLIR cannot execute: it is
// written in the kokkos dialect): the same function with every team, thread and vector loop run
// in order by scf.for, each kokkos.single as plain code, barriers dropped.
// Per row r: totals[r] = sum_j sum_k A[r,j,k]; then A[r,j,k] = A[r,j,k] * (2 / totals[r]) - A[r,0,0]
// (the first element as read before the row is rescaled).
func.func @normalize_rows(%a: memref<?x?x?xf32>, %totals: memref<?xf32>, %rows: index, %cols: index, %depth: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  scf.for %r = %c0 to %rows step %c1 {
    %rowsum = scf.for %j = %c0 to %cols step %c1 iter_args(%acc = %zero) -> f32 {
      %colsum = scf.for %k = %c0 to %depth step %c1 iter_args(%inner = %zero) -> f32 {
        %v = memref.load %a[%r, %j, %k] : memref<?x?x?xf32>
        %s = arith.addf %inner, %v : f32
        scf.yield %s : f32
      }
      %s = arith.addf %acc, %colsum : f32
      scf.yield %s : f32
    }
    memref.store %rowsum, %totals[%r] : memref<?xf32>
    %first = memref.load %a[%r, %c0, %c0] : memref<?x?x?xf32>
    %t = memref.load %totals[%r] : memref<?xf32>
    %inv = arith.divf %one, %t : f32
    scf.for %j = %c0 to %cols step %c1 {
      %scale = arith.mulf %inv, %two : f32
      scf.for %k = %c0 to %depth step %c1 {
        %w = memref.load %a[%r, %j, %k] : memref<?x?x?xf32>
        %wn = arith.mulf %w, %scale : f32
        %ws = arith.subf %wn, %first : f32
        memref.store %ws, %a[%r, %j, %k] : memref<?x?x?xf32>
      }
    }
  }
  return
}

// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,lapis-kokkos-loop-mapping)" | FileCheck %s
// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,lapis-kokkos-loop-mapping{sparse-rows=row-blocks})" | FileCheck %s --check-prefix=ROWS
// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,lapis-kokkos-loop-mapping{sparse-rows=nonzero-split})" | FileCheck %s --check-prefix=SPLIT
// RUN: not lapis opt %s --pass-pipeline="builtin.module(lapis-kokkos-loop-mapping{sparse-rows=merge})" 2>&1 | FileCheck %s --check-prefix=BADOPT

// BADOPT: sparse-rows=auto|row-blocks|nonzero-split

// CSR SpMV as the sparsifier writes it (y[i] chained into the row's reduction). By default the
// row loop gets both mappings and a run-time choice: a max reduction over the row blocks'
// entries (pos[min((k+1)R, rows)] - pos[kR]) against 2x the average picks the nonzero split.
// CHECK-LABEL: func.func @csr_rows(
// CHECK-SAME:    %[[POS:[^:]*]]: memref<?xindex>, %[[CRD:[^:]*]]: memref<?xindex>, %{{[^:]*}}: memref<?xf64>, %{{[^:]*}}: memref<?xf64>, %[[Y:[^:]*]]: memref<?xf64>, %[[N:[^:]*]]: index)
// CHECK:         memref.dim %[[CRD]]
// CHECK:         %[[NNZ:.*]] = memref.dim %[[CRD]]
// CHECK:         %[[MAXB:.*]] = "kokkos.range_parallel"(%[[BLOCKS:.*]]) ({
// CHECK:           %[[FIRST:.*]] = arith.muli %{{.*}}, %[[RPB:.*]] : index
// CHECK:           %[[NEXT:.*]] = arith.addi %[[FIRST]], %[[RPB]] : index
// CHECK:           %[[LAST:.*]] = arith.minsi %[[NEXT]], %[[N]] : index
// CHECK:           %[[E:.*]] = memref.load %[[POS]][%[[LAST]]]
// CHECK:           %[[S:.*]] = memref.load %[[POS]][%[[FIRST]]]
// CHECK:           %[[D:.*]] = arith.subi %[[E]], %[[S]] : index
// CHECK:           "kokkos.update_reduction"(%[[D]], %{{.*}}) ({
// CHECK:             arith.maxsi
// CHECK:           }) {kind = "max"}
// CHECK:         }) {execution_space = "device", label = "csr_rows:{{[0-9]+}}:row_block_entries"} : (index) -> index
// CHECK:         %[[MAX:.*]] = arith.maxsi %{{.*}}, %[[MAXB]] : index
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[LHS:.*]] = arith.muli %[[MAX]], %[[BLOCKS]] : index
// CHECK:         %[[NNZ1:.*]] = arith.maxsi %[[NNZ]], %{{.*}} : index
// CHECK:         %[[RHS:.*]] = arith.muli %[[NNZ1]], %[[C2]] : index
// CHECK:         %[[SKEWED:.*]] = arith.cmpi sgt, %[[LHS]], %[[RHS]] : index
// The chunks are equal pieces of the merge path (the row ends merged with the entries, so a chunk
// of short or empty rows is as much work as one of a long row's entries). Their boundaries (row,
// entry in pos) go to one buffer, allocated before the choice (lapis-plan-memory reuses it), ...
// CHECK:         %[[BYITEMS:.*]] = arith.divsi
// CHECK-NEXT:    %[[CHUNKS:.*]] = arith.maxsi %[[BYITEMS]], %{{.*}} : index
// CHECK:         %[[C:.*]] = arith.divsi %{{.*}}, %[[CHUNKS]] : index
// CHECK:         %[[NB:.*]] = arith.addi %[[CHUNKS]], %{{.*}} : index
// (one row of it where the execution space is a GPU: its kernel below needs none)
// CHECK-NEXT:    %[[NBR:.*]] = arith.select %[[ONHOST:.*]], %[[NB]], %{{.*}} : index
// CHECK-NEXT:    %[[BOUNDS:.*]] = memref.alloc(%[[NBR]]) : memref<?x2xindex>
// CHECK:         scf.if %[[SKEWED]] {
// CHECK-NEXT:      scf.if %[[ONHOST]] {
// ... by one binary search per boundary (chunks + 1 of them): boundary t is the path's point on
// diagonal t x chunk (rows completed, pos[0] + entries consumed).
// CHECK:           "kokkos.range_parallel"(%[[NB]]) ({
// CHECK-NEXT:      ^bb0(%[[T:.*]]: index):
// CHECK:             %[[BASE:.*]] = memref.load %[[POS]][%{{.*}}] : memref<?xindex>
// CHECK:             %[[ITEMS:.*]] = arith.muli %[[T]], %[[C]] : index
// CHECK:             %[[DIAG:.*]] = arith.minsi %[[ITEMS]], %{{.*}} : index
// CHECK:             %[[FOUND:.*]]:2 = scf.while
// CHECK:               %[[PIVOT:.*]] = arith.divui
// CHECK:               %[[PIVOT1:.*]] = arith.addi %[[PIVOT]], %{{.*}} : index
// CHECK-NEXT:          memref.load %[[POS]][%[[PIVOT1]]]
// CHECK:               arith.cmpi sle
// CHECK:             %[[CONSUMED:.*]] = arith.subi %[[DIAG]], %[[FOUND]]#0 : index
// CHECK-NEXT:        %[[AT:.*]] = arith.addi %[[BASE]], %[[CONSUMED]] : index
// CHECK:             memref.store %[[FOUND]]#0, %[[BOUNDS]][%[[T]], %{{.*}}] : memref<?x2xindex>
// CHECK:             memref.store %[[AT]], %[[BOUNDS]][%[[T]], %{{.*}}] : memref<?x2xindex>
// CHECK-NOT:         scf.while
// CHECK:           }) {execution_space = "device", label = "csr_rows:{{[0-9]+}}:chunk_bounds"} : (index) -> ()
// The rows a chunk boundary cuts start from y[i], which the output already holds: no kernel
// initializes them (see @csr_rows_other_init for one that does) ...
// CHECK-NOT:       split_rows
// ... and one kernel iteration per chunk reads its two ends (bounds[t], bounds[t+1]); its first and
// last rows (one if it has one) sum their parts, the rows between them (wholly inside the chunk) run
// the row as it is; host pool threads take the chunks dynamically.
// CHECK:           "kokkos.range_parallel"(%[[CHUNKS]]) ({
// CHECK-NEXT:      ^bb0(%[[K0:.*]]: index):
// CHECK:             %[[NEXT:.*]] = arith.addi %[[K0]], %{{.*}} : index
// CHECK-NOT:         scf.while
// CHECK:             %[[FIRST:.*]] = memref.load %[[BOUNDS]][%[[K0]], %{{.*}}] : memref<?x2xindex>
// CHECK:             %[[B:.*]] = memref.load %[[BOUNDS]][%[[K0]], %{{.*}}] : memref<?x2xindex>
// CHECK:             %[[LAST:.*]] = memref.load %[[BOUNDS]][%[[NEXT]], %{{.*}}] : memref<?x2xindex>
// CHECK:             %[[END:.*]] = memref.load %[[BOUNDS]][%[[NEXT]], %{{.*}}] : memref<?x2xindex>
// CHECK-NEXT:        %[[LASTSTART:.*]] = memref.load %[[POS]][%[[LAST]]]
// CHECK-NEXT:        %[[CUTEND:.*]] = arith.cmpi slt, %[[LASTSTART]], %[[END]] : index
// CHECK:             %[[ROWEND:.*]] = arith.select %[[CUTEND]], %{{.*}}, %[[LAST]] : index
// CHECK-NEXT:        %[[COUNT:.*]] = arith.subi %[[ROWEND]], %[[FIRST]] : index
// CHECK:             %[[EDGES:.*]] = arith.minsi %[[COUNT]], %[[C2:.*]] : index
// CHECK:             %[[FINAL:.*]] = arith.subi %[[ROWEND]], %{{.*}} : index
// CHECK-NEXT:        %[[LESS2:.*]] = arith.subi %[[COUNT]], %[[C2]] : index
// CHECK-NEXT:        %[[INNER:.*]] = arith.maxsi %[[LESS2]], %{{.*}} : index
// CHECK:             %[[AFTER:.*]] = arith.addi %[[FIRST]], %{{.*}} : index
// CHECK-NEXT:        scf.parallel (%[[K:.*]]) = (%{{.*}}) to (%[[EDGES]]) step (%{{.*}}) {
// CHECK-NEXT:          %[[ISFIRST:.*]] = arith.cmpi eq, %[[K]], %{{.*}} : index
// CHECK-NEXT:          %[[ROW:.*]] = arith.select %[[ISFIRST]], %[[FIRST]], %[[FINAL]] : index
// CHECK-NEXT:          %[[INIT:.*]] = memref.load %[[Y]][%[[ROW]]]
// CHECK-NEXT:          %[[LO:.*]] = memref.load %[[POS]][%[[ROW]]]
// CHECK:               %[[HI:.*]] = memref.load %[[POS]][%{{.*}}]
// CHECK-NEXT:          %[[PLO:.*]] = arith.maxsi %[[LO]], %[[B]] : index
// CHECK-NEXT:          %[[PHI:.*]] = arith.minsi %[[HI]], %[[END]] : index
// CHECK-NEXT:          %[[GE:.*]] = arith.cmpi sge, %[[LO]], %[[B]] : index
// CHECK-NEXT:          %[[LE:.*]] = arith.cmpi sle, %[[HI]], %[[END]] : index
// CHECK-NEXT:          %[[WHOLE:.*]] = arith.andi %[[GE]], %[[LE]] : i1
// CHECK-NEXT:          %[[LEN:.*]] = arith.subi %[[PHI]], %[[PLO]] : index
// CHECK-NEXT:          %[[NONEMPTY:.*]] = arith.cmpi sgt, %[[PHI]], %[[PLO]] : index
// CHECK:               %[[PART:.*]] = scf.parallel (%[[J:.*]]) = (%{{.*}}) to (%[[LEN]]) step (%{{.*}}) init (%{{.*}}) -> f64 {
// CHECK-NEXT:            arith.addi %[[J]], %[[PLO]] : index
// CHECK:               %[[SUM:.*]] = arith.addf %[[INIT]], %[[PART]] : f64
// CHECK-NEXT:          scf.if %[[WHOLE]] {
// CHECK-NEXT:            memref.store %[[SUM]], %[[Y]][%[[ROW]]]
// CHECK-NEXT:          } else {
// CHECK-NEXT:            scf.if %[[NONEMPTY]] {
// CHECK-NEXT:              memref.atomic_rmw addf %[[PART]], %[[Y]][%[[ROW]]]
// CHECK:             scf.reduce
// CHECK:             scf.parallel (%[[KI:.*]]) = (%{{.*}}) to (%[[INNER]]) step (%{{.*}}) {
// CHECK-NEXT:          %[[IROW:.*]] = arith.addi %[[AFTER]], %[[KI]] : index
// CHECK-NEXT:          %[[IINIT:.*]] = memref.load %[[Y]][%[[IROW]]]
// CHECK-NEXT:          %[[ILO:.*]] = memref.load %[[POS]][%[[IROW]]]
// CHECK:               %[[IHI:.*]] = memref.load %[[POS]][%{{.*}}]
// CHECK-NEXT:          %[[ILEN:.*]] = arith.subi %[[IHI]], %[[ILO]] : index
// CHECK-NEXT:          %[[ISUM:.*]] = scf.parallel (%{{.*}}) = (%{{.*}}) to (%[[ILEN]]) step (%{{.*}}) init (%[[IINIT]]) -> f64 {
// CHECK-NOT:             atomic_rmw
// CHECK:               memref.store %[[ISUM]], %[[Y]][%[[IROW]]]
// CHECK:             scf.reduce
// CHECK:           }) {execution_space = "device", label = "csr_rows:{{[0-9]+}}:nonzero_split", schedule = "dynamic"} : (index) -> ()
// On a GPU one kernel: each thread takes at most 12 items of the path, searches its own two
// boundaries, loads its entries' products ahead into a local array (a loop of 12 steps, unrolled in
// device code; 0 past the chunk's end), then walks them in 12 steps: a step closes the rows that end
// before its entry (whole rows onto y[i], rows cut by a boundary atomically), then adds its product;
// the row still open at the end is closed the same way.
// CHECK:           } else {
// CHECK-NEXT:        "kokkos.range_parallel"(%[[CHUNKS]]) ({
// CHECK-NEXT:        ^bb0(%{{.*}}: index):
// CHECK:               %[[FROM:.*]]:2 = scf.while
// CHECK:               %[[TO:.*]]:2 = scf.while
// CHECK:               %[[OFF:.*]] = arith.subi %{{.*}}, %[[TO]]#0 : index
// CHECK-NEXT:          %[[ENDAT:.*]] = arith.addi %{{.*}}, %[[OFF]] : index
// CHECK:               %[[C12:.*]] = arith.constant 12 : index
// CHECK-NEXT:          %[[VALS:.*]] = memref.alloca() : memref<12xf64>
// CHECK:               scf.for %[[J:.*]] = %{{.*}} to %[[C12]] step %{{.*}} {
// CHECK-NEXT:            %[[E:.*]] = arith.addi %[[AT0:.*]], %[[J]] : index
// CHECK-NEXT:            %[[IN:.*]] = arith.cmpi slt, %[[E]], %[[ENDAT]] : index
// CHECK-NEXT:            %[[V:.*]] = scf.if %[[IN]] -> (f64) {
// CHECK-NEXT:              %[[EJ:.*]] = arith.addi %[[J]], %[[AT0]] : index
// CHECK-NEXT:              %[[COL:.*]] = memref.load %[[CRD]][%[[EJ]]]
// CHECK:                   arith.mulf
// CHECK:                 memref.store %[[V]], %[[VALS]][%[[J]]] : memref<12xf64>
// CHECK-NEXT:          } {lapis.unroll}
// CHECK:               %[[WALK:.*]]:4 = scf.for %[[J2:.*]] = %{{.*}} to %[[C12]] step %{{.*}} iter_args(%{{.*}} = %[[FROM]]#0, {{.*}}) -> (index, index, f64, i1) {
// CHECK:                 scf.while
// CHECK:                   arith.cmpi sle
// CHECK:                   scf.condition
// CHECK:                   scf.if %{{.*}} {
// CHECK:                     memref.store %{{.*}}, %[[Y]][%{{.*}}] : memref<?xf64>
// CHECK-NEXT:              } else {
// CHECK-NEXT:                memref.atomic_rmw addf %{{.*}}, %[[Y]][%{{.*}}]
// CHECK:                 memref.load %[[VALS]][%[[J2]]] : memref<12xf64>
// CHECK:               } {lapis.unroll}
// CHECK-NEXT:          scf.if %[[WALK]]#3 {
// CHECK:                 memref.atomic_rmw addf %[[WALK]]#2, %[[Y]][%[[WALK]]#0]
// CHECK:             }) {execution_space = "device", label = "csr_rows:{{[0-9]+}}:nonzero_split_threads"} : (index) -> ()
// CHECK-NEXT:      }
// CHECK:         } else {
// CHECK:           "kokkos.team_parallel"(%[[BLOCKS]], %{{.*}}, %{{.*}}) ({
// CHECK-NOT:         atomic_rmw
// CHECK:           }) {execution_space = "device", label = "csr_rows:{{[0-9]+}}"} : (index, index, index) -> ()
// CHECK-NEXT:    }
// ROWS-LABEL:  func.func @csr_rows(
// ROWS-NOT:      row_block_entries
// ROWS-NOT:      scf.if
// ROWS-NOT:      atomic_rmw
// ROWS:          label = "csr_rows:{{[0-9]+}}"
// SPLIT-LABEL: func.func @csr_rows(
// SPLIT-NOT:     row_block_entries
// SPLIT-NOT:     split_rows
// SPLIT:         memref.atomic_rmw addf
// SPLIT:         label = "csr_rows:{{[0-9]+}}:nonzero_split"
// SPLIT-NOT:     label = "csr_rows:{{[0-9]+}}"
// SPLIT:         return
func.func @csr_rows(%pos: memref<?xindex>, %crd: memref<?xindex>, %val: memref<?xf64>, %x: memref<?xf64>, %y: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %y0 = memref.load %y[%i] : memref<?xf64>
    %start = memref.load %pos[%i] : memref<?xindex>
    %i1 = arith.addi %i, %c1 : index
    %end = memref.load %pos[%i1] : memref<?xindex>
    %len = arith.subi %end, %start : index
    %s = scf.parallel (%k) = (%c0) to (%len) step (%c1) init (%y0) -> f64 {
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
    memref.store %s, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// i32 positions (extended and cast to index), f32 values, the row's value added after the loop
// (sum + y[i]); the function's attribute asks for the split at translate time: no run-time test
// and no row-block kernel.
// CHECK-LABEL: func.func @csr_rows_i32_forced(
// CHECK-NOT:     row_block_entries
// CHECK:         %[[P0:.*]] = memref.load %{{.*}}[%{{.*}}] : memref<?xi32>
// CHECK-NOT:     split_rows
// CHECK:         memref.atomic_rmw addf %{{.*}} : (f32, memref<?xf32>) -> f32
// CHECK:         label = "csr_rows_i32_forced:{{[0-9]+}}:nonzero_split"
// CHECK-NOT:     label = "csr_rows_i32_forced:{{[0-9]+}}"
// CHECK:         return
func.func @csr_rows_i32_forced(%pos: memref<?xi32>, %crd: memref<?xi32>, %val: memref<?xf32>, %x: memref<?xf32>, %y: memref<?xf32>, %n: index) attributes {lapis.sparse_rows = "nonzero-split"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %y0 = memref.load %y[%i] : memref<?xf32>
    %s32 = memref.load %pos[%i] : memref<?xi32>
    %s64 = arith.extui %s32 : i32 to i64
    %start = arith.index_cast %s64 : i64 to index
    %i1 = arith.addi %i, %c1 : index
    %e32 = memref.load %pos[%i1] : memref<?xi32>
    %e64 = arith.extui %e32 : i32 to i64
    %end = arith.index_cast %e64 : i64 to index
    %len = arith.subi %end, %start : index
    %s = scf.parallel (%k) = (%c0) to (%len) step (%c1) init (%zero) -> f32 {
      %e = arith.addi %k, %start : index
      %j32 = memref.load %crd[%e] : memref<?xi32>
      %j = arith.index_cast %j32 : i32 to index
      %a = memref.load %val[%e] : memref<?xf32>
      %b = memref.load %x[%j] : memref<?xf32>
      %p = arith.mulf %a, %b : f32
      scf.reduce(%p : f32) {
      ^bb0(%u: f32, %v: f32):
        %t = arith.addf %u, %v : f32
        scf.reduce.return %t : f32
      }
    }
    %r = arith.addf %s, %y0 : f32
    memref.store %r, %y[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// y = b + A x into another buffer (forced split): a row a chunk boundary cuts gets b[i] once, from
// the first boundary inside it, reading the boundaries (no search), before the chunks add their parts.
// CHECK-LABEL: func.func @csr_rows_other_init(
// CHECK-SAME:    %[[POS:[^:]*]]: memref<?xindex>, %{{[^:]*}}: memref<?xindex>, %{{[^:]*}}: memref<?xf64>, %{{[^:]*}}: memref<?xf64>, %[[B:[^:]*]]: memref<?xf64>, %[[Y:[^:]*]]: memref<?xf64>, %{{[^:]*}}: index)
// CHECK:         label = "csr_rows_other_init:{{[0-9]+}}:chunk_bounds"
// CHECK:         "kokkos.range_parallel"
// CHECK-NOT:       scf.while
// CHECK:           %[[SROW:.*]] = memref.load %[[BOUNDS:.*]][%{{.*}}, %{{.*}}] : memref<?x2xindex>
// CHECK:           %[[CUT:.*]] = arith.andi
// CHECK:           scf.if %[[CUT]] {
// CHECK-NEXT:        %[[B0:.*]] = memref.load %[[B]][%[[SROW]]] : memref<?xf64>
// CHECK-NEXT:        memref.store %[[B0]], %[[Y]][%[[SROW]]] : memref<?xf64>
// CHECK:         }) {execution_space = "device", label = "csr_rows_other_init:{{[0-9]+}}:split_rows"} : (index) -> ()
// CHECK:         memref.atomic_rmw addf %{{.*}}, %[[Y]]
// CHECK:         label = "csr_rows_other_init:{{[0-9]+}}:nonzero_split", schedule = "dynamic"
func.func @csr_rows_other_init(%pos: memref<?xindex>, %crd: memref<?xindex>, %val: memref<?xf64>, %x: memref<?xf64>, %b: memref<?xf64>, %y: memref<?xf64>, %n: index) attributes {lapis.sparse_rows = "nonzero-split"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %y0 = memref.load %b[%i] : memref<?xf64>
    %start = memref.load %pos[%i] : memref<?xindex>
    %i1 = arith.addi %i, %c1 : index
    %end = memref.load %pos[%i1] : memref<?xindex>
    %len = arith.subi %end, %start : index
    %s = scf.parallel (%k) = (%c0) to (%len) step (%c1) init (%y0) -> f64 {
      %e = arith.addi %k, %start : index
      %j = memref.load %crd[%e] : memref<?xindex>
      %a = memref.load %val[%e] : memref<?xf64>
      %v = memref.load %x[%j] : memref<?xf64>
      %p = arith.mulf %a, %v : f64
      scf.reduce(%p : f64) {
      ^bb0(%u: f64, %w: f64):
        %t = arith.addf %u, %w : f64
        scf.reduce.return %t : f64
      }
    }
    memref.store %s, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// The attribute keeps a function on the row blocks even when the pass option asks for the split.
// SPLIT-LABEL: func.func @csr_rows_kept(
// SPLIT-NOT:     atomic_rmw
// SPLIT:         label = "csr_rows_kept:{{[0-9]+}}"
// SPLIT-NOT:     atomic_rmw
// SPLIT:         return
func.func @csr_rows_kept(%pos: memref<?xindex>, %crd: memref<?xindex>, %val: memref<?xf64>, %x: memref<?xf64>, %y: memref<?xf64>, %n: index) attributes {lapis.sparse_rows = "row-blocks"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %start = memref.load %pos[%i] : memref<?xindex>
    %i1 = arith.addi %i, %c1 : index
    %end = memref.load %pos[%i1] : memref<?xindex>
    %len = arith.subi %end, %start : index
    %s = scf.parallel (%k) = (%c0) to (%len) step (%c1) init (%zero) -> f64 {
      %e = arith.addi %k, %start : index
      %a = memref.load %val[%e] : memref<?xf64>
      scf.reduce(%a : f64) {
      ^bb0(%u: f64, %v: f64):
        %t = arith.addf %u, %v : f64
        scf.reduce.return %t : f64
      }
    }
    memref.store %s, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

// A row maximum is not a sum: partial rows could not be added, so even the forced split keeps the rows.
// SPLIT-LABEL: func.func @csr_row_max(
// SPLIT-NOT:     nonzero_split
// SPLIT:         label = "csr_row_max:{{[0-9]+}}"
// SPLIT-NOT:     nonzero_split
// SPLIT:         return
func.func @csr_row_max(%pos: memref<?xindex>, %crd: memref<?xindex>, %val: memref<?xf64>, %y: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %low = arith.constant 0xFFF0000000000000 : f64
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %start = memref.load %pos[%i] : memref<?xindex>
    %i1 = arith.addi %i, %c1 : index
    %end = memref.load %pos[%i1] : memref<?xindex>
    %len = arith.subi %end, %start : index
    %s = scf.parallel (%k) = (%c0) to (%len) step (%c1) init (%low) -> f64 {
      %e = arith.addi %k, %start : index
      %a = memref.load %val[%e] : memref<?xf64>
      scf.reduce(%a : f64) {
      ^bb0(%u: f64, %v: f64):
        %t = arith.maximumf %u, %v : f64
        scf.reduce.return %t : f64
      }
    }
    memref.store %s, %y[%i] : memref<?xf64>
    scf.reduce
  }
  return
}

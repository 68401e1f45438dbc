// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,lapis-kokkos-loop-mapping)" | FileCheck %s
// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,lapis-kokkos-loop-mapping{execution-space=host})" | FileCheck %s --check-prefix=HOST
// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-normalize-parallel-loops,lapis-kokkos-loop-mapping{entries-per-lane=64})" | FileCheck %s --check-prefix=ENTRIES
// RUN: not lapis opt %s --pass-pipeline="builtin.module(lapis-kokkos-loop-mapping{execution-space=gpu})" 2>&1 | FileCheck %s --check-prefix=BADOPT
// RUN: not lapis opt %s --pass-pipeline="builtin.module(lapis-kokkos-loop-mapping{entries-per-lane=0})" 2>&1 | FileCheck %s --check-prefix=BADOPT
// BADOPT: error: pass 'lapis-kokkos-loop-mapping' accepts execution-space=device|host, entries-per-lane=<positive integer> and sparse-rows=auto|row-blocks|nonzero-split

// A 2-D elementwise loop becomes one MDRange kernel labelled function:line.
// CHECK-LABEL: func.func @scale(
// CHECK:         "kokkos.range_parallel"(%{{.*}}, %{{.*}}) ({
// CHECK-NEXT:    ^bb0(%[[I:.*]]: index, %[[J:.*]]: index):
// CHECK:           memref.store %{{.*}}, %{{.*}}[%[[I]], %[[J]]]
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "scale:[[@LINE+7]]"} : (index, index) -> ()
// CHECK-NOT:     scf.parallel
// HOST-LABEL: func.func @scale(
// HOST:         execution_space = "host"
func.func @scale(%A: memref<?x?xf32>, %n: index, %m: index, %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) {
    %a = memref.load %A[%i, %j] : memref<?x?xf32>
    %b = arith.mulf %a, %s : f32
    memref.store %b, %A[%i, %j] : memref<?x?xf32>
    scf.reduce
  }
  return
}

// Two reductions in one loop: the kernel reduces from the identities (0 and -inf) and MLIR's
// init values (%init_sum, %init_max) are joined once after the kernel.
// CHECK-LABEL: func.func @sum_and_max(
// CHECK-SAME:    %[[X:.*]]: memref<?xf64>, %[[N:.*]]: index, %[[INIT_SUM:.*]]: f64, %[[INIT_MAX:.*]]: f64)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-DAG:     %[[NEG_INF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK:         %[[R:.*]]:2 = "kokkos.range_parallel"(%[[N]]) ({
// CHECK:           %[[V:.*]] = memref.load %[[X]]
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[ZERO]]) ({
// CHECK-NEXT:      ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64):
// CHECK-NEXT:        %[[S:.*]] = arith.addf %[[A]], %[[B]] : f64
// CHECK-NEXT:        gpu.yield %[[S]] : f64
// CHECK-NEXT:      }) {kind = "sum"} : (f64, f64) -> ()
// CHECK:           "kokkos.update_reduction"(%[[V]], %[[NEG_INF]]) ({
// CHECK:             arith.maximumf
// CHECK:           }) {kind = "max"} : (f64, f64) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK:         }) {execution_space = "device", label = "sum_and_max:{{[0-9]+}}"} : (index) -> (f64, f64)
// CHECK:         %[[SUM:.*]] = arith.addf %[[INIT_SUM]], %[[R]]#0 : f64
// CHECK:         %[[MAX:.*]] = arith.maximumf %[[INIT_MAX]], %[[R]]#1 : f64
// CHECK:         return %[[SUM]], %[[MAX]]
func.func @sum_and_max(%x: memref<?xf64>, %n: index, %init_sum: f64, %init_max: f64) -> (f64, f64) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r:2 = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init_sum, %init_max) -> (f64, f64) {
    %v = memref.load %x[%i] : memref<?xf64>
    scf.reduce(%v, %v : f64, f64) {
    ^bb0(%a: f64, %b: f64):
      %s = arith.addf %a, %b : f64
      scf.reduce.return %s : f64
    }, {
    ^bb0(%a: f64, %b: f64):
      %m = arith.maximumf %a, %b : f64
      scf.reduce.return %m : f64
    }
  }
  return %r#0, %r#1 : f64, f64
}

// A loop that allocates stays a (serial) scf.parallel: allocation inside a kernel is not allowed.
// CHECK-LABEL: func.func @allocates(
// CHECK-NOT:     kokkos.range_parallel
// CHECK:         scf.parallel
func.func @allocates(%A: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %t = memref.alloc() : memref<4xf32>
    %v = memref.load %t[%c0] : memref<4xf32>
    memref.store %v, %A[%i] : memref<?xf32>
    memref.dealloc %t : memref<4xf32>
    scf.reduce
  }
  return
}

// A reduction that is not a single associative-commutative op stays serial.
// CHECK-LABEL: func.func @custom_reduction(
// CHECK-NOT:     kokkos.range_parallel
// CHECK:         scf.parallel
func.func @custom_reduction(%x: memref<?xf32>, %n: index, %init: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%init) -> f32 {
    %v = memref.load %x[%i] : memref<?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.subf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}

// A dense matvec-like nest (rows around a reduction over the columns): blocks of rows per team,
// a row per team thread (TeamThreadRange), the columns on the vector lanes (ThreadVectorRange),
// the row's store once per thread. Vector length and rows per block come from the columns per
// row at run time; the league covers every row; the team size is 1 where the vector length
// max is 1 (host backends), else 128 lanes / vector length threads with one row each.
// CHECK-LABEL: func.func @rows_and_columns(
// CHECK-SAME:    %[[A:[^:]*]]: memref<?x?xf32>, %[[SUMS:[^:]*]]: memref<?xf32>, %[[N:[^:]*]]: index, %[[M:[^:]*]]: index)
// CHECK:         %[[AVG:.*]] = arith.maxsi %[[M]], %[[ONE:.*]] : index
// CHECK-NEXT:    %[[VL:.*]] = "kokkos.vector_length"(%[[AVG]]) {execution_space = "device"} : (index) -> index
// CHECK-NEXT:    %[[ONE2:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[VMAX:.*]] = "kokkos.vector_length_max"() {execution_space = "device"} : () -> index
// CHECK-NEXT:    %[[ON_HOST:.*]] = arith.cmpi eq, %[[VMAX]], %[[ONE2]] : index
// CHECK:         %[[PER_TEAM:.*]] = arith.muli %[[C2048:c2048.*]], %[[VL]] : index
// CHECK-NEXT:    %[[BY_ENTRIES:.*]] = arith.divsi %[[PER_TEAM]], %[[AVG]] : index
// Rows per team are also bounded so the league has 4 teams per host thread or per 2048 GPU
// threads (an SM): min_teams = max(1, concurrency * 4 / (on host ? 1 : 2048)).
// CHECK-NEXT:    %[[CONC:.*]] = "kokkos.concurrency"() {execution_space = "device"} : () -> index
// CHECK-NEXT:    %[[C4:.*]] = arith.constant 4 : index
// CHECK-NEXT:    %[[SM:.*]] = arith.constant 2048 : index
// CHECK-NEXT:    %[[WORKER:.*]] = arith.select %[[ON_HOST]], %[[ONE2]], %[[SM]] : index
// CHECK-NEXT:    %[[WANTED:.*]] = arith.muli %[[CONC]], %[[C4]] : index
// CHECK-NEXT:    %[[TEAMS:.*]] = arith.divsi %[[WANTED]], %[[WORKER]] : index
// CHECK-NEXT:    %[[MIN_TEAMS:.*]] = arith.maxsi %[[TEAMS]], %[[ONE2]] : index
// CHECK-NEXT:    %[[N_UP:.*]] = arith.addi %[[N]], %[[MIN_TEAMS]] : index
// CHECK-NEXT:    %[[N_UP1:.*]] = arith.subi %[[N_UP]], %[[ONE2]] : index
// CHECK-NEXT:    %[[BY_TEAMS:.*]] = arith.divsi %[[N_UP1]], %[[MIN_TEAMS]] : index
// CHECK-NEXT:    %[[BOUNDED:.*]] = arith.minsi %[[BY_ENTRIES]], %[[BY_TEAMS]] : index
// CHECK-NEXT:    %[[HOST_RPT:.*]] = arith.maxsi %[[BOUNDED]], %[[ONE2]] : index
// On GPUs 128 lanes per team, one row per thread: team size = rows per team = max(1, 128 / vector length).
// CHECK-NEXT:    %[[LANES:.*]] = arith.constant 128 : index
// CHECK-NEXT:    %[[THREADS:.*]] = arith.divsi %[[LANES]], %[[VL]] : index
// CHECK-NEXT:    %[[GPU_TEAM:.*]] = arith.maxsi %[[THREADS]], %[[ONE2]] : index
// CHECK-NEXT:    %[[RPT:.*]] = arith.select %[[ON_HOST]], %[[HOST_RPT]], %[[GPU_TEAM]] : index
// CHECK-NEXT:    %[[UP:.*]] = arith.addi %[[N]], %[[RPT]] : index
// CHECK-NEXT:    %[[UP1:.*]] = arith.subi %[[UP]], %[[ONE2]] : index
// CHECK-NEXT:    %[[LEAGUE:.*]] = arith.divsi %[[UP1]], %[[RPT]] : index
// CHECK-NEXT:    %[[TEAM_SIZE:.*]] = arith.select %[[ON_HOST]], %[[ONE2]], %[[GPU_TEAM]] : index
// CHECK-NEXT:    "kokkos.team_parallel"(%[[LEAGUE]], %[[TEAM_SIZE]], %[[VL]]) ({
// CHECK-NEXT:    ^bb0(%[[BLOCK:.*]]: index, %{{.*}}: index):
// CHECK-NEXT:      %[[FIRST:.*]] = arith.muli %[[BLOCK]], %[[RPT]] : index
// CHECK-NEXT:      %[[LEFT:.*]] = arith.subi %[[N]], %[[FIRST]] : index
// CHECK-NEXT:      %[[COUNT:.*]] = arith.minsi %[[RPT]], %[[LEFT]] : index
// CHECK-NEXT:      "kokkos.thread_parallel"(%[[COUNT]]) ({
// CHECK-NEXT:      ^bb0(%[[R:.*]]: index):
// CHECK-NEXT:        %[[ROW:.*]] = arith.addi %[[FIRST]], %[[R]] : index
// CHECK:             %[[S:.*]] = "kokkos.vector_parallel"(%[[M]]) ({
// CHECK-NEXT:        ^bb0(%[[COL:.*]]: index):
// CHECK-NEXT:          memref.load %[[A]][%[[ROW]], %[[COL]]]
// CHECK-NEXT:          "kokkos.update_reduction"
// CHECK:             }) : (index) -> f32
// CHECK:             "kokkos.single"() ({
// CHECK-NEXT:          memref.store %{{.*}}, %[[SUMS]][%[[ROW]]]
// CHECK-NEXT:          gpu.yield
// CHECK-NEXT:        }) {level = "per_thread"} : () -> ()
// CHECK-NEXT:        gpu.yield
// CHECK-NEXT:      }) : (index) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "rows_and_columns:{{[0-9]+}}"} : (index, index, index) -> ()
// CHECK-NOT:     kokkos.team_barrier
// ENTRIES-LABEL: func.func @rows_and_columns(
// ENTRIES:      %[[C64:.*]] = arith.constant 64 : index
// ENTRIES-NEXT: arith.muli %[[C64]], %{{.*}} : index
// HOST-LABEL: func.func @rows_and_columns(
// HOST:         "kokkos.vector_length"(%{{.*}}) {execution_space = "host"}
// HOST:         "kokkos.vector_length_max"() {execution_space = "host"}
// HOST:         "kokkos.concurrency"() {execution_space = "host"}
func.func @rows_and_columns(%A: memref<?x?xf32>, %sums: memref<?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %s = scf.parallel (%j) = (%c0) to (%m) step (%c1) init (%zero) -> f32 {
      %v = memref.load %A[%i, %j] : memref<?x?xf32>
      scf.reduce(%v : f32) {
      ^bb0(%a: f32, %b: f32):
        %t = arith.addf %a, %b : f32
        scf.reduce.return %t : f32
      }
    }
    memref.store %s, %sums[%i] : memref<?xf32>
    scf.reduce
  }
  return
}

// CSR SpMV as the sparsifier writes it: the row's trip count pos[i+1] - pos[i] is only known in
// the kernel, so the average entries per row is the extent of the coordinates buffer the inner
// loop walks (crd[pos[i] + k]) over the number of rows (both at least 1). The row mapping is
// fixed by the attribute (the run-time choice with the nonzero split is nonzero-split.mlir's).
// CHECK-LABEL: func.func @csr_rows(
// CHECK-SAME:    %[[POS:[^:]*]]: memref<?xindex>, %[[CRD:[^:]*]]: memref<?xindex>, %{{[^:]*}}: memref<?xf64>, %{{[^:]*}}: memref<?xf64>, %[[Y:[^:]*]]: memref<?xf64>, %[[ROWS:[^:]*]]: index)
// CHECK:         %[[NNZ:.*]] = memref.dim %[[CRD]], %{{.*}} : memref<?xindex>
// CHECK-NEXT:    %[[ROWS1:.*]] = arith.maxsi %[[ROWS]], %[[ONE:.*]] : index
// CHECK-NEXT:    %[[Q:.*]] = arith.divsi %[[NNZ]], %[[ROWS1]] : index
// CHECK-NEXT:    %[[AVG:.*]] = arith.maxsi %[[Q]], %[[ONE]] : index
// CHECK-NEXT:    %[[VL:.*]] = "kokkos.vector_length"(%[[AVG]]) {execution_space = "device"} : (index) -> index
// CHECK:         "kokkos.team_parallel"(%{{.*}}, %{{.*}}, %[[VL]]) ({
// CHECK:           "kokkos.thread_parallel"
// CHECK-NEXT:      ^bb0(%[[R:.*]]: index):
// CHECK-NEXT:        %[[ROW:.*]] = arith.addi %{{.*}}, %[[R]] : index
// CHECK:             %[[START:.*]] = memref.load %[[POS]][%[[ROW]]]
// CHECK:             %[[LEN:.*]] = arith.subi %{{.*}}, %[[START]] : index
// CHECK:             %[[SUM:.*]] = "kokkos.vector_parallel"(%[[LEN]]) ({
// CHECK:               "kokkos.update_reduction"
// CHECK:             }) : (index) -> f64
// CHECK:             "kokkos.single"() ({
// CHECK-NEXT:          memref.store %{{.*}}, %[[Y]][%[[ROW]]]
// CHECK:             }) {level = "per_thread"} : () -> ()
// CHECK:         }) {execution_space = "device", label = "csr_rows:{{[0-9]+}}"} : (index, index, index) -> ()
func.func @csr_rows(%pos: memref<?xindex>, %crd: memref<?xindex>, %val: memref<?xf64>, %x: memref<?xf64>, %y: memref<?xf64>, %n: index) attributes {lapis.sparse_rows = "row-blocks"} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
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

// Three deep (batch, rows, reduction over columns): team per batch entry, TeamThreadRange over
// the rows, ThreadVectorRange over the columns; the vector length is that of the column count.
// CHECK-LABEL: func.func @batched_matvec(
// CHECK-SAME:    %[[A:[^:]*]]: memref<?x?x?xf32>, %[[OUT:[^:]*]]: memref<?x?xf32>, %[[B:[^:]*]]: index, %[[N:[^:]*]]: index, %[[M:[^:]*]]: index)
// CHECK:         %[[VL:.*]] = "kokkos.vector_length"(%[[M]]) {execution_space = "device"} : (index) -> index
// CHECK-NEXT:    "kokkos.team_parallel"(%[[B]], %{{.*}}, %[[VL]]) ({
// CHECK-NEXT:    ^bb0(%[[I:.*]]: index, %{{.*}}: index):
// CHECK-NEXT:      "kokkos.thread_parallel"(%[[N]]) ({
// CHECK-NEXT:      ^bb0(%[[J:.*]]: index):
// CHECK:             "kokkos.vector_parallel"(%[[M]]) ({
// CHECK-NEXT:        ^bb0(%[[K:.*]]: index):
// CHECK-NEXT:          memref.load %[[A]][%[[I]], %[[J]], %[[K]]]
// CHECK:             "kokkos.single"() ({
// CHECK-NEXT:          memref.store %{{.*}}, %[[OUT]][%[[I]], %[[J]]]
// CHECK:             }) {level = "per_thread"} : () -> ()
func.func @batched_matvec(%A: memref<?x?x?xf32>, %out: memref<?x?xf32>, %b: index, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%b) step (%c1) {
    scf.parallel (%j) = (%c0) to (%n) step (%c1) {
      %s = scf.parallel (%k) = (%c0) to (%m) step (%c1) init (%zero) -> f32 {
        %v = memref.load %A[%i, %j, %k] : memref<?x?x?xf32>
        scf.reduce(%v : f32) {
        ^bb0(%x: f32, %y: f32):
          %t = arith.addf %x, %y : f32
          scf.reduce.return %t : f32
        }
      }
      memref.store %s, %out[%i, %j] : memref<?x?xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// A row that writes before its inner loop (which reads what it wrote) cannot spread that loop
// over vector lanes: one team per row, TeamThreadRange over the columns, the team's write once
// per team followed by a barrier.
// CHECK-LABEL: func.func @write_then_read_row(
// CHECK:         "kokkos.team_parallel"(%{{.*}}, %[[Z:.*]], %[[Z]]) ({
// CHECK-NEXT:    ^bb0(%[[ROW:.*]]: index, %{{.*}}: index):
// CHECK-NEXT:      "kokkos.single"() ({
// CHECK-NEXT:        memref.store %{{.*}}, %{{.*}}[%[[ROW]], %{{.*}}]
// CHECK-NEXT:        gpu.yield
// CHECK-NEXT:      }) {level = "per_team"} : () -> ()
// CHECK-NEXT:      "kokkos.team_barrier"() : () -> ()
// CHECK-NEXT:      "kokkos.thread_parallel"(%{{.*}}) ({
// CHECK-NEXT:      ^bb0(%[[COL:.*]]: index):
// CHECK:             memref.store %{{.*}}, %{{.*}}[%[[ROW]], %[[COL]]]
// CHECK:           }) : (index) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {execution_space = "device", label = "write_then_read_row:{{[0-9]+}}"} : (index, index, index) -> ()
// CHECK-NOT:     kokkos.vector
func.func @write_then_read_row(%A: memref<?x?xf32>, %B: memref<?x?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %one, %A[%i, %c0] : memref<?x?xf32>
    scf.parallel (%j) = (%c0) to (%m) step (%c1) {
      %v = memref.load %A[%i, %c0] : memref<?x?xf32>
      memref.store %v, %B[%i, %j] : memref<?x?xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// A 2-D outer loop with an inner parallel loop: one MDRange kernel, the inner loop serial inside.
// CHECK-LABEL: func.func @nested(
// CHECK:         "kokkos.range_parallel"
// CHECK:           scf.parallel
// CHECK:             memref.store
// CHECK:         execution_space = "device"
func.func @nested(%A: memref<?x?x?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.parallel (%i, %k) = (%c0, %c0) to (%n, %n) step (%c1, %c1) {
    scf.parallel (%j) = (%c0) to (%m) step (%c1) {
      memref.store %one, %A[%i, %j, %k] : memref<?x?x?xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

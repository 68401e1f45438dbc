// Hierarchical parallelism: team_parallel -> thread_parallel -> vector_parallel,
// with kokkos.single (per_team and per_thread with a broadcast value),
// kokkos.team_barrier and a kokkos.alloc_scratch view.
// Per row r of A (one team per row): rowsum = sum_j sum_k A[r,j,k], stored by
// one thread of the team in scratch; after a barrier every thread j normalises
// A[r,j,:] by it.
// RUN: mlir-opt-22 --irdl-file=%irdl %s | FileCheck %s
// RUN: lapis opt %s | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s | mlir-opt-22 --irdl-file=%irdl | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s -o %t.printed && mlir-opt-22 --irdl-file=%irdl %t.printed -o %t.reprinted
// RUN: grep -q "kokkos\." %t.printed && diff %t.printed %t.reprinted

// CHECK-LABEL: func.func @normalize_rows(
// CHECK-SAME:    %[[A:[^:]*]]: memref<?x?x?xf32>, %[[ROWS:[^:]*]]: index, %[[COLS:[^:]*]]: index, %[[DEPTH:[^:]*]]: index)
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C32:.*]] = arith.constant 32 : index
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    "kokkos.team_parallel"(%[[ROWS]], %[[C0]], %[[C32]]) ({
// CHECK-NEXT:    ^bb0(%[[LEAGUE_RANK:.*]]: index, %[[TEAM_SIZE:.*]]: index):
// CHECK-NEXT:      %[[SCRATCH:.*]] = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 0 : i64} : () -> memref<1xf32>
// CHECK-NEXT:      %[[ROWSUM:.*]] = "kokkos.thread_parallel"(%[[COLS]]) ({
// CHECK-NEXT:      ^bb0(%[[J:.*]]: index):
// CHECK-NEXT:        %[[COLSUM:.*]] = "kokkos.vector_parallel"(%[[DEPTH]]) ({
// CHECK-NEXT:        ^bb0(%[[K:.*]]: index):
// CHECK-NEXT:          %[[V:.*]] = memref.load %[[A]][%[[LEAGUE_RANK]], %[[J]], %[[K]]] : memref<?x?x?xf32>
// CHECK-NEXT:          "kokkos.update_reduction"(%[[V]], %[[ZERO]]) ({
// CHECK-NEXT:          ^bb0(%[[X0:.*]]: f32, %[[Y0:.*]]: f32):
// CHECK-NEXT:            %[[S0:.*]] = arith.addf %[[X0]], %[[Y0]] : f32
// CHECK-NEXT:            gpu.yield %[[S0]] : f32
// CHECK-NEXT:          }) {kind = "sum"} : (f32, f32) -> ()
// CHECK-NEXT:          gpu.yield
// CHECK-NEXT:        }) : (index) -> f32
// CHECK-NEXT:        "kokkos.update_reduction"(%[[COLSUM]], %[[ZERO]]) ({
// CHECK-NEXT:        ^bb0(%[[X1:.*]]: f32, %[[Y1:.*]]: f32):
// CHECK-NEXT:          %[[S1:.*]] = arith.addf %[[X1]], %[[Y1]] : f32
// CHECK-NEXT:          gpu.yield %[[S1]] : f32
// CHECK-NEXT:        }) {kind = "sum"} : (f32, f32) -> ()
// CHECK-NEXT:        gpu.yield
// CHECK-NEXT:      }) : (index) -> f32
// CHECK-NEXT:      "kokkos.single"() ({
// CHECK-NEXT:        memref.store %[[ROWSUM]], %[[SCRATCH]][%[[C0]]] : memref<1xf32>
// CHECK-NEXT:        gpu.yield
// CHECK-NEXT:      }) {level = "per_team"} : () -> ()
// CHECK-NEXT:      "kokkos.team_barrier"() : () -> ()
// CHECK-NEXT:      "kokkos.thread_parallel"(%[[COLS]]) ({
// CHECK-NEXT:      ^bb0(%[[J2:.*]]: index):
// CHECK-NEXT:        %[[INV:.*]] = "kokkos.single"() ({
// CHECK-NEXT:          %[[T:.*]] = memref.load %[[SCRATCH]][%[[C0]]] : memref<1xf32>
// CHECK-NEXT:          %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:          %[[R:.*]] = arith.divf %[[ONE]], %[[T]] : f32
// CHECK-NEXT:          gpu.yield %[[R]] : f32
// CHECK-NEXT:        }) {level = "per_thread"} : () -> f32
// CHECK-NEXT:        "kokkos.vector_parallel"(%[[DEPTH]]) ({
// CHECK-NEXT:        ^bb0(%[[K2:.*]]: index):
// CHECK-NEXT:          %[[W:.*]] = memref.load %[[A]][%[[LEAGUE_RANK]], %[[J2]], %[[K2]]] : memref<?x?x?xf32>
// CHECK-NEXT:          %[[WN:.*]] = arith.mulf %[[W]], %[[INV]] : f32
// CHECK-NEXT:          memref.store %[[WN]], %[[A]][%[[LEAGUE_RANK]], %[[J2]], %[[K2]]] : memref<?x?x?xf32>
// CHECK-NEXT:          gpu.yield
// CHECK-NEXT:        }) : (index) -> ()
// CHECK-NEXT:        gpu.yield
// CHECK-NEXT:      }) : (index) -> ()
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {label = "normalize_rows"} : (index, index, index) -> ()
// CHECK-NEXT:    return
func.func @normalize_rows(%a: memref<?x?x?xf32>, %rows: index, %cols: index, %depth: index) {
  %c0 = arith.constant 0 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  // league_size = rows, team_size = 0 (Kokkos::AUTO), vector_length = 32
  "kokkos.team_parallel"(%rows, %c0, %c32) ({
  ^bb0(%league_rank: index, %team_size: index):
    %scratch = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 0 : i64} : () -> memref<1xf32>
    %rowsum = "kokkos.thread_parallel"(%cols) ({
    ^bb0(%j: index):
      %colsum = "kokkos.vector_parallel"(%depth) ({
      ^bb0(%k: index):
        %v = memref.load %a[%league_rank, %j, %k] : memref<?x?x?xf32>
        "kokkos.update_reduction"(%v, %zero) ({
        ^bb0(%x: f32, %y: f32):
          %s = arith.addf %x, %y : f32
          "gpu.yield"(%s) : (f32) -> ()
        }) {kind = "sum"} : (f32, f32) -> ()
        "gpu.yield"() : () -> ()
      }) : (index) -> f32
      "kokkos.update_reduction"(%colsum, %zero) ({
      ^bb0(%x: f32, %y: f32):
        %s = arith.addf %x, %y : f32
        "gpu.yield"(%s) : (f32) -> ()
      }) {kind = "sum"} : (f32, f32) -> ()
      "gpu.yield"() : () -> ()
    }) : (index) -> f32
    "kokkos.single"() ({
      memref.store %rowsum, %scratch[%c0] : memref<1xf32>
      "gpu.yield"() : () -> ()
    }) {level = "per_team"} : () -> ()
    "kokkos.team_barrier"() : () -> ()
    "kokkos.thread_parallel"(%cols) ({
    ^bb0(%j: index):
      %inv = "kokkos.single"() ({
        %t = memref.load %scratch[%c0] : memref<1xf32>
        %one = arith.constant 1.0 : f32
        %r = arith.divf %one, %t : f32
        "gpu.yield"(%r) : (f32) -> ()
      }) {level = "per_thread"} : () -> f32
      "kokkos.vector_parallel"(%depth) ({
      ^bb0(%k: index):
        %w = memref.load %a[%league_rank, %j, %k] : memref<?x?x?xf32>
        %wn = arith.mulf %w, %inv : f32
        memref.store %wn, %a[%league_rank, %j, %k] : memref<?x?x?xf32>
        "gpu.yield"() : () -> ()
      }) : (index) -> ()
      "gpu.yield"() : () -> ()
    }) : (index) -> ()
    "gpu.yield"() : () -> ()
  }) {label = "normalize_rows"} : (index, index, index) -> ()
  return
}

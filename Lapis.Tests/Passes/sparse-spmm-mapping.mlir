// RUN: lapis translate %s -o - --emit kokkos-ir | FileCheck %s

// CSR SpMM with 16 right-hand sides, C = C + A B: rows in blocks per team, a row per team thread,
// the row's nonzeros in a sequential scf.for (the row owns C[i, :], so no atomics), and inside it
// the 16 dense columns on the vector lanes (one column per lane: vector_length of 16 x 8).
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>

// CHECK-LABEL: func.func @spmm_rhs16(
// CHECK:         %[[C16:.*]] = arith.constant 16 : index
// CHECK:         %[[COLS:.*]] = arith.maxsi %[[C16]]
// CHECK:         %[[EST:.*]] = arith.muli %[[COLS]], %c8
// CHECK:         %[[VL:.*]] = "kokkos.vector_length"(%[[EST]])
// CHECK-NOT:     memref.atomic_rmw
// CHECK:         "kokkos.team_parallel"(%{{.*}}, %{{.*}}, %[[VL]])
// CHECK:           "kokkos.thread_parallel"
// CHECK:             %[[LO:.*]] = memref.load %{{.*}}[%[[ROW:.*]]] : memref<?xindex>
// CHECK:             %[[HI:.*]] = memref.load
// CHECK:             scf.for %[[K:.*]] = %[[LO]] to %[[HI]]
// CHECK:               %[[CRD:.*]] = memref.load %{{.*}}[%[[K]]] : memref<?xindex>
// CHECK:               %[[VAL:.*]] = memref.load %{{.*}}[%[[K]]] : memref<?xf64>
// CHECK:               "kokkos.vector_parallel"(%[[C16]])
// CHECK-NEXT:          ^bb0(%[[J:.*]]: index):
// CHECK-NEXT:            %[[OLD:.*]] = memref.load %[[OUT:.*]][%[[ROW]], %[[J]]]
// CHECK-NEXT:            %[[B:.*]] = memref.load %{{.*}}[%[[CRD]], %[[J]]]
// CHECK-NEXT:            %[[PROD:.*]] = arith.mulf %[[VAL]], %[[B]]
// CHECK-NEXT:            %[[NEW:.*]] = arith.addf %[[OLD]], %[[PROD]]
// CHECK-NEXT:            memref.store %[[NEW]], %[[OUT]][%[[ROW]], %[[J]]]
// CHECK-NOT:     memref.atomic_rmw
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @spmm_rhs16(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x16xf64>, %C: tensor<?x16xf64> {bufferization.writable = true}) -> tensor<?x16xf64> {
  %0 = linalg.matmul ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x16xf64>) outs(%C : tensor<?x16xf64>) -> tensor<?x16xf64>
  return %0 : tensor<?x16xf64>
}

// kokkos.sync / kokkos.modify (DualView coherence) on ranked and unranked
// memrefs, and kokkos.alloc_scratch at both scratch levels.
// RUN: mlir-opt-22 --irdl-file=%irdl %s | FileCheck %s
// RUN: lapis opt %s | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s | mlir-opt-22 --irdl-file=%irdl | FileCheck %s
// RUN: mlir-opt-22 --irdl-file=%irdl %s -o %t.printed && mlir-opt-22 --irdl-file=%irdl %t.printed -o %t.reprinted
// RUN: grep -q "kokkos\." %t.printed && diff %t.printed %t.reprinted

// CHECK-LABEL: func.func @dualview_coherence(
// CHECK-SAME:    %[[A:[^:]*]]: memref<?x4xf32>, %[[U:[^:]*]]: memref<*xi32>)
// CHECK-NEXT:    "kokkos.sync"(%[[A]]) {space = "device"} : (memref<?x4xf32>) -> ()
// CHECK-NEXT:    "kokkos.modify"(%[[A]]) {space = "device"} : (memref<?x4xf32>) -> ()
// CHECK-NEXT:    "kokkos.sync"(%[[U]]) {space = "host"} : (memref<*xi32>) -> ()
// CHECK-NEXT:    "kokkos.modify"(%[[U]]) {space = "host"} : (memref<*xi32>) -> ()
// CHECK-NEXT:    return
func.func @dualview_coherence(%a: memref<?x4xf32>, %u: memref<*xi32>) {
  "kokkos.sync"(%a) {space = "device"} : (memref<?x4xf32>) -> ()
  "kokkos.modify"(%a) {space = "device"} : (memref<?x4xf32>) -> ()
  "kokkos.sync"(%u) {space = "host"} : (memref<*xi32>) -> ()
  "kokkos.modify"(%u) {space = "host"} : (memref<*xi32>) -> ()
  return
}

// CHECK-LABEL: func.func @scratch_levels(
// CHECK-SAME:    %[[N:[^:]*]]: index)
// CHECK:         "kokkos.team_parallel"(%[[N]], %[[N]], %[[N]]) ({
// CHECK-NEXT:    ^bb0(%{{.*}}: index, %{{.*}}: index):
// CHECK-NEXT:      %{{.*}} = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 0 : i64} : () -> memref<64xf32>
// CHECK-NEXT:      %{{.*}} = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 256 : i64} : () -> memref<8x8xi32>
// CHECK-NEXT:      %{{.*}} = "kokkos.alloc_scratch"() {level = 1 : i64, offset = 0 : i64} : () -> memref<1024xf64>
// CHECK-NEXT:      gpu.yield
// CHECK-NEXT:    }) {label = "scratch"} : (index, index, index) -> ()
func.func @scratch_levels(%n: index) {
  "kokkos.team_parallel"(%n, %n, %n) ({
  ^bb0(%league_rank: index, %team_size: index):
    %s0 = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 0 : i64} : () -> memref<64xf32>
    %s1 = "kokkos.alloc_scratch"() {level = 0 : i64, offset = 256 : i64} : () -> memref<8x8xi32>
    %s2 = "kokkos.alloc_scratch"() {level = 1 : i64, offset = 0 : i64} : () -> memref<1024xf64>
    "gpu.yield"() : () -> ()
  }) {label = "scratch"} : (index, index, index) -> ()
  return
}

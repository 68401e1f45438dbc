// RUN: lapis translate %s -o - --emit kokkos-ir | FileCheck %s

// The whole sparse pipeline `lapis translate` runs (sparsifier in codegen mode, race safety,
// Kokkos mapping, memory spaces), as the emitter receives it.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>
#CSC = #sparse_tensor.encoding<{ map = (i, j) -> (j : dense, i : compressed) }>
#trait_add = { indexing_maps = [affine_map<(i,j) -> (i,j)>, affine_map<(i,j) -> (i,j)>, affine_map<(i,j) -> (i,j)>], iterator_types = ["parallel", "parallel"] }

// CSR SpMV: buffers + storage specifier in, signature recorded; rows in blocks per team, a row
// per thread, the row's nonzeros on the vector lanes with a sum, the row's store once per thread
// (the row mapping fixed by lapis.sparse_rows: nonzero-split.mlir tests the run-time choice).
// CHECK-LABEL: func.func @spmv_csr(
// CHECK-SAME:    %{{.*}}: memref<?xi32>, %{{.*}}: memref<?xi32>, %{{.*}}: memref<?xf64>, %{{.*}}: !sparse_tensor.storage_specifier
// CHECK-SAME:    lapis.memory_space = "device"
// CHECK-SAME:    lapis.original_type = (tensor<?x?xf64, #sparse{{[0-9]*}}>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[VL:.*]] = "kokkos.vector_length"
// CHECK:         "kokkos.team_parallel"(%{{.*}}, %{{.*}}, %[[VL]])
// CHECK:           "kokkos.thread_parallel"
// CHECK:             "kokkos.vector_parallel"
// CHECK:               "kokkos.update_reduction"
// CHECK:               {kind = "sum"}
// CHECK:             "kokkos.single"
// CHECK-NEXT:          memref.store
// CHECK:             level = "per_thread"
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @spmv_csr(%A: tensor<?x?xf64, #CSR>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> attributes {lapis.sparse_rows = "row-blocks"} {
  %0 = linalg.matvec ins(%A, %x : tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%y : tensor<?xf64>) -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// CSC SpMV: the column loop scatters into y; the update is atomic and the kernel stays parallel.
// CHECK-LABEL: func.func @spmv_csc(
// CHECK:         "kokkos.team_parallel"
// CHECK:           memref.atomic_rmw addf
// CHECK-NOT:     lapis.serial
// CHECK:         return
func.func @spmv_csc(%A: tensor<?x?xf32, #CSC>, %x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %0 = linalg.matvec ins(%A, %x : tensor<?x?xf32, #CSC>, tensor<?xf32>) outs(%y : tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CSR + CSR with a CSR result: the sparsifier inserts into growing buffers in order, a loop
// carrying the buffers (serial by construction); the function runs on the host.
// CHECK-LABEL: func.func @add_csr(
// CHECK-SAME:    lapis.memory_space = "host"
// CHECK:         scf.for {{.*}} iter_args({{.*}}) -> (memref<?xi32>, memref<?xi32>, memref<?xf64>, !sparse_tensor.storage_specifier
// CHECK:           func.call @{{.*}}insert_dense_compressed
// CHECK:         return
func.func @add_csr(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x?xf64, #CSR>) -> tensor<?x?xf64, #CSR> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %A, %c0 : tensor<?x?xf64, #CSR>
  %n = tensor.dim %A, %c1 : tensor<?x?xf64, #CSR>
  %init = tensor.empty(%m, %n) : tensor<?x?xf64, #CSR>
  %0 = linalg.generic #trait_add ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x?xf64, #CSR>) outs(%init : tensor<?x?xf64, #CSR>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %s = arith.addf %a, %b : f64
    linalg.yield %s : f64
  } -> tensor<?x?xf64, #CSR>
  return %0 : tensor<?x?xf64, #CSR>
}

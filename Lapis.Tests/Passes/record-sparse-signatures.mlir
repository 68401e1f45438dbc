// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-record-sparse-signatures)" | FileCheck %s
// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-record-sparse-signatures,sparse-reinterpret-map,sparsification-and-bufferization)" | FileCheck %s --check-prefix=LOWERED

// Public functions with a sparse argument or result keep their signature as written, so the
// emitter can give the user one lapis::SparseTensor per sparse tensor after codegen has split
// each one into positions, coordinates, values and a storage specifier.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>
#SV = #sparse_tensor.encoding<{ map = (i) -> (i : compressed) }>

// CHECK-LABEL: func.func @spmv(
// CHECK-SAME:    lapis.original_type = (tensor<?x?xf64, #sparse{{[0-9]*}}>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
// The signature survives sparsification while the arguments become buffers.
// LOWERED-LABEL: func.func @spmv(
// LOWERED-SAME:    %{{.*}}: memref<?xi32>, %{{.*}}: memref<?xi32>, %{{.*}}: memref<?xf64>, %{{.*}}: !sparse_tensor.storage_specifier
// LOWERED-SAME:    lapis.original_type = (tensor<?x?xf64, #sparse{{[0-9]*}}>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
func.func @spmv(%a: tensor<?x?xf64, #CSR>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %r = linalg.matvec ins(%a, %x : tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%y : tensor<?xf64>) -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// A sparse result alone is enough.
// CHECK-LABEL: func.func @densify_pattern(
// CHECK-SAME:    lapis.original_type = (tensor<8xf64>) -> tensor<8xf64, #sparse{{[0-9]*}}>
func.func @densify_pattern(%x: tensor<8xf64>) -> tensor<8xf64, #SV> {
  %s = sparse_tensor.convert %x : tensor<8xf64> to tensor<8xf64, #SV>
  return %s : tensor<8xf64, #SV>
}

// Dense-only and private functions are left alone.
// CHECK-LABEL: func.func @dense_only(
// CHECK-NOT:     lapis.original_type
// CHECK-LABEL: func.func private @private_sparse(
// CHECK-NOT:     lapis.original_type
func.func @dense_only(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @private_sparse(%a: tensor<?x?xf64, #CSR>) -> tensor<?x?xf64, #CSR> {
  return %a : tensor<?x?xf64, #CSR>
}

// y + A x for a CSR matrix A (rows dense, columns compressed) with 32-bit row pointers and
// column indices (posWidth/crdWidth = 32: half the index traffic of the 64-bit default, and the
// int ordinals most Kokkos applications already store; enough for 2^31 - 1 nonzeros).
// Translates to csr_spmv::spmv(const lapis::SparseTensor<double, int32_t, int32_t, 2>& A,
//                              DeviceView<double*> x, DeviceView<double*> y) -> DeviceView<double*>.
#CSR32 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>
module {
  func.func @spmv(%A: tensor<?x?xf64, #CSR32>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
    %Ax = linalg.matvec ins(%A, %x : tensor<?x?xf64, #CSR32>, tensor<?xf64>) outs(%y : tensor<?xf64>) -> tensor<?xf64>
    return %Ax : tensor<?xf64>
  }
}

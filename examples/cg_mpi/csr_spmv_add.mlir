// y += A x in place, for one row block of a rank's local CSR matrix (32-bit row pointers and
// column indices, as ../cg_laplacian/csr_spmv.mlir). y is marked {bufferization.writable = true},
// so the kernel accumulates into the View it is given, and that View can be a row range
// (Kokkos::subview) of the rank's result: the interior block and the boundary planes write
// their own rows of one vector, with no allocation and no copy.
// Translates to csr_spmv_add::spmv_add(const lapis::SparseTensor<double, int32_t, int32_t, 2>& A,
//                                      DeviceView<double*> x, DeviceView<double*> y) -> DeviceView<double*>.
#CSR32 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>
module {
  func.func @spmv_add(%A: tensor<?x?xf64, #CSR32>, %x: tensor<?xf64>, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> {
    %Ax = linalg.matvec ins(%A, %x : tensor<?x?xf64, #CSR32>, tensor<?xf64>) outs(%y : tensor<?xf64>) -> tensor<?xf64>
    return %Ax : tensor<?xf64>
  }
}

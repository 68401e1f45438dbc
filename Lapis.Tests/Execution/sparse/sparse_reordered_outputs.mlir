// Sparse outputs the sparsifier cannot fill in storage order: it inserts into an unordered COO
// temporary (rows and columns interleaved in one coordinates buffer), sorts it and converts it.
// Concatenation along each dimension, into row-major, column-major (permuted), doubly
// compressed and COO outputs; a COO transpose. Shapes are primes.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#CSC = #sparse_tensor.encoding<{ map = (i, j) -> (j : dense, i : compressed) }>
#DCSC = #sparse_tensor.encoding<{ map = (i, j) -> (j : compressed, i : compressed) }>
#COO = #sparse_tensor.encoding<{ map = (i, j) -> (i : compressed(nonunique), j : singleton) }>
#CCC = #sparse_tensor.encoding<{ map = (i, j, k) -> (i : compressed, j : compressed, k : compressed) }>
module {
  func.func @concat_dim1_csr(%a: tensor<5x3xf64, #CSR>, %b: tensor<5x4xf64, #CSR>) -> tensor<5x7xf64, #CSR> {
    %0 = sparse_tensor.concatenate %a, %b {dimension = 1 : index} : tensor<5x3xf64, #CSR>, tensor<5x4xf64, #CSR> to tensor<5x7xf64, #CSR>
    return %0 : tensor<5x7xf64, #CSR>
  }
  func.func @concat_dim0_csc(%a: tensor<3x5xf64, #CSR>, %b: tensor<4x5xf64, #CSC>) -> tensor<7x5xf64, #CSC> {
    %0 = sparse_tensor.concatenate %a, %b {dimension = 0 : index} : tensor<3x5xf64, #CSR>, tensor<4x5xf64, #CSC> to tensor<7x5xf64, #CSC>
    return %0 : tensor<7x5xf64, #CSC>
  }
  func.func @concat_dim0_dcsc(%a: tensor<3x5xf64, #CSR>, %b: tensor<4x5xf64, #CSR>) -> tensor<7x5xf64, #DCSC> {
    %0 = sparse_tensor.concatenate %a, %b {dimension = 0 : index} : tensor<3x5xf64, #CSR>, tensor<4x5xf64, #CSR> to tensor<7x5xf64, #DCSC>
    return %0 : tensor<7x5xf64, #DCSC>
  }
  func.func @concat_dim1_coo(%a: tensor<5x3xf64, #COO>, %b: tensor<5x4xf64, #CSR>) -> tensor<5x7xf64, #COO> {
    %0 = sparse_tensor.concatenate %a, %b {dimension = 1 : index} : tensor<5x3xf64, #COO>, tensor<5x4xf64, #CSR> to tensor<5x7xf64, #COO>
    return %0 : tensor<5x7xf64, #COO>
  }
  func.func @concat_dim2_ccc(%a: tensor<2x3x2xf32, #CCC>, %b: tensor<2x3x3xf32, #CCC>) -> tensor<2x3x5xf32, #CCC> {
    %0 = sparse_tensor.concatenate %a, %b {dimension = 2 : index} : tensor<2x3x2xf32, #CCC>, tensor<2x3x3xf32, #CCC> to tensor<2x3x5xf32, #CCC>
    return %0 : tensor<2x3x5xf32, #CCC>
  }
  func.func @transpose_coo(%a: tensor<5x7xf64, #COO>) -> tensor<7x5xf64, #COO> {
    %init = tensor.empty() : tensor<7x5xf64, #COO>
    %0 = linalg.transpose ins(%a : tensor<5x7xf64, #COO>) outs(%init : tensor<7x5xf64, #COO>) permutation = [1, 0]
    return %0 : tensor<7x5xf64, #COO>
  }
}

// sparse_tensor.out to the file TENSOR0 names, stdout when it is empty (MLIR's extended FROSTT
// text): an f64 CSR matrix with values operator<< prints in several ways, an f32 CSC matrix
// (written in dimension order) and an i32 3-D tensor.
!Filename = !llvm.ptr

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#CSC = #sparse_tensor.encoding<{ map = (i, j) -> (j : dense, i : compressed) }>
#CSF = #sparse_tensor.encoding<{ map = (i, j, k) -> (i : compressed, j : compressed, k : compressed) }>

module {
  func.func private @getTensorFilename(index) -> (!Filename)

  func.func @main() {
    %c0 = arith.constant 0 : index
    %file = call @getTensorFilename(%c0) : (index) -> (!Filename)

    %d = arith.constant dense<[[0.0, 0.333333333333, 0.0, 1.0e-7],
                               [123456789.0, 0.0, -0.5, 0.0],
                               [0.0, 0.0, 0.0, 2.0]]> : tensor<3x4xf64>
    %a = sparse_tensor.convert %d : tensor<3x4xf64> to tensor<3x4xf64, #CSR>
    sparse_tensor.out %a, %file : tensor<3x4xf64, #CSR>, !Filename

    %e = arith.constant dense<[[1.5, 0.0, 0.0], [0.0, 0.0, 2.25], [3.0, 4.0, 0.0]]> : tensor<3x3xf32>
    %b = sparse_tensor.convert %e : tensor<3x3xf32> to tensor<3x3xf32, #CSC>
    sparse_tensor.out %b, %file : tensor<3x3xf32, #CSC>, !Filename

    %g = arith.constant dense<[[[0, 7, 0], [0, 0, 0]], [[-3, 0, 0], [0, 0, 12]]]> : tensor<2x2x3xi32>
    %c = sparse_tensor.convert %g : tensor<2x2x3xi32> to tensor<2x2x3xi32, #CSF>
    sparse_tensor.out %c, %file : tensor<2x2x3xi32, #CSF>, !Filename

    bufferization.dealloc_tensor %a : tensor<3x4xf64, #CSR>
    bufferization.dealloc_tensor %b : tensor<3x3xf32, #CSC>
    bufferization.dealloc_tensor %c : tensor<2x2x3xi32, #CSF>
    return
  }
}

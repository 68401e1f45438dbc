// Reads TENSOR0..TENSOR4 (written by TensorFileRunTests) with sparse_tensor.new and prints each
// tensor: a general real .mtx as CSR, a symmetric .mtx as DCSR, a pattern .mtx as CSC (f32),
// an integer .mtx as COO (i64) and a .tns as a 3-D tensor with permuted levels (i32).
!Filename = !llvm.ptr

#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#DCSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : compressed, j : compressed) }>
#CSC = #sparse_tensor.encoding<{ map = (i, j) -> (j : dense, i : compressed) }>
#COO = #sparse_tensor.encoding<{ map = (i, j) -> (i : compressed(nonunique), j : singleton) }>
#KIJ = #sparse_tensor.encoding<{ map = (i, j, k) -> (k : compressed, i : dense, j : compressed) }>

module {
  func.func private @getTensorFilename(index) -> (!Filename)

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index

    %f0 = call @getTensorFilename(%c0) : (index) -> (!Filename)
    %general = sparse_tensor.new %f0 : !Filename to tensor<?x?xf64, #CSR>
    sparse_tensor.print %general : tensor<?x?xf64, #CSR>

    %f1 = call @getTensorFilename(%c1) : (index) -> (!Filename)
    %symmetric = sparse_tensor.new %f1 : !Filename to tensor<?x?xf64, #DCSR>
    sparse_tensor.print %symmetric : tensor<?x?xf64, #DCSR>

    %f2 = call @getTensorFilename(%c2) : (index) -> (!Filename)
    %pattern = sparse_tensor.new %f2 : !Filename to tensor<5x4xf32, #CSC>
    sparse_tensor.print %pattern : tensor<5x4xf32, #CSC>

    %f3 = call @getTensorFilename(%c3) : (index) -> (!Filename)
    %integer = sparse_tensor.new %f3 : !Filename to tensor<?x6xi64, #COO>
    sparse_tensor.print %integer : tensor<?x6xi64, #COO>

    %f4 = call @getTensorFilename(%c4) : (index) -> (!Filename)
    %frostt = sparse_tensor.new %f4 : !Filename to tensor<?x3x?xi32, #KIJ>
    sparse_tensor.print %frostt : tensor<?x3x?xi32, #KIJ>

    bufferization.dealloc_tensor %general : tensor<?x?xf64, #CSR>
    bufferization.dealloc_tensor %symmetric : tensor<?x?xf64, #DCSR>
    bufferization.dealloc_tensor %pattern : tensor<5x4xf32, #CSC>
    bufferization.dealloc_tensor %integer : tensor<?x6xi64, #COO>
    bufferization.dealloc_tensor %frostt : tensor<?x3x?xi32, #KIJ>
    return
  }
}

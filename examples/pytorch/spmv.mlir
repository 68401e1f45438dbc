// CSR kernels for the Python examples and tests (python/tests, examples/pytorch/spmv.py):
// y = A x + y (SpMV, 32-bit positions and coordinates), z = alpha x + y, and C = A + B (a CSR result).
#CSR32 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#id2 = affine_map<(i, j) -> (i, j)>
#id1 = affine_map<(i) -> (i)>
module {
  func.func @spmv(%A: tensor<?x?xf64, #CSR32>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
    %0 = linalg.matvec ins(%A, %x : tensor<?x?xf64, #CSR32>, tensor<?xf64>) outs(%y : tensor<?xf64>) -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func @axpy(%alpha: f64, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
    %0 = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
    ^bb0(%a: f64, %b: f64):
      %m = arith.mulf %alpha, %a : f64
      %s = arith.addf %m, %b : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func @add_csr(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x?xf64, #CSR>) -> tensor<?x?xf64, #CSR> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %m = tensor.dim %A, %c0 : tensor<?x?xf64, #CSR>
    %n = tensor.dim %A, %c1 : tensor<?x?xf64, #CSR>
    %init = tensor.empty(%m, %n) : tensor<?x?xf64, #CSR>
    %0 = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x?xf64, #CSR>) outs(%init : tensor<?x?xf64, #CSR>) {
    ^bb0(%a: f64, %b: f64, %c: f64):
      %s = arith.addf %a, %b : f64
      linalg.yield %s : f64
    } -> tensor<?x?xf64, #CSR>
    return %0 : tensor<?x?xf64, #CSR>
  }
}

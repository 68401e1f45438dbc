// Sparse kernels beyond SpMV: SpMM, SDDMM, reductions, sparse vectors; CSR with 32-bit storage where noted.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#CSR32 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>
#DCSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : compressed, j : compressed) }>
#SV = #sparse_tensor.encoding<{ map = (i) -> (i : compressed) }>
#CSRV = #sparse_tensor.encoding<{ map = (i, j, k) -> (i : dense, j : compressed, k : dense) }>
#sddmm = { indexing_maps = [affine_map<(i,j,k) -> (i,k)>, affine_map<(i,j,k) -> (k,j)>, affine_map<(i,j,k) -> (i,j)>, affine_map<(i,j,k) -> (i,j)>],
           iterator_types = ["parallel", "parallel", "reduction"] }
#sum = { indexing_maps = [affine_map<(i,j) -> (i,j)>, affine_map<(i,j) -> ()>], iterator_types = ["reduction", "reduction"] }
#dot = { indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"] }
#axpy = { indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"] }
#csrv = { indexing_maps = [affine_map<(i,j,k) -> (i,j,k)>, affine_map<(i,j,k) -> (j)>, affine_map<(i,j,k) -> (i,k)>],
          iterator_types = ["parallel", "reduction", "parallel"] }
module {
  func.func @spmm_csr(%A: tensor<?x?xf64, #CSR>, %B: tensor<?x?xf64>, %C: tensor<?x?xf64>) -> tensor<?x?xf64> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf64, #CSR>, tensor<?x?xf64>) outs(%C : tensor<?x?xf64>) -> tensor<?x?xf64>
    return %0 : tensor<?x?xf64>
  }
  func.func @spmm_dcsr(%A: tensor<?x?xf32, #DCSR>, %B: tensor<?x?xf32>, %C: tensor<?x?xf32>) -> tensor<?x?xf32> {
    %0 = linalg.matmul ins(%A, %B : tensor<?x?xf32, #DCSR>, tensor<?x?xf32>) outs(%C : tensor<?x?xf32>) -> tensor<?x?xf32>
    return %0 : tensor<?x?xf32>
  }
  // SDDMM: S .* (A B), sampled at the nonzeros of S (dense output).
  func.func @sddmm(%S: tensor<?x?xf64, #CSR32>, %A: tensor<?x?xf64>, %B: tensor<?x?xf64>, %C: tensor<?x?xf64>) -> tensor<?x?xf64> {
    %0 = linalg.generic #sddmm ins(%A, %B, %S : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64, #CSR32>) outs(%C : tensor<?x?xf64>) {
    ^bb0(%a: f64, %b: f64, %s: f64, %c: f64):
      %p = arith.mulf %a, %b : f64
      %q = arith.mulf %p, %s : f64
      %r = arith.addf %c, %q : f64
      linalg.yield %r : f64
    } -> tensor<?x?xf64>
    return %0 : tensor<?x?xf64>
  }
  // Largest magnitude (the init is joined too). A max over a sparse tensor needs
  // sparse_tensor.reduce: the implicit zeros take part in a plain arith.maxnumf.
  func.func @max_abs_csr(%A: tensor<?x?xf32, #CSR32>, %init: tensor<f32>) -> tensor<f32> {
    %zero = arith.constant 0.0 : f32
    %0 = linalg.generic #sum ins(%A : tensor<?x?xf32, #CSR32>) outs(%init : tensor<f32>) {
    ^bb0(%a: f32, %acc: f32):
      %m = math.absf %a : f32
      %r = sparse_tensor.reduce %m, %acc, %zero : f32 {
        ^bb0(%x: f32, %y: f32):
          %s = arith.maxnumf %x, %y : f32
          sparse_tensor.yield %s : f32
      }
      linalg.yield %r : f32
    } -> tensor<f32>
    return %0 : tensor<f32>
  }
  func.func @sparse_dot(%x: tensor<?xf64, #SV>, %y: tensor<?xf64>, %init: tensor<f64>) -> tensor<f64> {
    %0 = linalg.generic #dot ins(%x, %y : tensor<?xf64, #SV>, tensor<?xf64>) outs(%init : tensor<f64>) {
    ^bb0(%a: f64, %b: f64, %acc: f64):
      %p = arith.mulf %a, %b : f64
      %s = arith.addf %acc, %p : f64
      linalg.yield %s : f64
    } -> tensor<f64>
    return %0 : tensor<f64>
  }
  // y += 2 x for a sparse x (scatter through the vector's coordinates).
  func.func @sparse_axpy(%x: tensor<?xf64, #SV>, %y: tensor<?xf64>) -> tensor<?xf64> {
    %0 = linalg.generic #axpy ins(%x : tensor<?xf64, #SV>) outs(%y : tensor<?xf64>) {
    ^bb0(%a: f64, %b: f64):
      %c2 = arith.constant 2.0 : f64
      %p = arith.mulf %a, %c2 : f64
      %s = arith.addf %b, %p : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  // 3-D CSR of vectors (dense, compressed, dense) contracted with a vector over j.
  func.func @csrv_contract(%A: tensor<?x?x?xf64, #CSRV>, %x: tensor<?xf64>, %C: tensor<?x?xf64>) -> tensor<?x?xf64> {
    %0 = linalg.generic #csrv ins(%A, %x : tensor<?x?x?xf64, #CSRV>, tensor<?xf64>) outs(%C : tensor<?x?xf64>) {
    ^bb0(%a: f64, %b: f64, %c: f64):
      %p = arith.mulf %a, %b : f64
      %s = arith.addf %c, %p : f64
      linalg.yield %s : f64
    } -> tensor<?x?xf64>
    return %0 : tensor<?x?xf64>
  }
}

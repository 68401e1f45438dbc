// Conjugate gradients for the SpMV benchmark's CG table: x = A^-1 b from x = 0, a fixed number
// of iterations (no convergence test, so Lapis and the hand-written Kokkos CG in cg.cpp do the
// same work). The algorithm of ../../Lapis.Tests/Execution/sparse/cg.mlir (SpMV, dot products,
// axpy updates) with the iteration count as an argument and the CSR matrix of spmv_csr.mlir
// (index positions and coordinates, f64).
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#update = { indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"] }
module {
  // y := a * x + y, in place (the loop-carried vectors keep their buffers).
  func.func private @axpy(%a: f64, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
    %0 = linalg.generic #update ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
    ^bb0(%xi: f64, %yi: f64):
      %p = arith.mulf %a, %xi : f64
      %s = arith.addf %p, %yi : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  // y := x + b * y, in place.
  func.func private @xpby(%x: tensor<?xf64>, %b: f64, %y: tensor<?xf64>) -> tensor<?xf64> {
    %0 = linalg.generic #update ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
    ^bb0(%xi: f64, %yi: f64):
      %p = arith.mulf %b, %yi : f64
      %s = arith.addf %xi, %p : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func private @dot(%x: tensor<?xf64>, %y: tensor<?xf64>) -> f64 {
    %zero = arith.constant 0.0 : f64
    %init = tensor.empty() : tensor<f64>
    %acc = linalg.fill ins(%zero : f64) outs(%init : tensor<f64>) -> tensor<f64>
    %d = linalg.dot ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%acc : tensor<f64>) -> tensor<f64>
    %v = tensor.extract %d[] : tensor<f64>
    return %v : f64
  }
  func.func @cg(%A: tensor<?x?xf64, #CSR>, %b: tensor<?xf64>, %iterations: index) -> tensor<?xf64> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0.0 : f64
    %n = tensor.dim %b, %c0 : tensor<?xf64>
    %empty = tensor.empty(%n) : tensor<?xf64>
    %x0 = linalg.fill ins(%zero : f64) outs(%empty : tensor<?xf64>) -> tensor<?xf64>
    %rr0 = func.call @dot(%b, %b) : (tensor<?xf64>, tensor<?xf64>) -> f64
    %res:4 = scf.for %k = %c0 to %iterations step %c1 iter_args(%x = %x0, %r = %b, %p = %b, %rr = %rr0)
        -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, f64) {
      // A fresh tensor.empty: reusing %empty lets bufferization put Ap in the buffer of x.
      %ez = tensor.empty(%n) : tensor<?xf64>
      %z = linalg.fill ins(%zero : f64) outs(%ez : tensor<?xf64>) -> tensor<?xf64>
      %Ap = linalg.matvec ins(%A, %p : tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%z : tensor<?xf64>) -> tensor<?xf64>
      %pAp = func.call @dot(%p, %Ap) : (tensor<?xf64>, tensor<?xf64>) -> f64
      %alpha = arith.divf %rr, %pAp : f64
      %x1 = func.call @axpy(%alpha, %p, %x) : (f64, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
      %malpha = arith.negf %alpha : f64
      %r1 = func.call @axpy(%malpha, %Ap, %r) : (f64, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
      %rr1 = func.call @dot(%r1, %r1) : (tensor<?xf64>, tensor<?xf64>) -> f64
      %beta = arith.divf %rr1, %rr : f64
      %p1 = func.call @xpby(%r1, %beta, %p) : (tensor<?xf64>, f64, tensor<?xf64>) -> tensor<?xf64>
      scf.yield %x1, %r1, %p1, %rr1 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, f64
    }
    return %res#0 : tensor<?xf64>
  }
}

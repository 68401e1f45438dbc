// f32 GEMMs on dynamic shapes for the Kokkos Kernels route (KokkosKernelsRouteTests runs it at
// sizes 1, 67 and 133): a fill + matmul, and torch's Linear (x W^T) with bias + ReLU fused as the
// epilogue that runs after KokkosBlas::gemm.
#bias_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>]
module {
  func.func @gemms(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %w: tensor<?x?xf32>, %bias: tensor<?xf32>)
      -> (tensor<?x?xf32>, tensor<?x?xf32>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0.0 : f32
    %m = tensor.dim %a, %c0 : tensor<?x?xf32>
    %n = tensor.dim %b, %c1 : tensor<?x?xf32>
    %e0 = tensor.empty(%m, %n) : tensor<?x?xf32>
    %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<?x?xf32>) -> tensor<?x?xf32>
    %r0 = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f0 : tensor<?x?xf32>) -> tensor<?x?xf32>
    %o = tensor.dim %w, %c0 : tensor<?x?xf32>
    %e1 = tensor.empty(%m, %o) : tensor<?x?xf32>
    %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<?x?xf32>) -> tensor<?x?xf32>
    %l = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
                         iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%a, %w : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f1 : tensor<?x?xf32>) {
    ^bb0(%av: f32, %wv: f32, %acc: f32):
      %p = arith.mulf %av, %wv : f32
      %s = arith.addf %acc, %p : f32
      linalg.yield %s : f32
    } -> tensor<?x?xf32>
    %e2 = tensor.empty(%m, %o) : tensor<?x?xf32>
    %r1 = linalg.generic {indexing_maps = #bias_maps, iterator_types = ["parallel", "parallel"]}
        ins(%l, %bias : tensor<?x?xf32>, tensor<?xf32>) outs(%e2 : tensor<?x?xf32>) {
    ^bb0(%lv: f32, %bv: f32, %out: f32):
      %s = arith.addf %lv, %bv : f32
      %r = arith.maximumf %s, %zero : f32
      linalg.yield %r : f32
    } -> tensor<?x?xf32>
    return %r0, %r1 : tensor<?x?xf32>, tensor<?x?xf32>
  }
}

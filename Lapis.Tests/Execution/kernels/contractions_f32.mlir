// Matmul-like contractions that lapis-tile-contractions turns into tiled kokkos.contraction
// kernels, at sizes that are not multiples of any tile (host tiles 96 x 128 x 256 with 6 x 16
// registers, device tiles 64 x 64 x 16 with 4 x 4): 1, primes, tile - 1 and tile + 1.
// One function with several results, so one lapis check build compares all of them. Each is above
// lapis-tile-contractions' bound for static shapes (65,536 multiply-adds) except (3), which stays on the
// loop path, and (6), its tiled twin with 1,000 outputs.
#relu_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>]
module {
  func.func @contractions(%a: tensor<97x257xf32>, %b: tensor<257x129xf32>,
                          %c: tensor<95x127xf32>, %d: tensor<95x255xf32>, %e: tensor<255x127xf32>,
                          %x: tensor<1x91xf32>, %w: tensor<100x91xf32>, %bias: tensor<100xf32>,
                          %ba: tensor<3x131x171xf32>, %bb: tensor<3x171x1xf32>,
                          %ta: tensor<17x33xf32>, %tb: tensor<17x129xf32>, %w6: tensor<1000x91xf32>)
      -> (tensor<97x129xf32>, tensor<95x127xf32>, tensor<1x100xf32>, tensor<3x131x1xf32>, tensor<33x129xf32>, tensor<1x1000xf32>) {
    %zero = arith.constant 0.0 : f32
    %half = arith.constant 0.5 : f32
    // (1) fill + matmul: M = 97 (BM + 1), N = 129 (BN + 1), K = 257 (BK + 1)
    %e0 = tensor.empty() : tensor<97x129xf32>
    %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<97x129xf32>) -> tensor<97x129xf32>
    %r0 = linalg.matmul ins(%a, %b : tensor<97x257xf32>, tensor<257x129xf32>) outs(%f0 : tensor<97x129xf32>) -> tensor<97x129xf32>
    // (2) accumulate into an input: c + d e with M = 95, N = 127, K = 255 (tile - 1)
    %r1 = linalg.matmul ins(%d, %e : tensor<95x255xf32>, tensor<255x127xf32>) outs(%c : tensor<95x127xf32>) -> tensor<95x127xf32>
    // (3) torch Linear (x W^T + bias, ReLU) with one row, 9,100 multiply-adds (loops): a fill value that is not zero
    %e2 = tensor.empty() : tensor<1x100xf32>
    %f2 = linalg.fill ins(%half : f32) outs(%e2 : tensor<1x100xf32>) -> tensor<1x100xf32>
    %l = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
                         iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%x, %w : tensor<1x91xf32>, tensor<100x91xf32>) outs(%f2 : tensor<1x100xf32>) {
    ^bb0(%xv: f32, %wv: f32, %acc: f32):
      %p = arith.mulf %xv, %wv : f32
      %s = arith.addf %acc, %p : f32
      linalg.yield %s : f32
    } -> tensor<1x100xf32>
    %e3 = tensor.empty() : tensor<1x100xf32>
    %r2 = linalg.generic {indexing_maps = #relu_maps, iterator_types = ["parallel", "parallel"]}
        ins(%l, %bias : tensor<1x100xf32>, tensor<100xf32>) outs(%e3 : tensor<1x100xf32>) {
    ^bb0(%lv: f32, %bv: f32, %out: f32):
      %s = arith.addf %lv, %bv : f32
      %r = arith.maximumf %s, %zero : f32
      linalg.yield %r : f32
    } -> tensor<1x100xf32>
    // (4) batch_matmul with N = 1, M = 131, K = 171
    %e4 = tensor.empty() : tensor<3x131x1xf32>
    %f4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<3x131x1xf32>) -> tensor<3x131x1xf32>
    %r3 = linalg.batch_matmul ins(%ba, %bb : tensor<3x131x171xf32>, tensor<3x171x1xf32>) outs(%f4 : tensor<3x131x1xf32>) -> tensor<3x131x1xf32>
    // (5) lhs stored transposed: ta^T tb, M = 33, N = 129 (2 device tiles + 1), K = 17 (device BK + 1)
    %e5 = tensor.empty() : tensor<33x129xf32>
    %f5 = linalg.fill ins(%zero : f32) outs(%e5 : tensor<33x129xf32>) -> tensor<33x129xf32>
    %r4 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (k, i)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%ta, %tb : tensor<17x33xf32>, tensor<17x129xf32>) outs(%f5 : tensor<33x129xf32>) {
    ^bb0(%av: f32, %bv: f32, %acc: f32):
      %p = arith.mulf %av, %bv : f32
      %s = arith.addf %acc, %p : f32
      linalg.yield %s : f32
    } -> tensor<33x129xf32>
    // (6) the Linear of (3) with 1,000 outputs (91,000 multiply-adds: tiled), zero fill fused
    %e6 = tensor.empty() : tensor<1x1000xf32>
    %f6 = linalg.fill ins(%zero : f32) outs(%e6 : tensor<1x1000xf32>) -> tensor<1x1000xf32>
    %r5 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%x, %w6 : tensor<1x91xf32>, tensor<1000x91xf32>) outs(%f6 : tensor<1x1000xf32>) {
    ^bb0(%xv: f32, %wv: f32, %acc: f32):
      %p = arith.mulf %xv, %wv : f32
      %s = arith.addf %acc, %p : f32
      linalg.yield %s : f32
    } -> tensor<1x1000xf32>
    return %r0, %r1, %r2, %r3, %r4, %r5 : tensor<97x129xf32>, tensor<95x127xf32>, tensor<1x100xf32>, tensor<3x131x1xf32>, tensor<33x129xf32>, tensor<1x1000xf32>
  }
}

// Tiled contractions whose operands go through an elementwise prologue before the multiply
// (lapis-tile-contractions keeps it in the kokkos.contraction; the printer applies it as the
// operands are packed), at sizes that are not multiples of any tile:
// (1) ResNet-18's classifier form, 1 x 517 x 1003: the pool's division in the body, the flatten in
//     the maps (unit reduction dimensions), a bias epilogue: lhs prologue;
// (2) 37 x 129 x 61, relu of the rhs in a generic of its own, fused into the contraction by
//     linalg-fuse-elementwise-ops: rhs prologue;
// (3) 37 x 129 x 61 with the rhs stored transposed (torch's Linear weight), x * 0.5 + 1 on the lhs
//     and tanh on the rhs: both prologues.
#map_x = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3, d4)>
#map_w = affine_map<(d0, d1, d2, d3, d4) -> (d2, d3, d4, d1)>
#map_y = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1)>
module {
  func.func @prologues(%x: tensor<1x517x1x1xf32>, %w: tensor<517x1x1x1003xf32>, %bias: tensor<1003xf32>,
                       %a: tensor<37x129xf32>, %b: tensor<129x61xf32>, %wt: tensor<61x129xf32>)
      -> (tensor<1x1003xf32>, tensor<37x61xf32>, tensor<37x61xf32>) {
    %zero = arith.constant 0.0 : f32
    %c49 = arith.constant 49.0 : f32
    // (1)
    %e0 = tensor.empty() : tensor<1x1003xf32>
    %f0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1x1003xf32>) -> tensor<1x1003xf32>
    %p0 = linalg.generic {indexing_maps = [#map_x, #map_w, #map_y], iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction"]}
        ins(%x, %w : tensor<1x517x1x1xf32>, tensor<517x1x1x1003xf32>) outs(%f0 : tensor<1x1003xf32>) {
    ^bb0(%xv: f32, %wv: f32, %acc: f32):
      %d = arith.divf %xv, %c49 : f32
      %m = arith.mulf %d, %wv : f32
      %s = arith.addf %acc, %m : f32
      linalg.yield %s : f32
    } -> tensor<1x1003xf32>
    %e1 = tensor.empty() : tensor<1x1003xf32>
    %r0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
        ins(%p0, %bias : tensor<1x1003xf32>, tensor<1003xf32>) outs(%e1 : tensor<1x1003xf32>) {
    ^bb0(%pv: f32, %bv: f32, %out: f32):
      %s = arith.addf %pv, %bv : f32
      linalg.yield %s : f32
    } -> tensor<1x1003xf32>
    // (2)
    %e2 = tensor.empty() : tensor<129x61xf32>
    %relu = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
        ins(%b : tensor<129x61xf32>) outs(%e2 : tensor<129x61xf32>) {
    ^bb0(%bv: f32, %out: f32):
      %r = arith.maximumf %bv, %zero : f32
      linalg.yield %r : f32
    } -> tensor<129x61xf32>
    %e3 = tensor.empty() : tensor<37x61xf32>
    %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<37x61xf32>) -> tensor<37x61xf32>
    %r1 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%a, %relu : tensor<37x129xf32>, tensor<129x61xf32>) outs(%f3 : tensor<37x61xf32>) {
    ^bb0(%av: f32, %bv: f32, %acc: f32):
      %m = arith.mulf %av, %bv : f32
      %s = arith.addf %acc, %m : f32
      linalg.yield %s : f32
    } -> tensor<37x61xf32>
    // (3)
    %e4 = tensor.empty() : tensor<37x61xf32>
    %f4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<37x61xf32>) -> tensor<37x61xf32>
    %r2 = linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
                          iterator_types = ["parallel", "parallel", "reduction"]}
        ins(%a, %wt : tensor<37x129xf32>, tensor<61x129xf32>) outs(%f4 : tensor<37x61xf32>) {
    ^bb0(%av: f32, %wv: f32, %acc: f32):
      %half = arith.constant 0.5 : f32
      %one = arith.constant 1.0 : f32
      %h = arith.mulf %av, %half : f32
      %g = arith.addf %h, %one : f32
      %t = math.tanh %wv : f32
      %m = arith.mulf %t, %g : f32
      %s = arith.addf %m, %acc : f32
      linalg.yield %s : f32
    } -> tensor<37x61xf32>
    return %r0, %r1, %r2 : tensor<1x1003xf32>, tensor<37x61xf32>, tensor<37x61xf32>
  }
}

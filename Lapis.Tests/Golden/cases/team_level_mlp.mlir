// golden: team-level
// A small surrogate with two results (the outputs and their sum) translated with --team-level:
// forward keeps its device-level API, forward_team runs on one team's threads (hidden layer in
// scratch, outputs as trailing arguments, the sum as a TeamThreadRange parallel_reduce, team
// writes in Kokkos::single, barriers between dependent loops). scale has a dynamic shape:
// no variant, and a note in the header.
#id1 = affine_map<(i) -> (i)>
#all = affine_map<(i) -> ()>
func.func @forward(%x: tensor<6xf32>) -> (tensor<3xf32>, tensor<f32>) {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<[[0.5, -0.25, 0.125, 1.0], [0.25, 0.5, -0.5, 0.75], [-1.0, 0.25, 0.5, 0.125],
                              [0.75, -0.125, 0.25, -0.5], [0.5, 0.5, -0.25, 0.25], [-0.25, 1.0, 0.125, -0.75]]> : tensor<6x4xf32>
  %w2 = arith.constant dense<[[1.0, -0.5, 0.25], [0.5, 0.25, -1.0], [-0.25, 0.75, 0.5], [0.125, -0.5, 1.0]]> : tensor<4x3xf32>
  %e4 = tensor.empty() : tensor<4xf32>
  %z4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<4xf32>) -> tensor<4xf32>
  %h = linalg.vecmat ins(%x, %w1 : tensor<6xf32>, tensor<6x4xf32>) outs(%z4 : tensor<4xf32>) -> tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%h : tensor<4xf32>) outs(%e4 : tensor<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.maximumf %v, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  %e3 = tensor.empty() : tensor<3xf32>
  %z3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %y = linalg.vecmat ins(%r, %w2 : tensor<4xf32>, tensor<4x3xf32>) outs(%z3 : tensor<3xf32>) -> tensor<3xf32>
  %e0 = tensor.empty() : tensor<f32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %s = linalg.generic {indexing_maps = [#id1, #all], iterator_types = ["reduction"]} ins(%y : tensor<3xf32>) outs(%z0 : tensor<f32>) {
  ^bb0(%v: f32, %acc: f32):
    %a = arith.addf %v, %acc : f32
    linalg.yield %a : f32
  } -> tensor<f32>
  return %y, %s : tensor<3xf32>, tensor<f32>
}

func.func @scale(%x: tensor<?xf32>, %a: f32) -> tensor<?xf32> {
  %y = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<?xf32>) outs(%x : tensor<?xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.mulf %v, %a : f32
    linalg.yield %m : f32
  } -> tensor<?xf32>
  return %y : tensor<?xf32>
}

// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-readonly-arguments)" | FileCheck %s
// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-readonly-arguments,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map})" | FileCheck %s --check-prefix=BUF

// Tensor arguments of public functions become read-only for bufferization; scalars and private
// functions are left alone.
// CHECK-LABEL: func.func @scale(
// CHECK-SAME:    %{{.*}}: tensor<4xf32> {bufferization.writable = false}, %{{.*}}: f32)
// CHECK-LABEL: func.func private @helper(
// CHECK-NOT:     bufferization.writable
// An in-place update of a read-only input bufferizes into a fresh buffer, not into the argument.
// BUF-LABEL: func.func @scale(
// BUF:         %[[NEW:.*]] = memref.alloc() {{.*}} : memref<4xf32>
// BUF:         memref.copy %{{.*}}, %[[NEW]]
func.func @scale(%x: tensor<4xf32>, %s: f32) -> tensor<4xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%x : tensor<4xf32>) {
  ^bb0(%o: f32):
    %m = arith.mulf %o, %s : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// An argument its author marked writable keeps the mark: y = a*x + y updates y in place.
// CHECK-LABEL: func.func @axpy_in_place(
// CHECK-SAME:    %{{.*}}: f64, %{{.*}}: tensor<?xf64> {bufferization.writable = false}, %{{.*}}: tensor<?xf64> {bufferization.writable = true})
// BUF-LABEL: func.func @axpy_in_place(
// BUF-NOT:     memref.alloc
// BUF-NOT:     memref.copy
// BUF:         return
func.func @axpy_in_place(%a: f64, %x: tensor<?xf64>, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
  ^bb0(%xi: f64, %yi: f64):
    %m = arith.mulf %a, %xi : f64
    %s = arith.addf %m, %yi : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %r : tensor<?xf64>
}

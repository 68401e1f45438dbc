// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-tile-contractions))" | FileCheck %s
// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-tile-contractions{min-static-macs=1000}))" | FileCheck %s --check-prefix=LOW

// The default rule: a static contraction with fewer than 65,536 multiply-adds stays a linalg op (the
// loop path: a tiled kernel's TeamPolicy launch with scratch costs more than the product), larger or
// dynamic ones become kokkos.contraction. (tile-contractions.mlir sets min-static-macs=0 so that its small
// static cases are tiled.) MALA's one-sample layer, 1 x 91 x 100 = 9,100 multiply-adds:
// CHECK-LABEL: func.func @linear_one_sample(
// CHECK-NOT:     kokkos.contraction
// CHECK:         linalg.generic
// CHECK-NOT:     kokkos.contraction
// CHECK:         return
// LOW-LABEL:   func.func @linear_one_sample(
// LOW:           "kokkos.contraction"
func.func @linear_one_sample(%x: memref<1x91xf32>, %w: memref<100x91xf32>, %y: memref<1x100xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<1x91xf32>, memref<100x91xf32>) outs(%y : memref<1x100xf32>) {
  ^bb0(%xv: f32, %wv: f32, %acc: f32):
    %p = arith.mulf %xv, %wv : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// A batch of 3 x 64 x 17 x 21 = 68,544 multiply-adds (just above the bound, k from the transposed lhs): tiled.
// CHECK-LABEL: func.func @batch_just_above(
// CHECK:         "kokkos.contraction"
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }) {{.*}}transpose_lhs = true
// CHECK-NOT:     linalg.batch_matmul
func.func @batch_just_above(%a: memref<3x21x64xf64>, %b: memref<3x21x17xf64>, %c: memref<3x64x17xf64>) {
  linalg.batch_matmul indexing_maps = [affine_map<(b, i, j, k) -> (b, k, i)>, affine_map<(b, i, j, k) -> (b, k, j)>, affine_map<(b, i, j, k) -> (b, i, j)>]
      ins(%a, %b : memref<3x21x64xf64>, memref<3x21x17xf64>) outs(%c : memref<3x64x17xf64>)
  return
}

// A tiny product of dynamic shape is tiled: its size is known only at run time.
// CHECK-LABEL: func.func @dynamic(
// CHECK:         "kokkos.contraction"
// CHECK-NOT:     linalg.matmul
func.func @dynamic(%a: memref<?x2xf32>, %b: memref<2x2xf32>, %c: memref<?x2xf32>) {
  linalg.matmul ins(%a, %b : memref<?x2xf32>, memref<2x2xf32>) outs(%c : memref<?x2xf32>)
  return
}

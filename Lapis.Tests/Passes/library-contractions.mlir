// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-tile-contractions{min-static-macs=0},lapis-library-contractions))" | FileCheck %s

// C = A B with a zero fill: the kokkos.contraction becomes a Kokkos Kernels GEMM with the same
// operands (the fill is its init), no tiles, no epilogue.
// CHECK-LABEL: func.func @matmul_fill(
// CHECK-SAME:    %[[A:.*]]: memref<?x?xf32>, %[[B:.*]]: memref<?x?xf32>, %[[C:.*]]: memref<?x?xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00
// CHECK-NOT:     linalg.fill
// CHECK:         "kokkos.blas_gemm"(%[[A]], %[[B]], %[[C]], %[[ZERO]]) ({
// CHECK-NEXT:    }) {execution_space = "device", label = "matmul_fill:15", transpose_lhs = false, transpose_rhs = false}
// CHECK-NOT:     kokkos.contraction
func.func @matmul_fill(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<?x?xf32>)
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// C += A B per batch (no fill: no init, the call accumulates), f64.
// CHECK-LABEL: func.func @batch_matmul_accumulate(
// CHECK:         "kokkos.blas_gemm"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,)]*}}) ({
// CHECK-NEXT:    }) {{.*}}transpose_lhs = false, transpose_rhs = false}
func.func @batch_matmul_accumulate(%a: memref<?x?x?xf64>, %b: memref<?x?x?xf64>, %c: memref<?x?x?xf64>) {
  linalg.batch_matmul ins(%a, %b : memref<?x?x?xf64>, memref<?x?x?xf64>) outs(%c : memref<?x?x?xf64>)
  return
}

// y = A x with a zero fill: a GEMV (no transpose), the fill its init.
// CHECK-LABEL: func.func @matvec_fill(
// CHECK-SAME:    %[[M:.*]]: memref<?x?xf32>, %[[X:.*]]: memref<?xf32>, %[[Y:.*]]: memref<?xf32>
// CHECK-NOT:     linalg.fill
// CHECK:         "kokkos.blas_gemv"(%[[M]], %[[X]], %[[Y]], %{{.*}}) ({
// CHECK-NEXT:    }) {execution_space = "device", label = "matvec_fill:38", transpose = false}
// CHECK-NOT:     linalg.matvec
func.func @matvec_fill(%m: memref<?x?xf32>, %x: memref<?xf32>, %y: memref<?xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<?xf32>)
  linalg.matvec ins(%m, %x : memref<?x?xf32>, memref<?xf32>) outs(%y : memref<?xf32>)
  return
}

// y = x A (vecmat): the GEMV of the transposed matrix; operands (matrix, vector, out).
// CHECK-LABEL: func.func @vecmat(
// CHECK-SAME:    %[[X:.*]]: memref<5xf64>, %[[M:.*]]: memref<5x7xf64>, %[[Y:.*]]: memref<7xf64>
// CHECK:         "kokkos.blas_gemv"(%[[M]], %[[X]], %[[Y]]) ({
// CHECK-NEXT:    }) {{.*}}transpose = true}
func.func @vecmat(%x: memref<5xf64>, %m: memref<5x7xf64>, %y: memref<7xf64>) {
  linalg.vecmat ins(%x, %m : memref<5xf64>, memref<5x7xf64>) outs(%y : memref<7xf64>)
  return
}

// torch's Linear (x W^T) with bias + ReLU: the GEMM reads W transposed; the fused epilogue stays
// on the op (our own kernel after the call), the intermediate buffer is gone.
// CHECK-LABEL: func.func @linear_relu(
// CHECK-SAME:    %[[X:.*]]: memref<8x91xf32>, %[[W:.*]]: memref<100x91xf32>, %[[BIAS:.*]]: memref<100xf32>, %[[Y:.*]]: memref<8x100xf32>
// CHECK-NOT:     memref.alloc
// CHECK:         "kokkos.blas_gemm"(%[[X]], %[[W]], %[[Y]], %{{.*}})
// CHECK-NEXT:    ^bb0(%[[ACC:.*]]: f32, %[[I:.*]]: index, %[[J:.*]]: index):
// CHECK-NEXT:      %[[BJ:.*]] = memref.load %[[BIAS]][%[[J]]]
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ACC]], %[[BJ]]
// CHECK-NEXT:      %[[RELU:.*]] = arith.maximumf %[[SUM]]
// CHECK-NEXT:      gpu.yield %[[RELU]]
// CHECK:         transpose_lhs = false, transpose_rhs = true
// CHECK-NOT:     linalg.generic
func.func @linear_relu(%x: memref<8x91xf32>, %w: memref<100x91xf32>, %bias: memref<100xf32>, %y: memref<8x100xf32>) {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<8x100xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<8x100xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (j, k)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<8x91xf32>, memref<100x91xf32>) outs(%t : memref<8x100xf32>) {
  ^bb0(%xv: f32, %wv: f32, %acc: f32):
    %p = arith.mulf %xv, %wv : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%t, %bias : memref<8x100xf32>, memref<100xf32>) outs(%y : memref<8x100xf32>) {
  ^bb0(%tv: f32, %bv: f32, %out: f32):
    %s = arith.addf %tv, %bv : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  memref.dealloc %t : memref<8x100xf32>
  return
}

// A residual read from the output's own buffer (D = A B + D): the library would overwrite D before
// the epilogue reads it, so the contraction stays tiled.
// CHECK-LABEL: func.func @residual_in_place(
// CHECK:         "kokkos.contraction"
// CHECK-NOT:     kokkos.blas_gemm
func.func @residual_in_place(%a: memref<4x6xf32>, %b: memref<6x4xf32>, %d: memref<4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<4x4xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<4x4xf32>)
  linalg.matmul ins(%a, %b : memref<4x6xf32>, memref<6x4xf32>) outs(%t : memref<4x4xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%t, %d : memref<4x4xf32>, memref<4x4xf32>) outs(%d : memref<4x4xf32>) {
  ^bb0(%tv: f32, %dv: f32, %out: f32):
    %s = arith.addf %tv, %dv : f32
    linalg.yield %s : f32
  }
  memref.dealloc %t : memref<4x4xf32>
  return
}

// An operand prologue ((x / 49) W, ResNet's classifier): GEMM reads its operands as stored, so the
// contraction stays tiled and applies the prologue as it packs the lhs.
// CHECK-LABEL: func.func @prologue_stays_tiled(
// CHECK:         "kokkos.contraction"
// CHECK-NEXT:    }, {
// CHECK-NEXT:    ^bb0
// CHECK-NEXT:      arith.divf
// CHECK-NOT:     kokkos.blas_gemm
// CHECK:         return
func.func @prologue_stays_tiled(%x: memref<3x512xf32>, %w: memref<512x1000xf32>, %y: memref<3x1000xf32>) {
  %zero = arith.constant 0.0 : f32
  %c49 = arith.constant 49.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<3x1000xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<3x512xf32>, memref<512x1000xf32>) outs(%y : memref<3x1000xf32>) {
  ^bb0(%xv: f32, %wv: f32, %acc: f32):
    %d = arith.divf %xv, %c49 : f32
    %p = arith.mulf %d, %wv : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

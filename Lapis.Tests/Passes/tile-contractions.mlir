// RUN: lapis opt %s --pass-pipeline="builtin.module(func.func(lapis-tile-contractions{min-static-macs=0}))" | FileCheck %s

// C = A B on buffers with a zero fill before it: one kokkos.contraction, the fill fused as its
// init operand, tile sizes per execution space as attributes (dynamic output: the large GPU blocks; a small static one, as in matmul_accumulate_f64, keeps 64 x 64).
// CHECK-LABEL: func.func @matmul_fill(
// CHECK-SAME:    %[[A:.*]]: memref<?x?xf32>, %[[B:.*]]: memref<?x?xf32>, %[[C:.*]]: memref<?x?xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00
// CHECK-NOT:     linalg.fill
// CHECK:         "kokkos.contraction"(%[[A]], %[[B]], %[[C]], %[[ZERO]])
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }) {device_tiles = array<i64: 128, 128, 16, 8, 8>, execution_space = "device"
// CHECK-SAME:      host_tiles = array<i64: 96, 256, 256, 6, 16>, label = "matmul_fill:[[@LINE+6]]"
// CHECK-SAME:      transpose_lhs = false, transpose_rhs = false
// CHECK-NOT:     linalg.matmul
func.func @matmul_fill(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<?x?xf32>)
  linalg.matmul ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>)
  return
}

// C += A B (no fill): no init operand; f64 gets its own tile table.
// CHECK-LABEL: func.func @matmul_accumulate_f64(
// CHECK:         "kokkos.contraction"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}) ({
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }) {{.*}}host_tiles = array<i64: 96, 256, 256, 6, 8>
func.func @matmul_accumulate_f64(%a: memref<7x13xf64>, %b: memref<13x5xf64>, %c: memref<7x5xf64>) {
  linalg.matmul ins(%a, %b : memref<7x13xf64>, memref<13x5xf64>) outs(%c : memref<7x5xf64>)
  return
}

// A fill of another buffer, or an access of C between fill and matmul, is not fused.
// CHECK-LABEL: func.func @fill_not_adjacent(
// CHECK:         linalg.fill
// CHECK:         memref.store
// CHECK:         "kokkos.contraction"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}) ({
func.func @fill_not_adjacent(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %c: memref<4x4xf32>, %x: f32) {
  %zero = arith.constant 0.0 : f32
  %i = arith.constant 1 : index
  linalg.fill ins(%zero : f32) outs(%c : memref<4x4xf32>)
  memref.store %x, %c[%i, %i] : memref<4x4xf32>
  linalg.matmul ins(%a, %b : memref<4x4xf32>, memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  return
}

// torch's Linear: x W^T as a linalg.generic over (i, j, k) reading W[j, k], then bias + ReLU in
// an elementwise generic that is the only reader of the fresh result: fused as the epilogue
// (block arguments: the finished sum and the output indices), the intermediate buffer erased.
// CHECK-LABEL: func.func @linear_relu(
// CHECK-SAME:    %[[X:.*]]: memref<8x91xf32>, %[[W:.*]]: memref<100x91xf32>, %[[BIAS:.*]]: memref<100xf32>, %[[Y:.*]]: memref<8x100xf32>
// CHECK-NOT:     memref.alloc
// CHECK:         "kokkos.contraction"(%[[X]], %[[W]], %[[Y]], %{{.*}})
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

// Batched, A stored transposed ([b, k, m]).
// CHECK-LABEL: func.func @batch_matmul_transposed_lhs(
// CHECK:         "kokkos.contraction"
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }) {{.*}}transpose_lhs = true, transpose_rhs = false
// CHECK-SAME:      (memref<3x5x7xf32>, memref<3x5x11xf32>, memref<3x7x11xf32>) -> ()
func.func @batch_matmul_transposed_lhs(%a: memref<3x5x7xf32>, %b: memref<3x5x11xf32>, %c: memref<3x7x11xf32>) {
  linalg.generic {indexing_maps = [affine_map<(b, i, j, k) -> (b, k, i)>, affine_map<(b, i, j, k) -> (b, k, j)>, affine_map<(b, i, j, k) -> (b, i, j)>],
                  iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<3x5x7xf32>, memref<3x5x11xf32>) outs(%c : memref<3x7x11xf32>) {
  ^bb0(%av: f32, %bv: f32, %acc: f32):
    %p = arith.mulf %av, %bv : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// Left to the loop path: integer matmul, and a generic whose body is not a plain sum of products.
// CHECK-LABEL: func.func @not_recognized(
// CHECK-NOT:     kokkos.contraction
// CHECK:         linalg.matmul
// CHECK:         linalg.generic
// CHECK-NOT:     kokkos.contraction
func.func @not_recognized(%a: memref<4x4xi32>, %b: memref<4x4xi32>, %c: memref<4x4xi32>,
                          %x: memref<4x4xf32>, %y: memref<4x4xf32>, %z: memref<4x4xf32>) {
  linalg.matmul ins(%a, %b : memref<4x4xi32>, memref<4x4xi32>) outs(%c : memref<4x4xi32>)
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %y : memref<4x4xf32>, memref<4x4xf32>) outs(%z : memref<4x4xf32>) {
  ^bb0(%xv: f32, %yv: f32, %acc: f32):
    %p = arith.mulf %xv, %yv : f32
    %e = math.exp %p : f32
    %s = arith.addf %acc, %e : f32
    linalg.yield %s : f32
  }
  return
}

// torch-mlir's Linear after bufferization: the bias add writes into the matmul's own buffer and
// the bias global is fetched after the matmul. The epilogue is fused in place (the contraction
// keeps its output) and the get_global moves above the contraction.
memref.global "private" constant @bias : memref<2xf32> = dense<[0.1, -0.2]>
// CHECK-LABEL: func.func @linear_in_place(
// CHECK-SAME:    %[[X:.*]]: memref<?x3xf32>, %[[W:.*]]: memref<3x2xf32>
// CHECK:         %[[T:.*]] = memref.alloc
// CHECK:         %[[BIAS:.*]] = memref.get_global @bias
// CHECK-NEXT:    "kokkos.contraction"(%[[X]], %[[W]], %[[T]], %{{.*}})
// CHECK-NEXT:    ^bb0(%[[ACC:.*]]: f32, %{{.*}}: index, %[[J:.*]]: index):
// CHECK-NEXT:      %[[BJ:.*]] = memref.load %[[BIAS]][%[[J]]]
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ACC]], %[[BJ]]
// CHECK-NEXT:      gpu.yield %[[SUM]]
// CHECK-NOT:     linalg
// CHECK:         return %[[T]]
func.func @linear_in_place(%x: memref<?x3xf32>, %w: memref<3x2xf32>) -> memref<?x2xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?x3xf32>
  %t = memref.alloc(%n) : memref<?x2xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<?x2xf32>)
  linalg.matmul ins(%x, %w : memref<?x3xf32>, memref<3x2xf32>) outs(%t : memref<?x2xf32>)
  %bias = memref.get_global @bias : memref<2xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%t, %bias : memref<?x2xf32>, memref<2xf32>) outs(%t : memref<?x2xf32>) {
  ^bb0(%tv: f32, %bv: f32, %out: f32):
    %s = arith.addf %tv, %bv : f32
    linalg.yield %s : f32
  }
  return %t : memref<?x2xf32>
}

// ResNet-18's classifier after linalg-fuse-elementwise-ops: the average pool's division is fused
// into the contraction's body and the flatten reshape into its maps (unit reduction dimensions).
// The division becomes the lhs prologue (its constant captured from above), the unit dimensions
// are collapsed away, the rhs has no prologue (empty region).
// CHECK-LABEL: func.func @prologue_lhs_unit_dims(
// CHECK-SAME:    %[[X:.*]]: memref<1x512x1x1xf32>, %[[W:.*]]: memref<512x1x1x1000xf32>, %[[Y:.*]]: memref<1x1000xf32>
// CHECK:         %[[C49:.*]] = arith.constant 4.9
// CHECK-DAG:     %[[XC:.*]] = memref.collapse_shape %[[X]] {{\[}}[0], [1, 2, 3]] : memref<1x512x1x1xf32> into memref<1x512xf32>
// CHECK-DAG:     %[[WC:.*]] = memref.collapse_shape %[[W]] {{\[}}[0, 1, 2], [3]] : memref<512x1x1x1000xf32> into memref<512x1000xf32>
// CHECK:         "kokkos.contraction"(%[[XC]], %[[WC]], %[[Y]], %{{.*}}) ({
// CHECK-NEXT:    }, {
// CHECK-NEXT:    ^bb0(%[[E:.*]]: f32):
// CHECK-NEXT:      %[[D:.*]] = arith.divf %[[E]], %[[C49]] : f32
// CHECK-NEXT:      gpu.yield %[[D]] : f32
// CHECK-NEXT:    }, {
// CHECK-NEXT:    }) {{.*}}transpose_lhs = false, transpose_rhs = false
// CHECK-NOT:     linalg.generic
func.func @prologue_lhs_unit_dims(%x: memref<1x512x1x1xf32>, %w: memref<512x1x1x1000xf32>, %y: memref<1x1000xf32>) {
  %zero = arith.constant 0.0 : f32
  %c49 = arith.constant 49.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<1x1000xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3, d4)>, affine_map<(d0, d1, d2, d3, d4) -> (d2, d3, d4, d1)>, affine_map<(d0, d1, d2, d3, d4) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<1x512x1x1xf32>, memref<512x1x1x1000xf32>) outs(%y : memref<1x1000xf32>) {
  ^bb0(%xv: f32, %wv: f32, %acc: f32):
    %d = arith.divf %xv, %c49 : f32
    %p = arith.mulf %d, %wv : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// relu(W)^T-like chain on the rhs (a constant defined in the body moves above the contraction),
// a scale by a function argument and an exp on the lhs, dynamic shapes, multiply in rhs * lhs order.
// CHECK-LABEL: func.func @prologue_both(
// CHECK-SAME:    %[[A:.*]]: memref<?x?xf64>, %[[B:.*]]: memref<?x?xf64>, %[[C:.*]]: memref<?x?xf64>, %[[S:.*]]: f64
// CHECK:         %[[ZERO:.*]] = arith.constant 0.0
// CHECK:         "kokkos.contraction"(%[[A]], %[[B]], %[[C]]) ({
// CHECK-NEXT:    }, {
// CHECK-NEXT:    ^bb0(%[[E:.*]]: f64):
// CHECK-NEXT:      %[[M:.*]] = arith.mulf %[[E]], %[[S]] : f64
// CHECK-NEXT:      %[[X:.*]] = math.exp %[[M]] : f64
// CHECK-NEXT:      gpu.yield %[[X]] : f64
// CHECK-NEXT:    }, {
// CHECK-NEXT:    ^bb0(%[[F:.*]]: f64):
// CHECK-NEXT:      %[[R:.*]] = arith.maximumf %[[F]], %[[ZERO]] : f64
// CHECK-NEXT:      gpu.yield %[[R]] : f64
// CHECK-NEXT:    }) {{.*}}transpose_lhs = false, transpose_rhs = false
func.func @prologue_both(%a: memref<?x?xf64>, %b: memref<?x?xf64>, %c: memref<?x?xf64>, %s: f64) {
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<?x?xf64>, memref<?x?xf64>) outs(%c : memref<?x?xf64>) {
  ^bb0(%av: f64, %bv: f64, %acc: f64):
    %zero = arith.constant 0.0 : f64
    %m = arith.mulf %av, %s : f64
    %r = arith.maximumf %bv, %zero : f64
    %x = math.exp %m : f64
    %p = arith.mulf %r, %x : f64
    %sum = arith.addf %p, %acc : f64
    linalg.yield %sum : f64
  }
  return
}

// Not prologues, left to the loop path: a chain that mixes both operands ((a + b) * b), and one
// that reads the accumulator ((a + acc) * b).
// CHECK-LABEL: func.func @prologue_not_elementwise(
// CHECK-NOT:     kokkos.contraction
// CHECK:         linalg.generic
// CHECK:         linalg.generic
// CHECK-NOT:     kokkos.contraction
// CHECK:         return
func.func @prologue_not_elementwise(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>) {
  ^bb0(%av: f32, %bv: f32, %acc: f32):
    %mixed = arith.addf %av, %bv : f32
    %p = arith.mulf %mixed, %bv : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : memref<?x?xf32>) {
  ^bb0(%av: f32, %bv: f32, %acc: f32):
    %withacc = arith.addf %av, %acc : f32
    %p = arith.mulf %withacc, %bv : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

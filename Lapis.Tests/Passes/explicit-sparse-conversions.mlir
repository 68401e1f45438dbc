// RUN: lapis opt %s --pass-pipeline="builtin.module(lapis-explicit-sparse-conversions)" | FileCheck %s

// A reshape from a dense tensor into a sparse one becomes the dense reshape and a
// sparse_tensor.convert: the sparsifier's folding would otherwise make a sparse-typed
// arith.constant of a reshaped dense constant, which LLVM 22's codegen cannot lower.
// (What such a program prints is compared with mlir-runner-22's output by the conformance
// run of sparse_expand_shape.mlir, SparseIntegrationProgramTests.)
#CSR = #sparse_tensor.encoding<{ map = (d0, d1) -> (d0 : dense, d1 : compressed) }>
#SV = #sparse_tensor.encoding<{ map = (d0) -> (d0 : compressed) }>

// CHECK-LABEL: func.func @main(
// CHECK:         %[[D:.*]] = arith.constant dense<{{.*}}> : tensor<6xf64>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[D]] {{\[\[}}0, 1]] output_shape [2, 3] : tensor<6xf64> into tensor<2x3xf64>
// CHECK-NEXT:    %[[S:.*]] = sparse_tensor.convert %[[E]] : tensor<2x3xf64> to tensor<2x3xf64, #[[$CSR:.*]]>
// CHECK:         sparse_tensor.print %[[S]]
// A sparse source stays as it is (the sparsifier reshapes sparse to sparse itself).
// CHECK:         %[[C:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<2x3xf64, #[[$CSR]]> into tensor<6xf64, #{{.*}}>
// CHECK-NOT:     sparse_tensor.convert %[[C]]
func.func @main() {
  %d = arith.constant dense<[1.0, 0.0, 2.0, 0.0, 3.0, 4.0]> : tensor<6xf64>
  %s = tensor.expand_shape %d [[0, 1]] output_shape [2, 3] : tensor<6xf64> into tensor<2x3xf64, #CSR>
  sparse_tensor.print %s : tensor<2x3xf64, #CSR>
  %v = tensor.collapse_shape %s [[0, 1]] : tensor<2x3xf64, #CSR> into tensor<6xf64, #SV>
  sparse_tensor.print %v : tensor<6xf64, #SV>
  return
}

// A half-precision linear layer as torch-mlir prints one (y = relu(x W^T + b)), all f16:
// Kokkos::Experimental::half_t in the generated code, float in lapis check's files.
#x = affine_map<(i, j, k) -> (i, k)>
#w = affine_map<(i, j, k) -> (j, k)>
#y = affine_map<(i, j, k) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
#id = affine_map<(i, j) -> (i, j)>
func.func @linear_relu_f16(%x: tensor<8x32xf16>, %w: tensor<16x32xf16>, %b: tensor<16xf16>) -> tensor<8x16xf16> {
  %zero = arith.constant 0.0 : f16
  %empty = tensor.empty() : tensor<8x16xf16>
  %init = linalg.fill ins(%zero : f16) outs(%empty : tensor<8x16xf16>) -> tensor<8x16xf16>
  %mm = linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : tensor<8x32xf16>, tensor<16x32xf16>) outs(%init : tensor<8x16xf16>) {
  ^bb0(%a: f16, %c: f16, %acc: f16):
    %p = arith.mulf %a, %c : f16
    %s = arith.addf %acc, %p : f16
    linalg.yield %s : f16
  } -> tensor<8x16xf16>
  %out = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b : tensor<8x16xf16>, tensor<16xf16>) outs(%empty : tensor<8x16xf16>) {
  ^bb0(%v: f16, %bias: f16, %o: f16):
    %t = arith.addf %v, %bias : f16
    %r = arith.maximumf %t, %zero : f16
    linalg.yield %r : f16
  } -> tensor<8x16xf16>
  return %out : tensor<8x16xf16>
}

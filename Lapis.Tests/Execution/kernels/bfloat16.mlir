// bf16 in and out, with a float accumulation inside (mixed precision as in bf16 training):
// out[i] = bf16(sum_j float(x[i, j]) * float(s)) and a GELU-like tanh on the way.
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>
func.func @row_sums_bf16(%x: tensor<16x24xbf16>, %s: bf16) -> tensor<16xbf16> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<16xf32>) -> tensor<16xf32>
  %sums = linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<16x24xbf16>) outs(%init : tensor<16xf32>) {
  ^bb0(%v: bf16, %acc: f32):
    %vs = arith.mulf %v, %s : bf16
    %t = math.tanh %vs : bf16
    %f = arith.extf %t : bf16 to f32
    %a = arith.addf %acc, %f : f32
    linalg.yield %a : f32
  } -> tensor<16xf32>
  %out_empty = tensor.empty() : tensor<16xbf16>
  %out = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%sums : tensor<16xf32>) outs(%out_empty : tensor<16xbf16>) {
  ^bb0(%v: f32, %o: bf16):
    %b = arith.truncf %v : f32 to bf16
    linalg.yield %b : bf16
  } -> tensor<16xbf16>
  return %out : tensor<16xbf16>
}

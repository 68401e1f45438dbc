// Max and min reductions of bf16 and f16 over values beyond the f16 range (bf16: ±1e37, past
// f16's ±65504 and past bf16's reading of f16's infinity bits, ±2.66e36), and f16 values near
// its own limit. The parallel reduction's starting value must be ±inf of the element type.
func.func @half_min_max(%b: tensor<67xbf16>, %h: tensor<67xf16>) -> (tensor<bf16>, tensor<bf16>, tensor<f16>, tensor<f16>) {
  %bscale = arith.constant 1.0e36 : bf16
  %boff = arith.constant 1.0e37 : bf16
  %hscale = arith.constant 1000.0 : f16
  %hoff = arith.constant 64000.0 : f16
  %bninf = arith.constant 0xFF80 : bf16
  %binf = arith.constant 0x7F80 : bf16
  %hninf = arith.constant 0xFC00 : f16
  %hinf = arith.constant 0x7C00 : f16
  %eb = tensor.empty() : tensor<bf16>
  %eh = tensor.empty() : tensor<f16>
  %bmax0 = linalg.fill ins(%bninf : bf16) outs(%eb : tensor<bf16>) -> tensor<bf16>
  %bmax = linalg.reduce ins(%b : tensor<67xbf16>) outs(%bmax0 : tensor<bf16>) dimensions = [0]
    (%in: bf16, %acc: bf16) {
      %s = arith.mulf %in, %bscale : bf16
      %v = arith.subf %s, %boff : bf16
      %r = arith.maximumf %v, %acc : bf16
      linalg.yield %r : bf16 }
  %bmin0 = linalg.fill ins(%binf : bf16) outs(%eb : tensor<bf16>) -> tensor<bf16>
  %bmin = linalg.reduce ins(%b : tensor<67xbf16>) outs(%bmin0 : tensor<bf16>) dimensions = [0]
    (%in: bf16, %acc: bf16) {
      %s = arith.mulf %in, %bscale : bf16
      %v = arith.addf %s, %boff : bf16
      %r = arith.minimumf %v, %acc : bf16
      linalg.yield %r : bf16 }
  %hmax0 = linalg.fill ins(%hninf : f16) outs(%eh : tensor<f16>) -> tensor<f16>
  %hmax = linalg.reduce ins(%h : tensor<67xf16>) outs(%hmax0 : tensor<f16>) dimensions = [0]
    (%in: f16, %acc: f16) {
      %s = arith.mulf %in, %hscale : f16
      %v = arith.subf %s, %hoff : f16
      %r = arith.maximumf %v, %acc : f16
      linalg.yield %r : f16 }
  %hmin0 = linalg.fill ins(%hinf : f16) outs(%eh : tensor<f16>) -> tensor<f16>
  %hmin = linalg.reduce ins(%h : tensor<67xf16>) outs(%hmin0 : tensor<f16>) dimensions = [0]
    (%in: f16, %acc: f16) {
      %s = arith.mulf %in, %hscale : f16
      %v = arith.addf %s, %hoff : f16
      %r = arith.minimumf %v, %acc : f16
      linalg.yield %r : f16 }
  return %bmax, %bmin, %hmax, %hmin : tensor<bf16>, tensor<bf16>, tensor<f16>, tensor<f16>
}

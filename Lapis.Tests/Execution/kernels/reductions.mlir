// Full and partial reductions: sum of a vector, NaN-ignoring max of a matrix, row minima, product.
func.func @reductions(%v: tensor<?xf32>, %m: tensor<?x?xf64>, %p: tensor<16xf64>) -> (tensor<f32>, tensor<f64>, tensor<?xf64>, tensor<f64>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFFF0000000000000 : f64
  %inf = arith.constant 0x7FF0000000000000 : f64
  %one = arith.constant 1.0 : f64
  %e0 = tensor.empty() : tensor<f32>
  %s0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %sum = linalg.reduce ins(%v : tensor<?xf32>) outs(%s0 : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) { %r = arith.addf %in, %acc : f32
      linalg.yield %r : f32 }
  %e1 = tensor.empty() : tensor<f64>
  %m0 = linalg.fill ins(%ninf : f64) outs(%e1 : tensor<f64>) -> tensor<f64>
  %max = linalg.reduce ins(%m : tensor<?x?xf64>) outs(%m0 : tensor<f64>) dimensions = [0, 1]
    (%in: f64, %acc: f64) { %r = arith.maxnumf %in, %acc : f64
      linalg.yield %r : f64 }
  %rows = tensor.dim %m, %c0 : tensor<?x?xf64>
  %e2 = tensor.empty(%rows) : tensor<?xf64>
  %r0 = linalg.fill ins(%inf : f64) outs(%e2 : tensor<?xf64>) -> tensor<?xf64>
  %rowmin = linalg.reduce ins(%m : tensor<?x?xf64>) outs(%r0 : tensor<?xf64>) dimensions = [1]
    (%in: f64, %acc: f64) { %r = arith.minimumf %in, %acc : f64
      linalg.yield %r : f64 }
  %e3 = tensor.empty() : tensor<f64>
  %p0 = linalg.fill ins(%one : f64) outs(%e3 : tensor<f64>) -> tensor<f64>
  %prod = linalg.reduce ins(%p : tensor<16xf64>) outs(%p0 : tensor<f64>) dimensions = [0]
    (%in: f64, %acc: f64) { %r = arith.mulf %in, %acc : f64
      linalg.yield %r : f64 }
  return %sum, %max, %rowmin, %prod : tensor<f32>, tensor<f64>, tensor<?xf64>, tensor<f64>
}

// CSR SpMV shapes for the nonzero-split (load-balanced) row mapping, run by `lapis check` on
// power-law matrices (SkewedSpmvTests): y += A x (f64, index positions), y = s * A x (f32, i32
// positions and coordinates, fresh output), y += A x on i32 values (i64 positions), each with the
// split forced by the function's lapis.sparse_rows attribute, and the run-time choice (auto), also
// on i32 positions and coordinates with f64 values (the bench's spmv_i32_in_place).
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#CSR32 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>
#CSR64 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 64, crdWidth = 64 }>
#spmv = { indexing_maps = [affine_map<(i,j) -> (i,j)>, affine_map<(i,j) -> (j)>, affine_map<(i,j) -> (i)>], iterator_types = ["parallel", "reduction"] }
module {
  func.func @split_f64(%A: tensor<?x?xf64, #CSR>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> attributes {lapis.sparse_rows = "nonzero-split"} {
    %0 = linalg.generic #spmv ins(%A, %x: tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%y: tensor<?xf64>) {
    ^bb(%a: f64, %b: f64, %c: f64):
      %m = arith.mulf %a, %b : f64
      %s = arith.addf %c, %m : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func @split_scaled_f32(%A: tensor<?x?xf32, #CSR32>, %x: tensor<?xf32>) -> tensor<?xf32> attributes {lapis.sparse_rows = "nonzero-split"} {
    %c0 = arith.constant 0 : index
    %n = tensor.dim %A, %c0 : tensor<?x?xf32, #CSR32>
    %e = tensor.empty(%n) : tensor<?xf32>
    %z = arith.constant 0.0 : f32
    %f = linalg.fill ins(%z : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
    %scale = arith.constant 2.5 : f32
    %0 = linalg.generic #spmv ins(%A, %x: tensor<?x?xf32, #CSR32>, tensor<?xf32>) outs(%f: tensor<?xf32>) {
    ^bb(%a: f32, %b: f32, %c: f32):
      %m = arith.mulf %a, %b : f32
      %ms = arith.mulf %m, %scale : f32
      %s = arith.addf %c, %ms : f32
      linalg.yield %s : f32
    } -> tensor<?xf32>
    return %0 : tensor<?xf32>
  }
  func.func @split_i32(%A: tensor<?x?xi32, #CSR64>, %x: tensor<?xi32>, %y: tensor<?xi32>) -> tensor<?xi32> attributes {lapis.sparse_rows = "nonzero-split"} {
    %0 = linalg.generic #spmv ins(%A, %x: tensor<?x?xi32, #CSR64>, tensor<?xi32>) outs(%y: tensor<?xi32>) {
    ^bb(%a: i32, %b: i32, %c: i32):
      %m = arith.muli %a, %b : i32
      %s = arith.addi %c, %m : i32
      linalg.yield %s : i32
    } -> tensor<?xi32>
    return %0 : tensor<?xi32>
  }
  func.func @auto_f64(%A: tensor<?x?xf64, #CSR>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
    %0 = linalg.generic #spmv ins(%A, %x: tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%y: tensor<?xf64>) {
    ^bb(%a: f64, %b: f64, %c: f64):
      %m = arith.mulf %a, %b : f64
      %s = arith.addf %c, %m : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func @auto_csr32_f64(%A: tensor<?x?xf64, #CSR32>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
    %0 = linalg.generic #spmv ins(%A, %x: tensor<?x?xf64, #CSR32>, tensor<?xf64>) outs(%y: tensor<?xf64>) {
    ^bb(%a: f64, %b: f64, %c: f64):
      %m = arith.mulf %a, %b : f64
      %s = arith.addf %c, %m : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
}

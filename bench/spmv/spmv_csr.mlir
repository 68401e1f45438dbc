// CSR SpMV y = y + A x exactly as @spmv of ../shared/inputs/spmv_csr_bench_main.mlir (index
// positions and coordinates, f64), so Lapis and MLIR's default path time the same kernel.
// @spmv_in_place is the same with y marked writable: Lapis then updates y in place, as MLIR's
// @main does (its function arguments are writable by default), instead of returning a copy.
// @spmv_i32_in_place is @spmv_in_place on 32-bit positions and coordinates (posWidth = crdWidth =
// 32), the int offsets/ordinals Kokkos Kernels' spmv uses: 12 bytes per nonzero instead of 16.
#CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
#CSR32 = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed), posWidth = 32, crdWidth = 32 }>
#trait = { indexing_maps = [affine_map<(i,j) -> (i,j)>, affine_map<(i,j) -> (j)>, affine_map<(i,j) -> (i)>], iterator_types = ["parallel", "reduction"] }
module {
  func.func @spmv(%A: tensor<?x?xf64, #CSR>, %x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
    %0 = linalg.generic #trait ins(%A, %x: tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%y: tensor<?xf64>) {
    ^bb(%a: f64, %b: f64, %c: f64):
      %m = arith.mulf %a, %b : f64
      %s = arith.addf %c, %m : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func @spmv_in_place(%A: tensor<?x?xf64, #CSR>, %x: tensor<?xf64>, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> {
    %0 = linalg.generic #trait ins(%A, %x: tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%y: tensor<?xf64>) {
    ^bb(%a: f64, %b: f64, %c: f64):
      %m = arith.mulf %a, %b : f64
      %s = arith.addf %c, %m : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func @spmv_rows_in_place(%A: tensor<?x?xf64, #CSR>, %x: tensor<?xf64>, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> attributes {lapis.sparse_rows = "row-blocks"} {
    %0 = linalg.generic #trait ins(%A, %x: tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%y: tensor<?xf64>) {
    ^bb(%a: f64, %b: f64, %c: f64):
      %m = arith.mulf %a, %b : f64
      %s = arith.addf %c, %m : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func @spmv_split_in_place(%A: tensor<?x?xf64, #CSR>, %x: tensor<?xf64>, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> attributes {lapis.sparse_rows = "nonzero-split"} {
    %0 = linalg.generic #trait ins(%A, %x: tensor<?x?xf64, #CSR>, tensor<?xf64>) outs(%y: tensor<?xf64>) {
    ^bb(%a: f64, %b: f64, %c: f64):
      %m = arith.mulf %a, %b : f64
      %s = arith.addf %c, %m : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
  func.func @spmv_i32_in_place(%A: tensor<?x?xf64, #CSR32>, %x: tensor<?xf64>, %y: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64> {
    %0 = linalg.generic #trait ins(%A, %x: tensor<?x?xf64, #CSR32>, tensor<?xf64>) outs(%y: tensor<?xf64>) {
    ^bb(%a: f64, %b: f64, %c: f64):
      %m = arith.mulf %a, %b : f64
      %s = arith.addf %c, %m : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    return %0 : tensor<?xf64>
  }
}

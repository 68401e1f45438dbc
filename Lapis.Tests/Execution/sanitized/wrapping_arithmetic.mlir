// addi/subi/muli/shli/shrsi/shrui in i8/i16/i32/i64, integer sums and index arithmetic on
// values from data, on full-range random inputs: they overflow, which MLIR defines (two's
// complement wrap-around) and C++ does not for signed types. Built with UBSan
// (-fsanitize=undefined -fno-sanitize-recover=all): undefined behaviour in the printed code
// aborts the run; the results are compared with MLIR's own execution.
func.func @wrapping_arithmetic(%a_i8: tensor<37xi8>, %b_i8: tensor<37xi8>, %s_i8: tensor<37xi8>, %a_i16: tensor<37xi16>, %b_i16: tensor<37xi16>, %s_i16: tensor<37xi16>, %a_i32: tensor<37xi32>, %b_i32: tensor<37xi32>, %s_i32: tensor<37xi32>, %a_i64: tensor<37xi64>, %b_i64: tensor<37xi64>, %s_i64: tensor<37xi64>, %x: tensor<37xi64>, %y: tensor<37xi64>) -> (tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<i32>, tensor<i64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>) {
  %e_i8 = tensor.empty() : tensor<37xi8>
  %r_i8:6 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%a_i8, %b_i8, %s_i8 : tensor<37xi8>, tensor<37xi8>, tensor<37xi8>) outs(%e_i8, %e_i8, %e_i8, %e_i8, %e_i8, %e_i8 : tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>) {
  ^bb0(%a: i8, %b: i8, %s: i8, %o0: i8, %o1: i8, %o2: i8, %o3: i8, %o4: i8, %o5: i8):
    %add = arith.addi %a, %b : i8
    %sub = arith.subi %a, %b : i8
    %mul = arith.muli %a, %b : i8
    // A computed amount in [0, 63]: at or above the width the shift is poison, and the select drops it.
    %nine = arith.constant 9 : i8
    %width = arith.constant 8 : i8
    %zero = arith.constant 0 : i8
    %amount = arith.muli %s, %nine : i8
    %in_range = arith.cmpi ult, %amount, %width : i8
    %shli_raw = arith.shli %a, %amount : i8
    %shli = arith.select %in_range, %shli_raw, %zero : i8
    %shrsi_raw = arith.shrsi %a, %amount : i8
    %shrsi = arith.select %in_range, %shrsi_raw, %zero : i8
    %shrui_raw = arith.shrui %a, %amount : i8
    %shrui = arith.select %in_range, %shrui_raw, %zero : i8
    linalg.yield %add, %sub, %mul, %shli, %shrsi, %shrui : i8, i8, i8, i8, i8, i8
  } -> (tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>)
  %e_i16 = tensor.empty() : tensor<37xi16>
  %r_i16:6 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%a_i16, %b_i16, %s_i16 : tensor<37xi16>, tensor<37xi16>, tensor<37xi16>) outs(%e_i16, %e_i16, %e_i16, %e_i16, %e_i16, %e_i16 : tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>) {
  ^bb0(%a: i16, %b: i16, %s: i16, %o0: i16, %o1: i16, %o2: i16, %o3: i16, %o4: i16, %o5: i16):
    %add = arith.addi %a, %b : i16
    %sub = arith.subi %a, %b : i16
    %mul = arith.muli %a, %b : i16
    // A computed amount in [0, 63]: at or above the width the shift is poison, and the select drops it.
    %nine = arith.constant 9 : i16
    %width = arith.constant 16 : i16
    %zero = arith.constant 0 : i16
    %amount = arith.muli %s, %nine : i16
    %in_range = arith.cmpi ult, %amount, %width : i16
    %shli_raw = arith.shli %a, %amount : i16
    %shli = arith.select %in_range, %shli_raw, %zero : i16
    %shrsi_raw = arith.shrsi %a, %amount : i16
    %shrsi = arith.select %in_range, %shrsi_raw, %zero : i16
    %shrui_raw = arith.shrui %a, %amount : i16
    %shrui = arith.select %in_range, %shrui_raw, %zero : i16
    linalg.yield %add, %sub, %mul, %shli, %shrsi, %shrui : i16, i16, i16, i16, i16, i16
  } -> (tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>)
  %e_i32 = tensor.empty() : tensor<37xi32>
  %r_i32:6 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%a_i32, %b_i32, %s_i32 : tensor<37xi32>, tensor<37xi32>, tensor<37xi32>) outs(%e_i32, %e_i32, %e_i32, %e_i32, %e_i32, %e_i32 : tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>) {
  ^bb0(%a: i32, %b: i32, %s: i32, %o0: i32, %o1: i32, %o2: i32, %o3: i32, %o4: i32, %o5: i32):
    %add = arith.addi %a, %b : i32
    %sub = arith.subi %a, %b : i32
    %mul = arith.muli %a, %b : i32
    // A computed amount in [0, 63]: at or above the width the shift is poison, and the select drops it.
    %nine = arith.constant 9 : i32
    %width = arith.constant 32 : i32
    %zero = arith.constant 0 : i32
    %amount = arith.muli %s, %nine : i32
    %in_range = arith.cmpi ult, %amount, %width : i32
    %shli_raw = arith.shli %a, %amount : i32
    %shli = arith.select %in_range, %shli_raw, %zero : i32
    %shrsi_raw = arith.shrsi %a, %amount : i32
    %shrsi = arith.select %in_range, %shrsi_raw, %zero : i32
    %shrui_raw = arith.shrui %a, %amount : i32
    %shrui = arith.select %in_range, %shrui_raw, %zero : i32
    linalg.yield %add, %sub, %mul, %shli, %shrsi, %shrui : i32, i32, i32, i32, i32, i32
  } -> (tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>)
  %e_i64 = tensor.empty() : tensor<37xi64>
  %r_i64:6 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%a_i64, %b_i64, %s_i64 : tensor<37xi64>, tensor<37xi64>, tensor<37xi64>) outs(%e_i64, %e_i64, %e_i64, %e_i64, %e_i64, %e_i64 : tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>) {
  ^bb0(%a: i64, %b: i64, %s: i64, %o0: i64, %o1: i64, %o2: i64, %o3: i64, %o4: i64, %o5: i64):
    %add = arith.addi %a, %b : i64
    %sub = arith.subi %a, %b : i64
    %mul = arith.muli %a, %b : i64
    // A computed amount in [0, 63]: at or above the width the shift is poison, and the select drops it.
    %nine = arith.constant 9 : i64
    %width = arith.constant 64 : i64
    %zero = arith.constant 0 : i64
    %amount = arith.muli %s, %nine : i64
    %in_range = arith.cmpi ult, %amount, %width : i64
    %shli_raw = arith.shli %a, %amount : i64
    %shli = arith.select %in_range, %shli_raw, %zero : i64
    %shrsi_raw = arith.shrsi %a, %amount : i64
    %shrsi = arith.select %in_range, %shrsi_raw, %zero : i64
    %shrui_raw = arith.shrui %a, %amount : i64
    %shrui = arith.select %in_range, %shrui_raw, %zero : i64
    linalg.yield %add, %sub, %mul, %shli, %shrsi, %shrui : i64, i64, i64, i64, i64, i64
  } -> (tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>)
  %zero_i32 = arith.constant 0 : i32
  %acc_i32_e = tensor.empty() : tensor<i32>
  %acc_i32 = linalg.fill ins(%zero_i32 : i32) outs(%acc_i32_e : tensor<i32>) -> tensor<i32>
  %sum_i32 = linalg.reduce ins(%a_i32 : tensor<37xi32>) outs(%acc_i32 : tensor<i32>) dimensions = [0]
    (%v: i32, %acc: i32) {
      %next = arith.addi %v, %acc : i32
      linalg.yield %next : i32
    }
  %zero_i64 = arith.constant 0 : i64
  %acc_i64_e = tensor.empty() : tensor<i64>
  %acc_i64 = linalg.fill ins(%zero_i64 : i64) outs(%acc_i64_e : tensor<i64>) -> tensor<i64>
  %sum_i64 = linalg.reduce ins(%a_i64 : tensor<37xi64>) outs(%acc_i64 : tensor<i64>) dimensions = [0]
    (%v: i64, %acc: i64) {
      %next = arith.addi %v, %acc : i64
      linalg.yield %next : i64
    }
  %ei = tensor.empty() : tensor<37xi64>
  %ri:3 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<37xi64>, tensor<37xi64>) outs(%ei, %ei, %ei : tensor<37xi64>, tensor<37xi64>, tensor<37xi64>) {
  ^bb0(%p: i64, %q: i64, %o0: i64, %o1: i64, %o2: i64):
    %pi = arith.index_cast %p : i64 to index
    %qi = arith.index_cast %q : i64 to index
    %addi_i = arith.addi %pi, %qi : index
    %addi = arith.index_cast %addi_i : index to i64
    %subi_i = arith.subi %pi, %qi : index
    %subi = arith.index_cast %subi_i : index to i64
    %muli_i = arith.muli %pi, %qi : index
    %muli = arith.index_cast %muli_i : index to i64
    linalg.yield %addi, %subi, %muli : i64, i64, i64
  } -> (tensor<37xi64>, tensor<37xi64>, tensor<37xi64>)
  return %r_i8#0, %r_i8#1, %r_i8#2, %r_i8#3, %r_i8#4, %r_i8#5, %r_i16#0, %r_i16#1, %r_i16#2, %r_i16#3, %r_i16#4, %r_i16#5, %r_i32#0, %r_i32#1, %r_i32#2, %r_i32#3, %r_i32#4, %r_i32#5, %r_i64#0, %r_i64#1, %r_i64#2, %r_i64#3, %r_i64#4, %r_i64#5, %sum_i32, %sum_i64, %ri#0, %ri#1, %ri#2 : tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi16>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<i32>, tensor<i64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>
}

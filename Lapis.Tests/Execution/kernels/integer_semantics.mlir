// Integer ops whose signed and unsigned forms, overflow and extensions differ, on full-range
// random values (negative, 0, ±1, min, max): a and c anything, b a divisor and shift amount
// (lapis check draws it from [1, 32): it reaches divsi and shli directly). Wrap-around is MLIR's
// semantics for addi/subi/muli/shli without overflow flags; the printed C++ must not be UB there.
func.func @integer_semantics(%a: tensor<37xi32>, %b: tensor<37xi32>, %c: tensor<37xi32>, %d: tensor<37xi8>, %e: tensor<37xi64>, %f: tensor<37xi64>) -> (tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi64>, tensor<37xi8>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi1>, tensor<37xi64>) {
  %c5 = arith.constant 5 : i8
  %g1_e0 = tensor.empty() : tensor<37xi32>
  %g1_e1 = tensor.empty() : tensor<37xi32>
  %g1_e2 = tensor.empty() : tensor<37xi32>
  %g1_e3 = tensor.empty() : tensor<37xi32>
  %g1_e4 = tensor.empty() : tensor<37xi32>
  %g1_e5 = tensor.empty() : tensor<37xi32>
  %g1_e6 = tensor.empty() : tensor<37xi32>
  %g1_e7 = tensor.empty() : tensor<37xi32>
  %g1_e8 = tensor.empty() : tensor<37xi32>
  %g1_e9 = tensor.empty() : tensor<37xi32>
  %g1_e10 = tensor.empty() : tensor<37xi1>
  %g1_e11 = tensor.empty() : tensor<37xi1>
  %g1_e12 = tensor.empty() : tensor<37xi1>
  %g1_e13 = tensor.empty() : tensor<37xi1>
  %g1_e14 = tensor.empty() : tensor<37xi1>
  %g1:15 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%a, %c : tensor<37xi32>, tensor<37xi32>) outs(%g1_e0, %g1_e1, %g1_e2, %g1_e3, %g1_e4, %g1_e5, %g1_e6, %g1_e7, %g1_e8, %g1_e9, %g1_e10, %g1_e11, %g1_e12, %g1_e13, %g1_e14 : tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>) {
  ^bb0(%x0: i32, %x1: i32, %o0: i32, %o1: i32, %o2: i32, %o3: i32, %o4: i32, %o5: i32, %o6: i32, %o7: i32, %o8: i32, %o9: i32, %o10: i1, %o11: i1, %o12: i1, %o13: i1, %o14: i1):
    %r0 = arith.addi %x0, %x1 : i32
    %r1 = arith.subi %x0, %x1 : i32
    %r2 = arith.muli %x0, %x1 : i32
    %r3 = arith.andi %x0, %x1 : i32
    %r4 = arith.ori %x0, %x1 : i32
    %r5 = arith.xori %x0, %x1 : i32
    %r6 = arith.maxsi %x0, %x1 : i32
    %r7 = arith.minsi %x0, %x1 : i32
    %r8 = arith.maxui %x0, %x1 : i32
    %r9 = arith.minui %x0, %x1 : i32
    %r10 = arith.cmpi slt, %x0, %x1 : i32
    %r11 = arith.cmpi ult, %x0, %x1 : i32
    %r12 = arith.cmpi sge, %x0, %x1 : i32
    %r13 = arith.cmpi uge, %x0, %x1 : i32
    %r14 = arith.cmpi eq, %x0, %x1 : i32
    linalg.yield %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9, %r10, %r11, %r12, %r13, %r14 : i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i1, i1, i1, i1, i1
  } -> (tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>)
  %g2_e0 = tensor.empty() : tensor<37xi32>
  %g2_e1 = tensor.empty() : tensor<37xi32>
  %g2_e2 = tensor.empty() : tensor<37xi32>
  %g2_e3 = tensor.empty() : tensor<37xi32>
  %g2_e4 = tensor.empty() : tensor<37xi32>
  %g2_e5 = tensor.empty() : tensor<37xi32>
  %g2_e6 = tensor.empty() : tensor<37xi32>
  %g2_e7 = tensor.empty() : tensor<37xi32>
  %g2_e8 = tensor.empty() : tensor<37xi32>
  %g2_e9 = tensor.empty() : tensor<37xi32>
  %g2:10 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%a, %b : tensor<37xi32>, tensor<37xi32>) outs(%g2_e0, %g2_e1, %g2_e2, %g2_e3, %g2_e4, %g2_e5, %g2_e6, %g2_e7, %g2_e8, %g2_e9 : tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>) {
  ^bb0(%x0: i32, %x1: i32, %o0: i32, %o1: i32, %o2: i32, %o3: i32, %o4: i32, %o5: i32, %o6: i32, %o7: i32, %o8: i32, %o9: i32):
    %r0 = arith.divsi %x0, %x1 : i32
    %r1 = arith.divui %x0, %x1 : i32
    %r2 = arith.remsi %x0, %x1 : i32
    %r3 = arith.remui %x0, %x1 : i32
    %r4 = arith.ceildivsi %x0, %x1 : i32
    %r5 = arith.ceildivui %x0, %x1 : i32
    %r6 = arith.floordivsi %x0, %x1 : i32
    %r7 = arith.shli %x0, %x1 : i32
    %r8 = arith.shrsi %x0, %x1 : i32
    %r9 = arith.shrui %x0, %x1 : i32
    linalg.yield %r0, %r1, %r2, %r3, %r4, %r5, %r6, %r7, %r8, %r9 : i32, i32, i32, i32, i32, i32, i32, i32, i32, i32
  } -> (tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>)
  %g3_e0 = tensor.empty() : tensor<37xi32>
  %g3_e1 = tensor.empty() : tensor<37xi32>
  %g3_e2 = tensor.empty() : tensor<37xi8>
  %g3_e3 = tensor.empty() : tensor<37xi8>
  %g3_e4 = tensor.empty() : tensor<37xi8>
  %g3_e5 = tensor.empty() : tensor<37xi64>
  %g3_e6 = tensor.empty() : tensor<37xi8>
  %g3:7 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%d, %c : tensor<37xi8>, tensor<37xi32>) outs(%g3_e0, %g3_e1, %g3_e2, %g3_e3, %g3_e4, %g3_e5, %g3_e6 : tensor<37xi32>, tensor<37xi32>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi64>, tensor<37xi8>) {
  ^bb0(%x0: i8, %x1: i32, %o0: i32, %o1: i32, %o2: i8, %o3: i8, %o4: i8, %o5: i64, %o6: i8):
    %r0 = arith.extsi %x0 : i8 to i32
    %r1 = arith.extui %x0 : i8 to i32
    %r2 = arith.addi %x0, %x0 : i8
    %r3 = arith.muli %x0, %x0 : i8
    %r4 = arith.trunci %x1 : i32 to i8
    %r5 = arith.extui %x1 : i32 to i64
    %r6 = arith.shli %x0, %c5 : i8
    linalg.yield %r0, %r1, %r2, %r3, %r4, %r5, %r6 : i32, i32, i8, i8, i8, i64, i8
  } -> (tensor<37xi32>, tensor<37xi32>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi64>, tensor<37xi8>)
  %g4_e0 = tensor.empty() : tensor<37xi64>
  %g4_e1 = tensor.empty() : tensor<37xi64>
  %g4_e2 = tensor.empty() : tensor<37xi64>
  %g4_e3 = tensor.empty() : tensor<37xi1>
  %g4_e4 = tensor.empty() : tensor<37xi64>
  %g4:5 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%e, %f : tensor<37xi64>, tensor<37xi64>) outs(%g4_e0, %g4_e1, %g4_e2, %g4_e3, %g4_e4 : tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi1>, tensor<37xi64>) {
  ^bb0(%x0: i64, %x1: i64, %o0: i64, %o1: i64, %o2: i64, %o3: i1, %o4: i64):
    %r0 = arith.addi %x0, %x1 : i64
    %r1 = arith.muli %x0, %x1 : i64
    %r2 = arith.subi %x0, %x1 : i64
    %r3 = arith.cmpi ult, %x0, %x1 : i64
    %r4 = arith.divsi %x0, %x1 : i64
    linalg.yield %r0, %r1, %r2, %r3, %r4 : i64, i64, i64, i1, i64
  } -> (tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi1>, tensor<37xi64>)
  return %g1#0, %g1#1, %g1#2, %g1#3, %g1#4, %g1#5, %g1#6, %g1#7, %g1#8, %g1#9, %g1#10, %g1#11, %g1#12, %g1#13, %g1#14, %g2#0, %g2#1, %g2#2, %g2#3, %g2#4, %g2#5, %g2#6, %g2#7, %g2#8, %g2#9, %g3#0, %g3#1, %g3#2, %g3#3, %g3#4, %g3#5, %g3#6, %g4#0, %g4#1, %g4#2, %g4#3, %g4#4 : tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi1>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi32>, tensor<37xi8>, tensor<37xi8>, tensor<37xi8>, tensor<37xi64>, tensor<37xi8>, tensor<37xi64>, tensor<37xi64>, tensor<37xi64>, tensor<37xi1>, tensor<37xi64>
}

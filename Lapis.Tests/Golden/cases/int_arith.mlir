// Every integer arith op on function arguments (canonicalization cannot fold them).
// Signed ops use the C++ operators; unsigned ones cast to the unsigned type of the width.

func.func @int_ops(%a: i32 loc("a"), %b: i32 loc("b"), %out: memref<20xi32> loc("out")) {
  %0 = arith.addi %a, %b : i32
  %1 = arith.subi %a, %b : i32
  %2 = arith.muli %a, %b : i32
  %3 = arith.divsi %a, %b : i32
  %4 = arith.divui %a, %b : i32
  %5 = arith.remsi %a, %b : i32
  %6 = arith.remui %a, %b : i32
  %7 = arith.ceildivsi %a, %b : i32
  %8 = arith.ceildivui %a, %b : i32
  %9 = arith.floordivsi %a, %b : i32
  %10 = arith.andi %a, %b : i32
  %11 = arith.ori %a, %b : i32
  %12 = arith.xori %a, %b : i32
  %13 = arith.shli %a, %b : i32
  %14 = arith.shrsi %a, %b : i32
  %15 = arith.shrui %a, %b : i32
  %16 = arith.minsi %a, %b : i32
  %17 = arith.maxui %a, %b : i32
  %18 = math.absi %a : i32
  %19 = math.ipowi %a, %b : i32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c11 = arith.constant 11 : index
  %c12 = arith.constant 12 : index
  %c13 = arith.constant 13 : index
  %c14 = arith.constant 14 : index
  %c15 = arith.constant 15 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c18 = arith.constant 18 : index
  %c19 = arith.constant 19 : index
  memref.store %0, %out[%c0] : memref<20xi32>
  memref.store %1, %out[%c1] : memref<20xi32>
  memref.store %2, %out[%c2] : memref<20xi32>
  memref.store %3, %out[%c3] : memref<20xi32>
  memref.store %4, %out[%c4] : memref<20xi32>
  memref.store %5, %out[%c5] : memref<20xi32>
  memref.store %6, %out[%c6] : memref<20xi32>
  memref.store %7, %out[%c7] : memref<20xi32>
  memref.store %8, %out[%c8] : memref<20xi32>
  memref.store %9, %out[%c9] : memref<20xi32>
  memref.store %10, %out[%c10] : memref<20xi32>
  memref.store %11, %out[%c11] : memref<20xi32>
  memref.store %12, %out[%c12] : memref<20xi32>
  memref.store %13, %out[%c13] : memref<20xi32>
  memref.store %14, %out[%c14] : memref<20xi32>
  memref.store %15, %out[%c15] : memref<20xi32>
  memref.store %16, %out[%c16] : memref<20xi32>
  memref.store %17, %out[%c17] : memref<20xi32>
  memref.store %18, %out[%c18] : memref<20xi32>
  memref.store %19, %out[%c19] : memref<20xi32>
  return
}

// Index arithmetic with constants (printed inline), bit counting, and the wide products.
func.func @index_and_bits(%i: index, %j: index, %x: i64, %y: i8) -> (index, i64, i64, i64, i8, i8, i64, i1) {
  %c3 = arith.constant 3 : index
  %big = arith.constant 5000000000 : i64
  %0 = arith.muli %i, %c3 : index
  %1 = arith.addi %0, %j : index
  %2 = arith.muli %x, %big : i64
  %3 = math.ctlz %x : i64
  %4 = math.cttz %y : i8
  %5 = math.ctpop %y : i8
  %lo, %hi = arith.mului_extended %x, %x : i64
  %sum, %carry = arith.addui_extended %x, %big : i64, i1
  return %1, %2, %3, %hi, %4, %5, %sum, %carry : index, i64, i64, i64, i8, i8, i64, i1
}

// i1 logic: and/or/xor, and xori with true is "not".
func.func @bool_logic(%p: i1, %q: i1) -> (i1, i1, i1, i1) {
  %true = arith.constant true
  %0 = arith.andi %p, %q : i1
  %1 = arith.ori %p, %q : i1
  %2 = arith.xori %p, %q : i1
  %3 = arith.xori %p, %true : i1
  return %0, %1, %2, %3 : i1, i1, i1, i1
}

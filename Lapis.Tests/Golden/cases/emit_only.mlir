// golden: emit-only
// Printed without the lowering pipeline, so that ops canonicalization would fold or inline
// stay: scf.execute_region, memref.alloca_scope, ub.poison, constant literals, sincos,
// signed wide products, memref.cast.

func.func @literals() -> (i64, i32, i8, f32, f32, f64, i1, index) {
  %0 = arith.constant -9223372036854775808 : i64
  %1 = arith.constant -2147483648 : i32
  %2 = arith.constant -128 : i8
  %3 = arith.constant -0.0 : f32
  %4 = arith.constant 1.0e-45 : f32
  %5 = arith.constant 0.1 : f64
  %6 = arith.constant true
  %7 = arith.constant 4294967296 : index
  return %0, %1, %2, %3, %4, %5, %6, %7 : i64, i32, i8, f32, f32, f64, i1, index
}

func.func @regions(%x: f32, %n: index) -> (f32, f32) {
  %r:2 = scf.execute_region -> (f32, f32) {
    %s = arith.addf %x, %x : f32
    scf.yield %s, %x : f32, f32
  }
  %t = memref.alloca_scope -> f32 {
    %buf = memref.alloca(%n) : memref<?xf32>
    %c0 = arith.constant 0 : index
    memref.store %r#0, %buf[%c0] : memref<?xf32>
    %y = memref.load %buf[%c0] : memref<?xf32>
    memref.alloca_scope.return %y : f32
  }
  return %r#1, %t : f32, f32
}

func.func @odds_and_ends(%x: f64, %a: i32, %b: i32, %m: memref<4xf32>) -> (f64, f64, i32, i32, f32) {
  %p = ub.poison : f64
  %s, %c = math.sincos %x : f64
  %lo, %hi = arith.mulsi_extended %a, %b : i32
  %d = memref.cast %m : memref<4xf32> to memref<?xf32>
  %c0 = arith.constant 0 : index
  %e = memref.load %d[%c0] : memref<?xf32>
  %sum = arith.addf %s, %p : f64
  return %sum, %c, %lo, %hi, %e : f64, f64, i32, i32, f32
}

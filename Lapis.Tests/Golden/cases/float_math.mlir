// Float arithmetic and the math dialect. Kokkos math functions are reached through the
// lapis_math wrappers, which pick Kokkos:: (4.x, 5.x) or Kokkos::Experimental:: (3.4).

func.func @float_ops(%x: f32 loc("x"), %y: f32 loc("y")) -> (f32, f32, f32, f32, f32, f32) {
  %0 = arith.addf %x, %y : f32
  %1 = arith.subf %x, %y : f32
  %2 = arith.mulf %0, %1 : f32
  %3 = arith.divf %2, %y : f32
  %4 = arith.remf %x, %y : f32
  %5 = arith.negf %3 : f32
  return %0, %1, %2, %3, %4, %5 : f32, f32, f32, f32, f32, f32
}

// A softplus-like expression: log1p(exp(x)) scaled, with constants printed inline.
func.func @softplus(%x: f64 loc("x")) -> f64 {
  %half = arith.constant 0.5 : f64
  %0 = math.exp %x : f64
  %1 = math.log1p %0 : f64
  %2 = arith.mulf %1, %half : f64
  return %2 : f64
}

func.func @unary_math(%x: f32 loc("x"), %out: memref<28xf32> loc("out")) {
  %0 = math.sqrt %x : f32
  %1 = math.rsqrt %x : f32
  %2 = math.cbrt %x : f32
  %3 = math.exp2 %x : f32
  %4 = math.expm1 %x : f32
  %5 = math.log %x : f32
  %6 = math.log2 %x : f32
  %7 = math.log10 %x : f32
  %8 = math.sin %x : f32
  %9 = math.cos %x : f32
  %10 = math.tan %x : f32
  %11 = math.asin %x : f32
  %12 = math.acos %x : f32
  %13 = math.atan %x : f32
  %14 = math.sinh %x : f32
  %15 = math.cosh %x : f32
  %16 = math.tanh %x : f32
  %17 = math.erf %x : f32
  %18 = math.erfc %x : f32
  %19 = math.floor %x : f32
  %20 = math.ceil %x : f32
  %21 = math.round %x : f32
  %22 = math.roundeven %x : f32
  %23 = math.trunc %x : f32
  %24 = math.absf %x : f32
  %25 = math.asinh %x : f32
  %26 = math.acosh %x : f32
  %27 = math.atanh %x : f32
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
  %c20 = arith.constant 20 : index
  %c21 = arith.constant 21 : index
  %c22 = arith.constant 22 : index
  %c23 = arith.constant 23 : index
  %c24 = arith.constant 24 : index
  %c25 = arith.constant 25 : index
  %c26 = arith.constant 26 : index
  %c27 = arith.constant 27 : index
  memref.store %0, %out[%c0] : memref<28xf32>
  memref.store %1, %out[%c1] : memref<28xf32>
  memref.store %2, %out[%c2] : memref<28xf32>
  memref.store %3, %out[%c3] : memref<28xf32>
  memref.store %4, %out[%c4] : memref<28xf32>
  memref.store %5, %out[%c5] : memref<28xf32>
  memref.store %6, %out[%c6] : memref<28xf32>
  memref.store %7, %out[%c7] : memref<28xf32>
  memref.store %8, %out[%c8] : memref<28xf32>
  memref.store %9, %out[%c9] : memref<28xf32>
  memref.store %10, %out[%c10] : memref<28xf32>
  memref.store %11, %out[%c11] : memref<28xf32>
  memref.store %12, %out[%c12] : memref<28xf32>
  memref.store %13, %out[%c13] : memref<28xf32>
  memref.store %14, %out[%c14] : memref<28xf32>
  memref.store %15, %out[%c15] : memref<28xf32>
  memref.store %16, %out[%c16] : memref<28xf32>
  memref.store %17, %out[%c17] : memref<28xf32>
  memref.store %18, %out[%c18] : memref<28xf32>
  memref.store %19, %out[%c19] : memref<28xf32>
  memref.store %20, %out[%c20] : memref<28xf32>
  memref.store %21, %out[%c21] : memref<28xf32>
  memref.store %22, %out[%c22] : memref<28xf32>
  memref.store %23, %out[%c23] : memref<28xf32>
  memref.store %24, %out[%c24] : memref<28xf32>
  memref.store %25, %out[%c25] : memref<28xf32>
  memref.store %26, %out[%c26] : memref<28xf32>
  memref.store %27, %out[%c27] : memref<28xf32>
  return
}

func.func @binary_math(%x: f64, %y: f64, %z: f64, %n: i32) -> (f64, f64, f64, f64, f64, f64) {
  %0 = math.powf %x, %y : f64
  %1 = math.atan2 %y, %x : f64
  %2 = math.copysign %x, %y : f64
  %3 = math.fma %x, %y, %z : f64
  %4 = math.fpowi %x, %n : f64, i32
  %5 = math.clampf %x to [%y, %z] : f64
  return %0, %1, %2, %3, %4, %5 : f64, f64, f64, f64, f64, f64
}

// Classification, and constants that need their bit pattern (infinity, NaN).
func.func @classify(%x: f32) -> (i1, i1, i1, i1, f32, f32) {
  %inf = arith.constant 0x7F800000 : f32
  %nan = arith.constant 0x7FC00000 : f32
  %0 = math.isnan %x : f32
  %1 = math.isinf %x : f32
  %2 = math.isfinite %x : f32
  %3 = math.isnormal %x : f32
  %4 = arith.minnumf %x, %inf : f32
  %5 = arith.maximumf %x, %nan : f32
  return %0, %1, %2, %3, %4, %5 : i1, i1, i1, i1, f32, f32
}

// Conversions. ext/trunc keep the low bits; "ui" variants zero-extend through the unsigned
// type; bitcast reinterprets the bits with lapis_rt::bit_cast (memcpy, valid on device).

func.func @int_casts(%a: i8, %b: i32, %i: index, %p: i1) -> (i32, i32, i8, i64, i32, index, index, i32) {
  %0 = arith.extsi %a : i8 to i32
  %1 = arith.extui %a : i8 to i32
  %2 = arith.trunci %b : i32 to i8
  %3 = arith.index_cast %i : index to i64
  %4 = arith.index_cast %i : index to i32
  %5 = arith.index_castui %b : i32 to index
  %6 = arith.index_cast %b : i32 to index
  %7 = arith.extsi %p : i1 to i32
  return %0, %1, %2, %3, %4, %5, %6, %7 : i32, i32, i8, i64, i32, index, index, i32
}

func.func @float_casts(%a: i32, %x: f32, %d: f64) -> (f32, f32, i32, i32, f64, f32) {
  %0 = arith.sitofp %a : i32 to f32
  %1 = arith.uitofp %a : i32 to f32
  %2 = arith.fptosi %x : f32 to i32
  %3 = arith.fptoui %x : f32 to i32
  %4 = arith.extf %x : f32 to f64
  %5 = arith.truncf %d : f64 to f32
  return %0, %1, %2, %3, %4, %5 : f32, f32, i32, i32, f64, f32
}

func.func @bitcasts(%x: f32, %bits: i64) -> (i32, f64) {
  %0 = arith.bitcast %x : f32 to i32
  %1 = arith.bitcast %bits : i64 to f64
  return %0, %1 : i32, f64
}

// Truncation to i1 keeps the lowest bit.
func.func @low_bit(%a: i32) -> i1 {
  %0 = arith.trunci %a : i32 to i1
  return %0 : i1
}

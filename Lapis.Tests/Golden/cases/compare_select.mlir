// Comparisons. cmpi: unsigned predicates compare as the unsigned type of the same width.
// cmpf: ordered predicates are false when an operand is NaN (as C++'s < is), unordered
// ones are true then; "une" is C++'s !=.

func.func @cmpi_all(%a: i64, %b: i64) -> (i1, i1, i1, i1, i1, i1, i1, i1, i1, i1) {
  %0 = arith.cmpi eq, %a, %b : i64
  %1 = arith.cmpi ne, %a, %b : i64
  %2 = arith.cmpi slt, %a, %b : i64
  %3 = arith.cmpi sle, %a, %b : i64
  %4 = arith.cmpi sgt, %a, %b : i64
  %5 = arith.cmpi sge, %a, %b : i64
  %6 = arith.cmpi ult, %a, %b : i64
  %7 = arith.cmpi ule, %a, %b : i64
  %8 = arith.cmpi ugt, %a, %b : i64
  %9 = arith.cmpi uge, %a, %b : i64
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : i1, i1, i1, i1, i1, i1, i1, i1, i1, i1
}

func.func @cmpf_all(%x: f32, %y: f32, %out: memref<14xi1> loc("out")) {
  %0 = arith.cmpf oeq, %x, %y : f32
  %1 = arith.cmpf ogt, %x, %y : f32
  %2 = arith.cmpf oge, %x, %y : f32
  %3 = arith.cmpf olt, %x, %y : f32
  %4 = arith.cmpf ole, %x, %y : f32
  %5 = arith.cmpf one, %x, %y : f32
  %6 = arith.cmpf ord, %x, %y : f32
  %7 = arith.cmpf ueq, %x, %y : f32
  %8 = arith.cmpf ugt, %x, %y : f32
  %9 = arith.cmpf uge, %x, %y : f32
  %10 = arith.cmpf ult, %x, %y : f32
  %11 = arith.cmpf ule, %x, %y : f32
  %12 = arith.cmpf une, %x, %y : f32
  %13 = arith.cmpf uno, %x, %y : f32
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
  memref.store %0, %out[%c0] : memref<14xi1>
  memref.store %1, %out[%c1] : memref<14xi1>
  memref.store %2, %out[%c2] : memref<14xi1>
  memref.store %3, %out[%c3] : memref<14xi1>
  memref.store %4, %out[%c4] : memref<14xi1>
  memref.store %5, %out[%c5] : memref<14xi1>
  memref.store %6, %out[%c6] : memref<14xi1>
  memref.store %7, %out[%c7] : memref<14xi1>
  memref.store %8, %out[%c8] : memref<14xi1>
  memref.store %9, %out[%c9] : memref<14xi1>
  memref.store %10, %out[%c10] : memref<14xi1>
  memref.store %11, %out[%c11] : memref<14xi1>
  memref.store %12, %out[%c12] : memref<14xi1>
  memref.store %13, %out[%c13] : memref<14xi1>
  return
}

// select, and min/max: minimumf/maximumf propagate NaN, minnumf/maxnumf ignore it.
func.func @select_minmax(%c: i1, %a: i32, %b: i32, %x: f64, %y: f64) -> (i32, i32, i32, f64, f64, f64, f64) {
  %0 = arith.select %c, %a, %b : i32
  %1 = arith.maxsi %a, %b : i32
  %2 = arith.minui %a, %b : i32
  %3 = arith.minimumf %x, %y : f64
  %4 = arith.maximumf %x, %y : f64
  %5 = arith.minnumf %x, %y : f64
  %6 = arith.maxnumf %x, %y : f64
  return %0, %1, %2, %3, %4, %5, %6 : i32, i32, i32, f64, f64, f64, f64
}

// ReLU on a buffer: cmpf + select per element.
func.func @relu(%buf: memref<?xf32> loc("buf")) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %buf, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %buf[%i] : memref<?xf32>
    %pos = arith.cmpf ogt, %x, %zero : f32
    %y = arith.select %pos, %x, %zero : f32
    memref.store %y, %buf[%i] : memref<?xf32>
  }
  return
}

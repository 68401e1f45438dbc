// scf.for with iter_args: the carried value is a variable declared before the loop,
// updated by scf.yield at the end of each iteration.

func.func @sum(%values: memref<?xf32> loc("values")) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %values, %c0 : memref<?xf32>
  %total = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (f32) {
    %x = memref.load %values[%i] : memref<?xf32>
    %next = arith.addf %acc, %x : f32
    scf.yield %next : f32
  } loc("total")
  return %total : f32
}

// Two carried values (Fibonacci): scf.yield is a simultaneous assignment, printed in an
// order that reads each variable before it is overwritten.
func.func @fibonacci(%n: i64 loc("n")) -> i64 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %a, %b = scf.for %i = %c0 to %n step %c1 iter_args(%x = %c0, %y = %c1) -> (i64, i64) : i64 {
    %s = arith.addi %x, %y : i64
    scf.yield %y, %s : i64, i64
  }
  return %a : i64
}

// Carried values that swap every iteration need temporaries.
func.func @swap_n_times(%n: index, %x: f32, %y: f32) -> (f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a, %b = scf.for %i = %c0 to %n step %c1 iter_args(%p = %x, %q = %y) -> (f32, f32) {
    scf.yield %q, %p : f32, f32
  }
  return %a, %b : f32, f32
}

// A strided loop with a non-unit step and a lower bound.
func.func @every_other(%values: memref<?xf64>, %from: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0.0 : f64
  %n = memref.dim %values, %c0 : memref<?xf64>
  %r = scf.for %i = %from to %n step %c2 iter_args(%acc = %zero) -> (f64) {
    %x = memref.load %values[%i] : memref<?xf64>
    %next = arith.addf %acc, %x : f64
    scf.yield %next : f64
  }
  return %r : f64
}

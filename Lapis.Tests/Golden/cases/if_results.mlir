// scf.if with results: declared before the if, assigned in each branch.

func.func @abs_diff(%a: f32 loc("a"), %b: f32 loc("b")) -> f32 {
  %lt = arith.cmpf olt, %a, %b : f32
  %d = scf.if %lt -> f32 {
    %x = arith.subf %b, %a : f32
    scf.yield %x : f32
  } else {
    %y = arith.subf %a, %b : f32
    scf.yield %y : f32
  }
  return %d : f32
}

// Two results: a division guarded against zero (the divisions cannot be hoisted out of
// the branch, so the if stays an if).
func.func @safe_divmod(%a: i32 loc("a"), %b: i32 loc("b")) -> (i32, i32) {
  %c0 = arith.constant 0 : i32
  %zero = arith.cmpi eq, %b, %c0 : i32
  %q, %r = scf.if %zero -> (i32, i32) {
    scf.yield %c0, %a : i32, i32
  } else {
    %d = arith.divsi %a, %b : i32
    %m = arith.remsi %a, %b : i32
    scf.yield %d, %m : i32, i32
  }
  return %q, %r : i32, i32
}

// An if without else that only stores.
func.func @clear_negative(%buf: memref<?xf32>, %i: index) {
  %zero = arith.constant 0.0 : f32
  %x = memref.load %buf[%i] : memref<?xf32>
  %neg = arith.cmpf olt, %x, %zero : f32
  scf.if %neg {
    memref.store %zero, %buf[%i] : memref<?xf32>
  }
  return
}

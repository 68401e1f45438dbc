// Names: NameLocs (loc("...")) name parameters and results; they are made valid, unique
// C++ identifiers that never shadow the module's functions. Other values are v0, v1...
// (results), i0, i1... (induction variables) and arg<position> (parameters).

func.func @total(%x: f32 loc("x"), %y: f32 loc("x"), %n: index loc("int"), %w: f32 loc("weight (kg)")) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %s = arith.addf %x, %y : f32 loc("sum")
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %s) -> (f32) {
    %t = arith.mulf %acc, %w : f32 loc("total")
    scf.yield %t : f32
  } loc("acc"("names.mlir":9:8))
  return %r : f32
}

func.func @v0(%a: i32, %b: i32 loc("v0")) -> i32 {
  %0 = arith.muli %a, %b : i32
  %1 = arith.addi %0, %a : i32 loc("2nd")
  return %1 : i32
}

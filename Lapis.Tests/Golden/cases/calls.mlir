// func.call, functions with several results (std::tuple, unpacked with std::tie),
// a private helper (static in the source, not in the header) and an external declaration.

func.func private @external_scale(f64) -> f64

func.func private @divmod(%a: i64, %b: i64) -> (i64, i64) {
  %q = arith.divsi %a, %b : i64
  %r = arith.remsi %a, %b : i64
  return %q, %r : i64, i64
}

func.func @digits_sum(%n: i64 loc("n")) -> i64 {
  %c0 = arith.constant 0 : i64
  %c10 = arith.constant 10 : i64
  %res:2 = scf.while (%x = %n, %acc = %c0) : (i64, i64) -> (i64, i64) {
    %more = arith.cmpi sgt, %x, %c0 : i64
    scf.condition(%more) %x, %acc : i64, i64
  } do {
  ^bb0(%y: i64, %s: i64):
    %q, %d = func.call @divmod(%y, %c10) : (i64, i64) -> (i64, i64)
    %s1 = arith.addi %s, %d : i64
    scf.yield %q, %s1 : i64, i64
  }
  return %res#1 : i64
}

func.func @scaled(%x: f64) -> f64 {
  %y = func.call @external_scale(%x) : (f64) -> f64
  return %y : f64
}

func.func @log_nothing(%x: f64) {
  %unused = func.call @scaled(%x) : (f64) -> f64
  return
}

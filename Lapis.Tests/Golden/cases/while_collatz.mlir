// scf.while: the "before" region computes the condition, the "after" region the next
// values. Values scf.condition forwards unchanged share their variable with the result.

func.func @collatz_steps(%start: i64 loc("start")) -> i64 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %c2 = arith.constant 2 : i64
  %c3 = arith.constant 3 : i64
  %final:2 = scf.while (%n = %start, %steps = %c0) : (i64, i64) -> (i64, i64) {
    %more = arith.cmpi sgt, %n, %c1 : i64
    scf.condition(%more) %n, %steps : i64, i64
  } do {
  ^bb0(%m: i64, %s: i64):
    %rem = arith.remsi %m, %c2 : i64
    %odd = arith.cmpi ne, %rem, %c0 : i64
    %next = scf.if %odd -> i64 {
      %t = arith.muli %m, %c3 : i64
      %u = arith.addi %t, %c1 : i64
      scf.yield %u : i64
    } else {
      %h = arith.divsi %m, %c2 : i64
      scf.yield %h : i64
    }
    %s1 = arith.addi %s, %c1 : i64
    scf.yield %next, %s1 : i64, i64
  }
  return %final#1 : i64
}

// A while loop whose condition forwards a value it computed, not a carried one: the
// result has its own variable (twice the first power of two not below %limit).
func.func @next_pow2(%limit: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = scf.while (%p = %c1) : (i32) -> i32 {
    %twice = arith.shli %p, %c1 : i32
    %small = arith.cmpi slt, %p, %limit : i32
    scf.condition(%small) %twice : i32
  } do {
  ^bb0(%q: i32):
    scf.yield %q : i32
  }
  return %r : i32
}

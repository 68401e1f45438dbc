// Already-lowered host code: scf.while (steps of the Collatz map per element) and scf.if.
func.func @while_loop(%x: memref<?xi64>, %out: memref<?xi64>) -> memref<?xi64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i64
  %two = arith.constant 2 : i64
  %three = arith.constant 3 : i64
  %n = memref.dim %x, %c0 : memref<?xi64>
  scf.for %i = %c0 to %n step %c1 {
    %v0 = memref.load %x[%i] : memref<?xi64>
    %v = arith.addi %v0, %one : i64
    %r:2 = scf.while (%cur = %v, %steps = %c0) : (i64, index) -> (i64, index) {
      %more = arith.cmpi sgt, %cur, %one : i64
      scf.condition(%more) %cur, %steps : i64, index
    } do {
    ^bb0(%c: i64, %s: index):
      %rem = arith.remsi %c, %two : i64
      %zero = arith.constant 0 : i64
      %odd = arith.cmpi ne, %rem, %zero : i64
      %next = scf.if %odd -> i64 {
        %t = arith.muli %c, %three : i64
        %u = arith.addi %t, %one : i64
        scf.yield %u : i64
      } else {
        %h = arith.divsi %c, %two : i64
        scf.yield %h : i64
      }
      %s1 = arith.addi %s, %c1 : index
      scf.yield %next, %s1 : i64, index
    }
    %steps = arith.index_cast %r#1 : index to i64
    memref.store %steps, %out[%i] : memref<?xi64>
  }
  return %out : memref<?xi64>
}

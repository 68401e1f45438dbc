// memref.global: namespace-scope Views allocated by initialize() (constant data from a
// static array, splats by deep_copy of the value) and released by finalize().

memref.global "private" constant @weights : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.5, -6.25]]>
memref.global "private" constant @bias : memref<3xf32> = dense<0.5>
memref.global "private" @counter : memref<i64> = dense<0>
memref.global "private" @scratch : memref<16xi32> = uninitialized
memref.global "private" constant @mask : memref<4xi1> = dense<[true, false, false, true]>

// y = x * W + b for one row x of 2 values.
func.func @affine(%x0: f32, %x1: f32, %y: memref<3xf32> loc("y")) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %w = memref.get_global @weights : memref<2x3xf32>
  %b = memref.get_global @bias : memref<3xf32>
  scf.for %j = %c0 to %c3 step %c1 {
    %w0 = memref.load %w[%c0, %j] : memref<2x3xf32>
    %w1 = memref.load %w[%c1, %j] : memref<2x3xf32>
    %bj = memref.load %b[%j] : memref<3xf32>
    %p0 = arith.mulf %x0, %w0 : f32
    %p1 = arith.mulf %x1, %w1 : f32
    %s = arith.addf %p0, %p1 : f32
    %r = arith.addf %s, %bj : f32
    memref.store %r, %y[%j] : memref<3xf32>
  }
  return
}

// Counts calls in a mutable global.
func.func @tick() -> i64 {
  %one = arith.constant 1 : i64
  %g = memref.get_global @counter : memref<i64>
  %v = memref.load %g[] : memref<i64>
  %n = arith.addi %v, %one : i64
  memref.store %n, %g[] : memref<i64>
  return %n : i64
}

func.func @use_scratch_and_mask(%i: index) -> (i32, i1) {
  %s = memref.get_global @scratch : memref<16xi32>
  %m = memref.get_global @mask : memref<4xi1>
  %a = memref.load %s[%i] : memref<16xi32>
  %b = memref.load %m[%i] : memref<4xi1>
  return %a, %b : i32, i1
}

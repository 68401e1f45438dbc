// scf.parallel after Lapis' Kokkos mapping: kokkos.range_parallel → Kokkos::parallel_for /
// parallel_reduce with a RangePolicy (1-D) or MDRangePolicy (n-D) and a KOKKOS_LAMBDA.
// Kernels run on the host execution space while every View is host memory.

// A 2-D sum reduction: MDRangePolicy + Kokkos::Sum; MLIR's init value is added afterwards.
func.func @frobenius_squared(%m: memref<?x?xf64> loc("m")) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f64
  %rows = memref.dim %m, %c0 : memref<?x?xf64>
  %cols = memref.dim %m, %c1 : memref<?x?xf64>
  %sum = scf.parallel (%i, %j) = (%c0, %c0) to (%rows, %cols) step (%c1, %c1) init (%zero) -> f64 {
    %x = memref.load %m[%i, %j] : memref<?x?xf64>
    %sq = arith.mulf %x, %x : f64
    scf.reduce(%sq : f64) {
    ^bb0(%lhs: f64, %rhs: f64):
      %s = arith.addf %lhs, %rhs : f64
      scf.reduce.return %s : f64
    }
  }
  return %sum : f64
}

// A 1-D parallel_for.
func.func @fill(%v: memref<?xi32> loc("v"), %value: i32 loc("value")) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %v, %c0 : memref<?xi32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %value, %v[%i] : memref<?xi32>
  }
  return
}

// A NaN-propagating max (arith.maximumf): no Kokkos built-in reducer matches it exactly,
// so lapis_rt::Reducer joins with lapis_math::maximumf.
func.func @max_abs(%v: memref<?xf32> loc("v")) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ninf = arith.constant 0xFF800000 : f32
  %n = memref.dim %v, %c0 : memref<?xf32>
  %max = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%ninf) -> f32 {
    %x = memref.load %v[%i] : memref<?xf32>
    %a = math.absf %x : f32
    scf.reduce(%a : f32) {
    ^bb0(%lhs: f32, %rhs: f32):
      %m = arith.maximumf %lhs, %rhs : f32
      scf.reduce.return %m : f32
    }
  }
  return %max : f32
}

// A loop that allocates stays scf.parallel and runs serially on the host, its scf.reduce
// applied in iteration order.
func.func @row_maxima_sum(%m: memref<?x4xf32> loc("m")) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %rows = memref.dim %m, %c0 : memref<?x4xf32>
  %total = scf.parallel (%i) = (%c0) to (%rows) step (%c1) init (%zero) -> f32 {
    %best = memref.alloca() : memref<f32>
    %first = memref.load %m[%i, %c0] : memref<?x4xf32>
    memref.store %first, %best[] : memref<f32>
    scf.for %j = %c1 to %c4 step %c1 {
      %x = memref.load %m[%i, %j] : memref<?x4xf32>
      %b = memref.load %best[] : memref<f32>
      %y = arith.maxnumf %x, %b : f32
      memref.store %y, %best[] : memref<f32>
    }
    %rowmax = memref.load %best[] : memref<f32>
    scf.reduce(%rowmax : f32) {
    ^bb0(%lhs: f32, %rhs: f32):
      %s = arith.addf %lhs, %rhs : f32
      scf.reduce.return %s : f32
    }
  }
  return %total : f32
}

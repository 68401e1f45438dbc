// f16 → Kokkos::Experimental::half_t; bf16 → lapis_bf16_t (Kokkos' bhalf_t when it has one).
// Math on these types is computed in float.

func.func @axpy_f16(%a: f16, %x: memref<?xf16> loc("x"), %y: memref<?xf16> loc("y")) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf16>
  scf.for %i = %c0 to %n step %c1 {
    %xi = memref.load %x[%i] : memref<?xf16>
    %yi = memref.load %y[%i] : memref<?xf16>
    %t = arith.mulf %a, %xi : f16
    %s = arith.addf %t, %yi : f16
    memref.store %s, %y[%i] : memref<?xf16>
  }
  return
}

func.func @f16_math(%h: f16) -> (f16, f32, f16, i1) {
  %three = arith.constant 3.0 : f16
  %0 = math.sqrt %h : f16
  %1 = arith.extf %0 : f16 to f32
  %2 = arith.mulf %h, %three : f16
  %3 = math.isnan %h : f16
  return %0, %1, %2, %3 : f16, f32, f16, i1
}

func.func @bf16_round_trip(%x: f32) -> (bf16, f32) {
  %b = arith.truncf %x : f32 to bf16
  %e = math.exp %b : bf16
  %f = arith.extf %e : bf16 to f32
  return %e, %f : bf16, f32
}

// f16 constant data (decoded from the attribute's raw bits).
memref.global "private" constant @halves : memref<2xf16> = dense<[1.5, -2.0]>

func.func @second_half() -> f16 {
  %c1 = arith.constant 1 : index
  %g = memref.get_global @halves : memref<2xf16>
  %x = memref.load %g[%c1] : memref<2xf16>
  return %x : f16
}

// cf.assert in host code (torch-mlir's shape checks at function entry) throws std::runtime_error
// with the assertion's location, which the extern "C" layer turns into error code 1 and
// ns_last_error(); inside a kernel and in a team-level variant (device code) it stays Kokkos::abort.
// RUN: lapis translate %s -o - --team-level 2>/dev/null | FileCheck %s
// RUN: lapis translate %s -o - 2>/dev/null | FileCheck %s --check-prefix=NOTHROW-IN-KERNEL

// The team-level variant (in the header) runs inside the caller's kernel: abort.
// CHECK-LABEL: KOKKOS_INLINE_FUNCTION void positive_scale_team(
// CHECK:         if (!{{.*}}) Kokkos::abort("cf-assert-host-and-kernel.mlir:[[@LINE+22]]:3: scale must be positive");
// CHECK-NOT:     throw
// CHECK:       const char* cf_assert_host_and_kernel_last_error(void);

// CHECK:       #include <exception>
// CHECK-NEXT:  #include <stdexcept>
// CHECK-NEXT:  #include <string>

// CHECK-LABEL: void positive_scale_into(
// CHECK-NEXT:    bool [[OK:v[0-9]+]] = {{.*}};
// CHECK-NEXT:    if (![[OK]]) throw std::runtime_error("cf-assert-host-and-kernel.mlir:[[@LINE+12]]:3: scale must be positive");
// CHECK-NEXT:    Kokkos::parallel_for(

// CHECK-LABEL: void scale_checked(
// CHECK:         Kokkos::parallel_for("scale", {{.*}}KOKKOS_LAMBDA(const int64_t [[I:i[0-9]+]]) {
// CHECK:           if (!{{v[0-9]+}}) Kokkos::abort("cf-assert-host-and-kernel.mlir:[[@LINE+28]]:5: index out of bounds in a kernel");
// CHECK:         });
// CHECK-NEXT:  }

func.func @positive_scale(%x: memref<8xf32>, %s: f32) -> memref<8xf32> {
  %zero = arith.constant 0.0 : f32
  %ok = arith.cmpf ogt, %s, %zero : f32
  cf.assert %ok, "scale must be positive"
  %out = memref.alloc() : memref<8xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i] : memref<8xf32>
    %w = arith.mulf %v, %s : f32
    memref.store %w, %out[%i] : memref<8xf32>
    scf.reduce
  }
  return %out : memref<8xf32>
}

// Already kokkos-level input: the assertion runs in the lambda of the RangePolicy kernel.
func.func @scale_checked(%a: memref<?xf32>, %n: index) {
  "kokkos.range_parallel"(%n) ({
  ^bb0(%i: index):
    %c0 = arith.constant 0 : index
    %d = memref.dim %a, %c0 : memref<?xf32>
    %ok = arith.cmpi ult, %i, %d : index
    cf.assert %ok, "index out of bounds in a kernel"
    %v = memref.load %a[%i] : memref<?xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %a[%i] : memref<?xf32>
    "gpu.yield"() : () -> ()
  }) {execution_space = "device", label = "scale"} : (index) -> ()
  return
}

// Without --team-level the kernel's assertion is still the only abort, and the host one throws.
// NOTHROW-IN-KERNEL:     throw std::runtime_error("cf-assert-host-and-kernel.mlir:{{[0-9]+}}:3: scale must be positive");
// NOTHROW-IN-KERNEL-NOT: throw
// NOTHROW-IN-KERNEL:     Kokkos::abort("cf-assert-host-and-kernel.mlir:{{[0-9]+}}:5: index out of bounds in a kernel");
// NOTHROW-IN-KERNEL-NOT: throw

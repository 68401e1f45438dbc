// What the CG examples check their answer with, written by hand (no generated kernel): the
// pseudo-random x_true that b = A x_true is made from, a CSR SpMV and vector norms. Shared by
// main.cpp and ../cg_mpi/main.cpp, which checks its distributed solution on the global matrix.
#pragma once

#include "laplacian.hpp"

#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace reference {

using Vector = Kokkos::View<double*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space>;
using Policy = Kokkos::RangePolicy<Kokkos::DefaultExecutionSpace, Kokkos::IndexType<int64_t>>;

// A reproducible value in [-1, 1) for every index (SplitMix64).
KOKKOS_INLINE_FUNCTION double pseudo_random(int64_t i) {
  uint64_t z = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return 2.0 * static_cast<double>(z >> 11) * 0x1.0p-53 - 1.0;
}

// y = A x.
inline void spmv(const laplacian::Matrix& A, Vector x, Vector y) {
  auto row_ptr = A.row_ptr;
  auto col_idx = A.col_idx;
  auto values = A.values;
  Kokkos::parallel_for("reference::spmv", Policy(0, A.rows), KOKKOS_LAMBDA(const int64_t i) {
    double sum = 0;
    for (int32_t k = row_ptr(i); k < row_ptr(i + 1); ++k) sum += values(k) * x(col_idx(k));
    y(i) = sum;
  });
}

// ||u - v|| (v may be empty: ||u||).
inline double distance(Vector u, Vector v) {
  const bool minus = v.extent(0) > 0;
  double sum = 0;
  Kokkos::parallel_reduce("reference::norm", Policy(0, static_cast<int64_t>(u.extent(0))), KOKKOS_LAMBDA(const int64_t i, double& acc) {
    const double d = minus ? u(i) - v(i) : u(i);
    acc += d * d;
  }, sum);
  return std::sqrt(sum);
}

// ||b - A x||.
inline double residual_norm(const laplacian::Matrix& A, Vector x, Vector b) {
  Vector Ax(Kokkos::view_alloc(Kokkos::WithoutInitializing, "reference::Ax"), A.rows);
  spmv(A, x, Ax);
  return distance(b, Ax);
}

// Writes x as raw native-endian doubles (what the tests compare solutions with); false on failure.
inline bool write_vector(const char* path, Vector x) {
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), x);
  std::FILE* f = std::fopen(path, "wb");
  if (!f) return false;
  const bool written = std::fwrite(host.data(), sizeof(double), host.extent(0), f) == host.extent(0);
  return std::fclose(f) == 0 && written;
}

}  // namespace reference

// The 7-point Laplacian of an n x n x n grid with zero Dirichlet boundaries (6 on the diagonal,
// -1 for each neighbour inside the grid) in CSR with 32-bit indices, built in parallel on the
// device directly into the Views that lapis::make_csr then wraps without copying.
#pragma once

#include <lapis/sparse.hpp>  // lapis::SparseTensor, lapis::make_csr (installed by Lapis)

#include <Kokkos_Core.hpp>

#include <cstdint>

namespace laplacian {

// The type csr_spmv::spmv takes (csr_spmv.mlir: f64 values, posWidth = crdWidth = 32).
using Csr = lapis::SparseTensor<double, int32_t, int32_t, 2>;
// The buffer type lapis::SparseTensor holds (LayoutRight, default memory space); make_csr also
// accepts any rank-1 Views it can be assigned from.
template <class T>
using Buffer = Csr::Buffer<T>;

struct Matrix {
  int64_t n = 0;         // grid points per dimension
  int64_t rows = 0;      // n^3
  int64_t nonzeros = 0;  // 7 n^3 - 6 n^2
  Buffer<int32_t> row_ptr;
  Buffer<int32_t> col_idx;
  Buffer<double> values;
  Csr csr;  // the same three Views, as the generated kernel takes them
};

// Every point has 7 entries, minus one per grid face it lies on.
inline int64_t count_nonzeros(int64_t n) { return 7 * n * n * n - 6 * n * n; }

// Grid point i = x + n (y + n z).
KOKKOS_INLINE_FUNCTION int row_length(int64_t n, int64_t i) {
  const int64_t x = i % n, y = (i / n) % n, z = i / (n * n);
  return 1 + (x > 0) + (x < n - 1) + (y > 0) + (y < n - 1) + (z > 0) + (z < n - 1);
}

inline Matrix build(int64_t n) {
  Matrix m;
  m.n = n;
  m.rows = n * n * n;
  m.nonzeros = count_nonzeros(n);
  using Policy = Kokkos::RangePolicy<Kokkos::DefaultExecutionSpace, Kokkos::IndexType<int64_t>>;

  // Row pointers: an inclusive scan of the row lengths (row_ptr(0) = 0 from the allocation).
  Buffer<int32_t> row_ptr("laplacian::row_ptr", m.rows + 1);
  Kokkos::parallel_scan("laplacian::row_ptr", Policy(0, m.rows), KOKKOS_LAMBDA(const int64_t i, int64_t& offset, const bool final) {
    offset += row_length(n, i);
    if (final) row_ptr(i + 1) = static_cast<int32_t>(offset);
  });

  // Columns in increasing order: z - 1, y - 1, x - 1, the point itself, x + 1, y + 1, z + 1.
  Buffer<int32_t> col_idx(Kokkos::view_alloc(Kokkos::WithoutInitializing, "laplacian::col_idx"), m.nonzeros);
  Buffer<double> values(Kokkos::view_alloc(Kokkos::WithoutInitializing, "laplacian::values"), m.nonzeros);
  Kokkos::parallel_for("laplacian::fill", Policy(0, m.rows), KOKKOS_LAMBDA(const int64_t i) {
    const int64_t x = i % n, y = (i / n) % n, z = i / (n * n);
    int32_t k = row_ptr(i);
    auto put = [&](int64_t column, double value) {
      col_idx(k) = static_cast<int32_t>(column);
      values(k) = value;
      ++k;
    };
    if (z > 0) put(i - n * n, -1.0);
    if (y > 0) put(i - n, -1.0);
    if (x > 0) put(i - 1, -1.0);
    put(i, 6.0);
    if (x < n - 1) put(i + 1, -1.0);
    if (y < n - 1) put(i + n, -1.0);
    if (z < n - 1) put(i + n * n, -1.0);
  });

  m.row_ptr = row_ptr;
  m.col_idx = col_idx;
  m.values = values;
  m.csr = lapis::make_csr(m.rows, m.rows, m.nonzeros, row_ptr, col_idx, values);  // no copy
  return m;
}

}  // namespace laplacian

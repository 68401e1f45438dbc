// One rank's share of the 7-point Laplacian of an n x n x n grid (../cg_laplacian/laplacian.hpp)
// when the grid is cut into slabs of z-planes, one slab per rank: the rank owns the rows of its
// planes and keeps them as a local CSR block, built on the device, whose columns are renumbered
// the way Tpetra's column map does it: the owned grid points first (0 .. owned - 1, in global
// order), then the ghost points its rows reference, the neighbour planes below and above
// (owned .. owned + ghosts - 1). Within a row the columns stay sorted.
#pragma once

#include "laplacian.hpp"  // laplacian::row_length, laplacian::Csr, laplacian::Buffer

#include <lapis/sparse.hpp>

#include <Kokkos_Core.hpp>

#include <cstdint>

namespace slab {

struct Partition {
  int64_t n = 0;            // grid points per dimension
  int64_t plane = 0;        // n^2: points per z-plane, the size of one halo message
  int64_t z_begin = 0;      // the owned planes are z_begin .. z_end - 1
  int64_t z_end = 0;
  bool has_lower = false;   // a neighbour rank owns plane z_begin - 1
  bool has_upper = false;   // a neighbour rank owns plane z_end
  int64_t owned = 0;        // rows: (z_end - z_begin) n^2
  int64_t ghosts = 0;       // (has_lower + has_upper) n^2
  int64_t row_offset = 0;   // global index of local row 0: z_begin n^2

  // The local column of a global grid point this rank's rows reference.
  KOKKOS_INLINE_FUNCTION int64_t local_column(int64_t global) const {
    const int64_t z = global / plane;
    if (z < z_begin) return owned + (global - (z_begin - 1) * plane);                               // lower ghost plane
    if (z >= z_end) return owned + (has_lower ? plane : 0) + (global - z_end * plane);             // upper ghost plane
    return global - row_offset;                                                                    // owned
  }
  // The global grid point of a local column (the inverse of local_column).
  KOKKOS_INLINE_FUNCTION int64_t global_column(int64_t local) const {
    if (local < owned) return local + row_offset;
    local -= owned;
    if (has_lower && local < plane) return (z_begin - 1) * plane + local;
    return z_end * plane + (local - (has_lower ? plane : 0));
  }
  // The rows that reference a ghost point are the first plane (if there is a rank below) and the
  // last (if there is one above); their SpMV has to wait for the halo, the others' does not. The
  // local rows in three contiguous ranges, [0, interior_begin), [interior_begin, interior_end),
  // [interior_end, owned); a slab of one plane with two neighbours has no interior rows.
  int64_t interior_begin() const { return has_lower ? plane : 0; }
  int64_t interior_end() const {
    const int64_t end = owned - (has_upper ? plane : 0);
    return end > interior_begin() ? end : interior_begin();
  }
};

// Planes split as evenly as possible: the first n % ranks ranks get one more.
inline Partition partition(int64_t n, int rank, int ranks) {
  Partition p;
  p.n = n;
  p.plane = n * n;
  const int64_t base = n / ranks, extra = n % ranks;
  p.z_begin = rank * base + (rank < extra ? rank : extra);
  p.z_end = p.z_begin + base + (rank < extra ? 1 : 0);
  p.has_lower = p.z_begin > 0;
  p.has_upper = p.z_end < n;
  p.owned = (p.z_end - p.z_begin) * p.plane;
  p.ghosts = (p.has_lower + p.has_upper) * p.plane;
  p.row_offset = p.z_begin * p.plane;
  return p;
}

// The rows first_row .. last_row - 1 of the local CSR block, with all owned + ghost columns.
inline laplacian::Matrix build(const Partition& part, int64_t first_row, int64_t last_row) {
  using Policy = Kokkos::RangePolicy<Kokkos::DefaultExecutionSpace, Kokkos::IndexType<int64_t>>;
  const Partition p = part;  // captured by value
  const int64_t n = p.n;
  const int64_t offset = p.row_offset + first_row;  // global index of the block's row 0

  laplacian::Matrix m;
  m.n = n;
  m.rows = last_row - first_row;
  laplacian::Buffer<int32_t> row_ptr("slab::row_ptr", m.rows + 1);
  Kokkos::parallel_scan("slab::row_ptr", Policy(0, m.rows), KOKKOS_LAMBDA(const int64_t i, int64_t& sum, const bool final) {
    sum += laplacian::row_length(n, offset + i);
    if (final) row_ptr(i + 1) = static_cast<int32_t>(sum);
  }, m.nonzeros);

  laplacian::Buffer<int32_t> col_idx(Kokkos::view_alloc(Kokkos::WithoutInitializing, "slab::col_idx"), m.nonzeros);
  laplacian::Buffer<double> values(Kokkos::view_alloc(Kokkos::WithoutInitializing, "slab::values"), m.nonzeros);
  Kokkos::parallel_for("slab::fill", Policy(0, m.rows), KOKKOS_LAMBDA(const int64_t i) {
    const int64_t g = offset + i;
    const int64_t x = g % n, y = (g / n) % n, z = g / (n * n);
    int32_t k = row_ptr(i);
    auto put = [&](int64_t global, double value) {
      col_idx(k) = static_cast<int32_t>(p.local_column(global));
      values(k) = value;
      ++k;
    };
    // Owned columns in global order (increasing local numbers), then the ghosts (larger ones).
    if (z > p.z_begin) put(g - n * n, -1.0);
    if (y > 0) put(g - n, -1.0);
    if (x > 0) put(g - 1, -1.0);
    put(g, 6.0);
    if (x < n - 1) put(g + 1, -1.0);
    if (y < n - 1) put(g + n, -1.0);
    if (z + 1 < p.z_end) put(g + n * n, -1.0);
    if (z == p.z_begin && z > 0) put(g - n * n, -1.0);
    if (z == p.z_end - 1 && z < n - 1) put(g + n * n, -1.0);
  });

  m.row_ptr = row_ptr;
  m.col_idx = col_idx;
  m.values = values;
  m.csr = lapis::make_csr(m.rows, p.owned + p.ghosts, m.nonzeros, row_ptr, col_idx, values);  // no copy
  return m;
}

}  // namespace slab

// What the sparse benchmark drivers (main.cpp: SpMV, spmm_main.cpp: SpMM, cg_main.cpp: CG) share:
// the matrix source (a Matrix Market file or laplace3d:N, the 7-point Laplacian built in memory),
// the CSR storage type of spmv_csr.mlir (index positions and coordinates, f64), the hand-written
// Kokkos CSR SpMV anchor and the timer. Include it after a generated header: those embed the
// lapis sparse runtime (lapis::CooMatrix, lapis::SparseTensor, lapis::make_csr).
#pragma once

#include <algorithm>
#include <vector>
#include <Kokkos_Core.hpp>
#include <cstdint>
#include <string>
#ifdef LAPIS_BENCH_KOKKOS_KERNELS
#include <KokkosSparse_CrsMatrix.hpp>
#include <KokkosSparse_spmv.hpp>
#endif

namespace bench {

using Csr = lapis::SparseTensor<double, int64_t, int64_t, 2>;
using Vector = Kokkos::View<double*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space>;
using RowPolicy = Kokkos::RangePolicy<Kokkos::IndexType<int64_t>>;

// The matrix laplace3d_mtx.cpp writes, entry for entry, without the file.
inline lapis::CooMatrix<double> laplace3d(int64_t n) {
  lapis::CooMatrix<double> coo;
  coo.rows = coo.cols = n * n * n;
  const int64_t nonzeros = 7 * coo.rows - 6 * n * n;
  coo.row.reserve(nonzeros);
  coo.col.reserve(nonzeros);
  coo.values.reserve(nonzeros);
  const auto add = [&](int64_t r, int64_t c, double v) {
    coo.row.push_back(r);
    coo.col.push_back(c);
    coo.values.push_back(v);
  };
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t k = 0; k < n; ++k) {
        const int64_t row = (i * n + j) * n + k;
        if (i > 0) add(row, row - n * n, -1);
        if (j > 0) add(row, row - n, -1);
        if (k > 0) add(row, row - 1, -1);
        add(row, row, 6);
        if (k < n - 1) add(row, row + 1, -1);
        if (j < n - 1) add(row, row + n, -1);
        if (i < n - 1) add(row, row + n * n, -1);
      }
  return coo;
}

// A.mtx or laplace3d:N (the 200^3 file is 1.4 GB: reading it took longer than the runs).
inline lapis::CooMatrix<double> load_matrix(const std::string& source) {
  const std::string generated = "laplace3d:";
  return source.rfind(generated, 0) == 0 ? laplace3d(std::stoll(source.substr(generated.size())))
                                         : lapis::read_matrix_market<double>(source);
}

inline int64_t rows_of(const Csr& a) { return a.sizes.level_sizes[0]; }

// The anchor: what a Kokkos developer writes for CSR SpMV (y = y + A x, in place; RangePolicy
// over rows, one thread per row).
inline void hand_written_spmv(const Csr& a, const Vector& x, const Vector& y) {
  const auto row_ptr = a.positions[1];
  const auto col_idx = a.coordinates[1];
  const auto values = a.values;
  Kokkos::parallel_for("hand_written_spmv", RowPolicy(0, rows_of(a)), KOKKOS_LAMBDA(const int64_t i) {
    double sum = 0;
    for (int64_t k = row_ptr(i); k < row_ptr(i + 1); ++k) sum += values(k) * x(col_idx(k));
    y(i) += sum;
  });
}

#ifdef LAPIS_BENCH_KOKKOS_KERNELS
// Kokkos Kernels' anchor: the same matrix as a KokkosSparse::CrsMatrix<double, int, ..., int>
// (its explicitly instantiated types).
using KkMatrix = KokkosSparse::CrsMatrix<double, int, Kokkos::DefaultExecutionSpace, void, int>;

inline KkMatrix kokkos_kernels_matrix(const Csr& a) {
  const int64_t rows = rows_of(a);
  Kokkos::View<int*> kk_rows("kk_row_map", rows + 1);
  Kokkos::View<int*> kk_cols("kk_entries", a.coordinates[1].extent(0));
  const auto row_ptr = a.positions[1];
  const auto col_idx = a.coordinates[1];
  Kokkos::parallel_for("kk_copy_rows", RowPolicy(0, rows + 1), KOKKOS_LAMBDA(const int64_t i) { kk_rows(i) = static_cast<int>(row_ptr(i)); });
  Kokkos::parallel_for("kk_copy_cols", RowPolicy(0, col_idx.extent(0)), KOKKOS_LAMBDA(const int64_t k) { kk_cols(k) = static_cast<int>(col_idx(k)); });
  Kokkos::View<double*> kk_values("kk_values", a.values.extent(0));
  Kokkos::deep_copy(kk_values, a.values);
  return KkMatrix("kk", static_cast<int>(rows), static_cast<int>(a.sizes.level_sizes[1]), static_cast<int>(kk_values.extent(0)), kk_values, kk_rows, kk_cols);
}
#endif

// Mean time of one step over `repetitions` steps, after one warm-up step and a reset.
template <class Step, class Reset>
double milliseconds_per_call(int repetitions, Step step, Reset reset) {
  step();
  reset();
  Kokkos::fence();
  Kokkos::Timer timer;
  for (int r = 0; r < repetitions; ++r) step();
  Kokkos::fence();
  return timer.seconds() * 1000.0 / repetitions;
}

// Two steps timed in alternating rounds of `calls` calls each: each one's median round (ms per call) and the
// median over the rounds of second / first (> 1: the first is faster).
struct Interleaved {
  double first_ms, second_ms, second_over_first;
};

template <class First, class Second>
Interleaved interleaved(int rounds, int calls, First first, Second second) {
  std::vector<double> a, b, ratio;
  for (int r = 0; r < rounds; ++r) {
    Kokkos::fence();
    Kokkos::Timer timer;
    for (int c = 0; c < calls; ++c) first();
    Kokkos::fence();
    a.push_back(timer.seconds() * 1000.0 / calls);
    timer.reset();
    for (int c = 0; c < calls; ++c) second();
    Kokkos::fence();
    b.push_back(timer.seconds() * 1000.0 / calls);
    ratio.push_back(b.back() / a.back());
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  return {median(a), median(b), median(ratio)};
}

}  // namespace bench

// SpMM benchmark driver: C = C + A B with 16 right-hand sides (B, C dense n x 16, row-major), 50
// times after a warm-up, on the CSR storage of the SpMV driver (bench_common.hpp), with
// (1) the Lapis translation of spmm_csr.mlir (@spmm returns a fresh C, @spmm_in_place updates
// it), (2) a hand-written Kokkos SpMM over rows with the 16 columns in the inner loop, twice:
// RangePolicy (one thread per row, 16 accumulators) and TeamPolicy (a team's threads take rows,
// the 16 columns are the vector lanes), (3) KokkosSparse::spmv of Kokkos Kernels with rank-2
// Views (multivector, LayoutLeft as instantiated and LayoutRight like the others) when built
// with LAPIS_BENCH_KOKKOS_KERNELS, and (4) 16 hand-written SpMVs, one per column, as the point
// of reference. Prints the mean time of one SpMM for each and whether all results agree.
// Usage: spmm_bench A.mtx|laplace3d:N [--kokkos-threads=N]
#include <Kokkos_Core.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "spmm_csr.hpp"
#include "bench_common.hpp"

namespace {

constexpr int Repetitions = 50;
constexpr int Columns = 16;  // the right-hand sides; spmm_csr.mlir's static extent
constexpr int64_t RowsPerTeam = 64;  // rows of the TeamPolicy kernel's team

using bench::Csr;
using Dense = spmm_csr::DeviceView<double**>;  // the generated API: n x 16, row-major
using Memory = Kokkos::DefaultExecutionSpace::memory_space;

// One thread per row, the 16 sums in registers, the 16 columns of a row of B read together.
void hand_written_spmm_range(const Csr& a, const Dense& b, const Dense& c) {
  const auto row_ptr = a.positions[1];
  const auto col_idx = a.coordinates[1];
  const auto values = a.values;
  Kokkos::parallel_for("hand_written_spmm_range", bench::RowPolicy(0, bench::rows_of(a)), KOKKOS_LAMBDA(const int64_t i) {
    double sum[Columns] = {};
    for (int64_t k = row_ptr(i); k < row_ptr(i + 1); ++k) {
      const double v = values(k);
      const int64_t col = col_idx(k);
      for (int j = 0; j < Columns; ++j) sum[j] += v * b(col, j);
    }
    for (int j = 0; j < Columns; ++j) c(i, j) += sum[j];
  });
}

// A team per block of rows, its threads over the rows, the 16 columns across the vector lanes
// (coalesced rows of B and C on GPUs; one lane and a vectorizable loop on host backends).
void hand_written_spmm_team(const Csr& a, const Dense& b, const Dense& c) {
  using Policy = Kokkos::TeamPolicy<Kokkos::IndexType<int64_t>>;
  using Member = Policy::member_type;
  const auto row_ptr = a.positions[1];
  const auto col_idx = a.coordinates[1];
  const auto values = a.values;
  const int64_t rows = bench::rows_of(a);
  const int lanes = std::min(Columns, Policy::vector_length_max());
  const Policy policy((rows + RowsPerTeam - 1) / RowsPerTeam, Kokkos::AUTO, lanes);
  Kokkos::parallel_for("hand_written_spmm_team", policy, KOKKOS_LAMBDA(const Member& team) {
    const int64_t first = team.league_rank() * RowsPerTeam;
    const int64_t count = first + RowsPerTeam < rows ? RowsPerTeam : rows - first;
    Kokkos::parallel_for(Kokkos::TeamThreadRange(team, count), [&](const int64_t r) {
      const int64_t i = first + r;
      Kokkos::parallel_for(Kokkos::ThreadVectorRange(team, Columns), [&](const int j) {
        double sum = 0;
        for (int64_t k = row_ptr(i); k < row_ptr(i + 1); ++k) sum += values(k) * b(col_idx(k), j);
        c(i, j) += sum;
      });
    });
  });
}

template <class HostDense>
double max_abs_difference(const HostDense& x, const HostDense& y) {
  double d = 0;
  for (size_t i = 0; i < x.extent(0); ++i)
    for (int j = 0; j < Columns; ++j) d = std::fmax(d, std::fabs(x(i, j) - y(i, j)));
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s A.mtx|laplace3d:N [Kokkos options]\n", argv[0]);
    return 2;
  }
  const auto coo = bench::load_matrix(argv[1]);
  const Csr a = lapis::make_csr(coo);
  const int64_t rows = coo.rows;
  std::printf("matrix %lld rows, %lld nonzeros, %d right-hand sides, %d threads\n", static_cast<long long>(rows),
              static_cast<long long>(coo.nonzeros()), Columns, Kokkos::DefaultExecutionSpace().concurrency());

  // B(k, j) = 1 + ((k + 3 j) mod 7) / 8: 16 different columns, exact in binary.
  Dense b(Kokkos::view_alloc(Kokkos::WithoutInitializing, "b"), coo.cols, Columns);
  Kokkos::parallel_for("fill_b", bench::RowPolicy(0, coo.cols), KOKKOS_LAMBDA(const int64_t k) {
    for (int j = 0; j < Columns; ++j) b(k, j) = 1.0 + static_cast<double>((k + 3 * j) % 7) / 8.0;
  });
  const auto zero = [](auto& view) { return [&view] { Kokkos::deep_copy(view, 0.0); }; };
  auto time = [](auto step, auto reset) { return bench::milliseconds_per_call(Repetitions, step, reset); };

  Dense c_lapis("c_lapis", rows, Columns);
  const double lapis_ms = time([&] { c_lapis = spmm_csr::spmm(a, b, c_lapis); }, zero(c_lapis));
  Dense c_in_place("c_in_place", rows, Columns);
  const double lapis_in_place_ms = time([&] { c_in_place = spmm_csr::spmm_in_place(a, b, c_in_place); }, zero(c_in_place));
  Dense c_range("c_range", rows, Columns);
  const double range_ms = time([&] { hand_written_spmm_range(a, b, c_range); }, zero(c_range));
  Dense c_team("c_team", rows, Columns);
  const double team_ms = time([&] { hand_written_spmm_team(a, b, c_team); }, zero(c_team));

  // 16 SpMVs on the columns of B, each as its own contiguous vector.
  std::vector<bench::Vector> x(Columns), y(Columns);
  for (int j = 0; j < Columns; ++j) {
    x[j] = bench::Vector(Kokkos::view_alloc(Kokkos::WithoutInitializing, "x"), coo.cols);
    y[j] = bench::Vector("y", rows);
    Kokkos::deep_copy(x[j], Kokkos::subview(b, Kokkos::ALL, j));
  }
  const double spmvs_ms = time([&] { for (int j = 0; j < Columns; ++j) bench::hand_written_spmv(a, x[j], y[j]); },
                               [&] { for (int j = 0; j < Columns; ++j) Kokkos::deep_copy(y[j], 0.0); });
  Dense c_spmvs("c_spmvs", rows, Columns);
  for (int j = 0; j < Columns; ++j) Kokkos::deep_copy(Kokkos::subview(c_spmvs, Kokkos::ALL, j), y[j]);

  std::vector<Dense> results = {c_lapis, c_in_place, c_team, c_spmvs};
#ifdef LAPIS_BENCH_KOKKOS_KERNELS
  // Kokkos Kernels, C = 1 * A B + 1 * C, with its instantiated multivector layout (LayoutLeft)
  // and with the row-major layout of the others (compiled from its templates).
  const bench::KkMatrix kk = bench::kokkos_kernels_matrix(a);
  using LeftDense = Kokkos::View<double**, Kokkos::LayoutLeft, Memory>;
  using RightDense = Kokkos::View<double**, Kokkos::LayoutRight, Memory>;
  LeftDense kk_b_left(Kokkos::view_alloc(Kokkos::WithoutInitializing, "kk_b_left"), coo.cols, Columns);
  Kokkos::deep_copy(kk_b_left, b);
  LeftDense kk_c_left("kk_c_left", rows, Columns);
  const double kk_left_ms = time([&] { KokkosSparse::spmv("N", 1.0, kk, kk_b_left, 1.0, kk_c_left); }, zero(kk_c_left));
  const RightDense kk_b_right(b.data(), coo.cols, Columns);
  RightDense kk_c_right("kk_c_right", rows, Columns);
  const double kk_right_ms = time([&] { KokkosSparse::spmv("N", 1.0, kk, kk_b_right, 1.0, kk_c_right); }, zero(kk_c_right));
  Dense c_kk_left("c_kk_left", rows, Columns), c_kk_right("c_kk_right", rows, Columns);
  Kokkos::deep_copy(c_kk_left, kk_c_left);
  Kokkos::deep_copy(c_kk_right, kk_c_right);
  results.push_back(c_kk_left);
  results.push_back(c_kk_right);
#endif

  // Every result against the RangePolicy one, relative to the largest |C|.
  const auto reference = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), c_range);
  double max_diff = 0, max_value = 0;
  for (const Dense& result : results)
    max_diff = std::fmax(max_diff, max_abs_difference(Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), result), reference));
  for (size_t i = 0; i < reference.extent(0); ++i)
    for (int j = 0; j < Columns; ++j) max_value = std::fmax(max_value, std::fabs(reference(i, j)));
  const bool same = max_diff <= 1e-9 * std::fmax(max_value, 1.0);
  std::printf("spmm_lapis_ms %.4f\n", lapis_ms);
  std::printf("spmm_lapis_in_place_ms %.4f\n", lapis_in_place_ms);
  std::printf("spmm_hand_range_ms %.4f\n", range_ms);
  std::printf("spmm_hand_team_ms %.4f\n", team_ms);
#ifdef LAPIS_BENCH_KOKKOS_KERNELS
  std::printf("spmm_kokkos_kernels_left_ms %.4f\n", kk_left_ms);
  std::printf("spmm_kokkos_kernels_right_ms %.4f\n", kk_right_ms);
#endif
  std::printf("spmm_16_spmv_ms %.4f\n", spmvs_ms);
  std::printf("check %s (max |result - hand-written RangePolicy| = %g, max |C| = %g)\n", same ? "PASS" : "FAIL", max_diff, max_value);
  return same ? 0 : 1;
}

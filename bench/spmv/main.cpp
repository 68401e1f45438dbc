// SpMV benchmark driver: y = y + A x on a Matrix Market matrix, 50 times after a warm-up, with
// (1) the Lapis translation of spmv_csr.mlir and (2) a hand-written Kokkos CSR SpMV (RangePolicy
// over rows, one thread per row, in place; also timed with a fresh output holding a copy of y,
// as the generated function returns), on the same CSR storage built by lapis::read_matrix_market
// + lapis::make_csr. Also the Lapis translation with the CSR row mapping fixed to row blocks or
// to the nonzero split (spmv_rows_in_place / spmv_split_in_place; the others choose at run time),
// the Lapis translation on 32-bit positions and coordinates (spmv_i32_in_place, a copy of the matrix
// built by lapis::make_csr<double, int32_t, int32_t>), and, when built with LAPIS_BENCH_KOKKOS_KERNELS, KokkosSparse::spmv of Kokkos Kernels on the
// same matrix (int ordinals and offsets). Prints the mean time of one SpMV for each, y[0] (MLIR's
// bench main prints it too) and whether the results agree.
// Usage: spmv_bench A.mtx|laplace3d:N [--kokkos-threads=N]; laplace3d:N builds the 7-point Laplacian of
// laplace3d_mtx.cpp in memory (the 200^3 file is 1.4 GB: reading it took longer than the runs).
#include <Kokkos_Core.hpp>
#include <cmath>
#include <cstdio>
#include <string>

#include "spmv_csr.hpp"
#include "bench_common.hpp"

namespace {

constexpr int Repetitions = 50;  // run.ps1 divides MLIR's time of 50 SpMVs by the same count

using bench::Csr;
using bench::hand_written_spmv;
using Vector = spmv_csr::DeviceView<double*>;

template <class Step, class Reset>
double milliseconds_per_call(Step step, Reset reset) {
  return bench::milliseconds_per_call(Repetitions, step, reset);
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s A.mtx|laplace3d:N [Kokkos options]\n", argv[0]);
    return 2;
  }
  const std::string source = argv[1];
  const auto coo = bench::load_matrix(source);
  const Csr a = lapis::make_csr(coo);
  const auto a32 = lapis::make_csr<double, int32_t, int32_t>(coo);
  const int64_t rows = coo.rows;
  std::printf("matrix %lld rows, %lld nonzeros, %d threads\n", static_cast<long long>(rows),
              static_cast<long long>(coo.nonzeros()), Kokkos::DefaultExecutionSpace().concurrency());

  Vector x("x", rows);
  Kokkos::deep_copy(x, 1.0);

  // The same sequence as MLIR's bench main: y_{k+1} = spmv(A, x, y_k) from y_0 = 0, 50 times.
  Vector y_lapis("y_lapis", rows);
  const double lapis_ms = milliseconds_per_call([&] { y_lapis = spmv_csr::spmv(a, x, y_lapis); },
                                                [&] { Kokkos::deep_copy(y_lapis, 0.0); });
  Vector y_in_place("y_in_place", rows);
  const double lapis_in_place_ms = milliseconds_per_call([&] { y_in_place = spmv_csr::spmv_in_place(a, x, y_in_place); },
                                                         [&] { Kokkos::deep_copy(y_in_place, 0.0); });
  Vector y_rows("y_rows", rows);
  const double lapis_rows_ms = milliseconds_per_call([&] { y_rows = spmv_csr::spmv_rows_in_place(a, x, y_rows); },
                                                     [&] { Kokkos::deep_copy(y_rows, 0.0); });
  Vector y_split("y_split", rows);
  const double lapis_split_ms = milliseconds_per_call([&] { y_split = spmv_csr::spmv_split_in_place(a, x, y_split); },
                                                      [&] { Kokkos::deep_copy(y_split, 0.0); });
  Vector y_i32("y_i32", rows);
  const double lapis_i32_ms = milliseconds_per_call([&] { y_i32 = spmv_csr::spmv_i32_in_place(a32, x, y_i32); },
                                                    [&] { Kokkos::deep_copy(y_i32, 0.0); });
  Vector y_hand("y_hand", rows);
  const double hand_ms = milliseconds_per_call([&] { hand_written_spmv(a, x, y_hand); },
                                               [&] { Kokkos::deep_copy(y_hand, 0.0); });

  // The hand-written kernel with the generated function's calling convention (a fresh output
  // View holding a copy of y), to tell the kernel's time from that of the copy.
  Vector y_copy("y_copy", rows);
  const double hand_copy_ms = milliseconds_per_call(
      [&] {
        Vector out(Kokkos::view_alloc(Kokkos::WithoutInitializing, "out"), rows);
        Kokkos::deep_copy(out, y_copy);
        hand_written_spmv(a, x, out);
        y_copy = out;
      },
      [&] { Kokkos::deep_copy(y_copy, 0.0); });

#ifdef LAPIS_BENCH_KOKKOS_KERNELS
  // Kokkos Kernels (int ordinals and offsets), y = 1 * A x + 1 * y.
  const bench::KkMatrix kk = bench::kokkos_kernels_matrix(a);
  Kokkos::View<double*> kk_x("kk_x", rows), y_kk("y_kk", rows);
  Kokkos::deep_copy(kk_x, 1.0);
  const double kk_ms = milliseconds_per_call([&] { KokkosSparse::spmv("N", 1.0, kk, kk_x, 1.0, y_kk); },
                                             [&] { Kokkos::deep_copy(y_kk, 0.0); });
  auto kk_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), y_kk);
  // The same two SpMVs interleaved (rounds of 10 calls each, one after the other), so that a noisy machine
  // slows both alike: the median of the per-round ratios, and each one's median round.
  // Outputs of their own: y_i32 and y_kk are checked below.
  Vector y_i32_rounds("y_i32_rounds", rows);
  Kokkos::View<double*> y_kk_rounds("y_kk_rounds", rows);
  const bench::Interleaved rounds = bench::interleaved(
      15, 10, [&] { y_i32_rounds = spmv_csr::spmv_i32_in_place(a32, x, y_i32_rounds); },
      [&] { KokkosSparse::spmv("N", 1.0, kk, kk_x, 1.0, y_kk_rounds); });
#endif
  auto rows_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), y_rows);
  auto split_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), y_split);
  auto lapis_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), y_lapis);
  auto i32_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), y_i32);
  auto in_place_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), y_in_place);
  auto hand_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), y_hand);
  double max_diff = 0, max_value = 0;
  for (int64_t i = 0; i < rows; ++i) {
    max_diff = std::fmax(max_diff, std::fabs(lapis_host(i) - hand_host(i)));
    max_diff = std::fmax(max_diff, std::fabs(in_place_host(i) - hand_host(i)));
    max_diff = std::fmax(max_diff, std::fabs(rows_host(i) - hand_host(i)));
    max_diff = std::fmax(max_diff, std::fabs(split_host(i) - hand_host(i)));
    max_diff = std::fmax(max_diff, std::fabs(i32_host(i) - hand_host(i)));
#ifdef LAPIS_BENCH_KOKKOS_KERNELS
    max_diff = std::fmax(max_diff, std::fabs(kk_host(i) - hand_host(i)));
#endif
    max_value = std::fmax(max_value, std::fabs(hand_host(i)));
  }
  // The nonzero split and Kokkos Kernels sum a row in a different order: a few ulps of the largest |y|.
  const bool same = max_diff <= 1e-9 * std::fmax(max_value, 1.0);
  std::printf("lapis_ms %.4f\n", lapis_ms);
  std::printf("lapis_in_place_ms %.4f\n", lapis_in_place_ms);
  std::printf("lapis_rows_ms %.4f\n", lapis_rows_ms);
  std::printf("lapis_split_ms %.4f\n", lapis_split_ms);
  std::printf("lapis_i32_ms %.4f\n", lapis_i32_ms);
#ifdef LAPIS_BENCH_KOKKOS_KERNELS
  std::printf("kokkos_kernels_ms %.4f\n", kk_ms);
  std::printf("interleaved_lapis_i32_ms %.4f\n", rounds.first_ms);
  std::printf("interleaved_kokkos_kernels_ms %.4f\n", rounds.second_ms);
  std::printf("interleaved_kokkos_kernels_over_lapis_i32 %.4f\n", rounds.second_over_first);
#endif
  std::printf("hand_written_ms %.4f\n", hand_ms);
  std::printf("hand_written_fresh_output_ms %.4f\n", hand_copy_ms);
  std::printf("y0 %.17g\n", hand_host(0));
  std::printf("check %s (max |lapis - hand-written| = %g, max |y| = %g)\n", same ? "PASS" : "FAIL", max_diff, max_value);
  return same ? 0 : 1;
}

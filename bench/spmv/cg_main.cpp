// CG benchmark driver: a fixed number of conjugate-gradient iterations (no convergence test) for
// A x = b, b = 1, from x = 0, on the CSR storage of the SpMV driver (bench_common.hpp), with
// (1) the Lapis translation of cg.mlir (the whole solver: loop, SpMV, dots, axpys) and (2) a
// hand-written Kokkos CG of the same algorithm (a RangePolicy SpMV, parallel_reduce dots, the x
// and r updates fused with the r . r reduction, p = r + beta p). Each solver runs once to warm
// up, then Solves times; prints the mean time of one solve, iterations per second, the true
// residual of both answers and whether they agree (relative 1e-9).
// Usage: cg_bench A.mtx|laplace3d:N [iterations = 100] [--kokkos-threads=N]
#include <Kokkos_Core.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cg.hpp"
#include "bench_common.hpp"

namespace {

constexpr int Solves = 3;

// The generated module's global buffers (cg.mlir's constants), between Kokkos' initialize and finalize.
struct CgModule {
  CgModule() { cg::initialize(); }
  ~CgModule() { cg::finalize(); }
  CgModule(const CgModule&) = delete;
  CgModule& operator=(const CgModule&) = delete;
};

using bench::Csr;
using bench::RowPolicy;
using bench::Vector;

double dot(const Vector& u, const Vector& v) {
  double sum = 0;
  Kokkos::parallel_reduce("hand_written_cg::dot", RowPolicy(0, u.extent(0)), KOKKOS_LAMBDA(const int64_t i, double& acc) { acc += u(i) * v(i); }, sum);
  return sum;
}

// What a Kokkos developer writes for CG with a fixed iteration count.
Vector hand_written_cg(const Csr& a, const Vector& b, int64_t iterations) {
  const int64_t n = b.extent(0);
  Vector x("x", n);
  Vector r(Kokkos::view_alloc(Kokkos::WithoutInitializing, "r"), n);
  Vector p(Kokkos::view_alloc(Kokkos::WithoutInitializing, "p"), n);
  Vector ap(Kokkos::view_alloc(Kokkos::WithoutInitializing, "ap"), n);
  Kokkos::deep_copy(r, b);
  Kokkos::deep_copy(p, b);
  double rr = dot(r, r);
  const auto row_ptr = a.positions[1];
  const auto col_idx = a.coordinates[1];
  const auto values = a.values;
  for (int64_t k = 0; k < iterations; ++k) {
    Kokkos::parallel_for("hand_written_cg::spmv", RowPolicy(0, n), KOKKOS_LAMBDA(const int64_t i) {
      double sum = 0;
      for (int64_t e = row_ptr(i); e < row_ptr(i + 1); ++e) sum += values(e) * p(col_idx(e));
      ap(i) = sum;
    });
    const double alpha = rr / dot(p, ap);
    double rr_next = 0;
    Kokkos::parallel_reduce("hand_written_cg::update", RowPolicy(0, n), KOKKOS_LAMBDA(const int64_t i, double& acc) {
      x(i) += alpha * p(i);
      const double ri = r(i) - alpha * ap(i);
      r(i) = ri;
      acc += ri * ri;
    }, rr_next);
    const double beta = rr_next / rr;
    Kokkos::parallel_for("hand_written_cg::direction", RowPolicy(0, n), KOKKOS_LAMBDA(const int64_t i) { p(i) = r(i) + beta * p(i); });
    rr = rr_next;
  }
  return x;
}

// ||b - A x|| / ||b||, with the hand-written SpMV.
double relative_residual(const Csr& a, const Vector& x, const Vector& b) {
  Vector minus_r("minus_r", b.extent(0));
  Kokkos::parallel_for("negate_b", RowPolicy(0, b.extent(0)), KOKKOS_LAMBDA(const int64_t i) { minus_r(i) = -b(i); });
  bench::hand_written_spmv(a, x, minus_r);
  return std::sqrt(dot(minus_r, minus_r) / dot(b, b));
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  const CgModule module;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s A.mtx|laplace3d:N [iterations] [Kokkos options]\n", argv[0]);
    return 2;
  }
  const int64_t iterations = argc > 2 ? std::atoll(argv[2]) : 100;
  const auto coo = bench::load_matrix(argv[1]);
  const Csr a = lapis::make_csr(coo);
  const int64_t rows = coo.rows;
  std::printf("matrix %lld rows, %lld nonzeros, %lld CG iterations, %d threads\n", static_cast<long long>(rows),
              static_cast<long long>(coo.nonzeros()), static_cast<long long>(iterations), Kokkos::DefaultExecutionSpace().concurrency());

  Vector b("b", rows);
  Kokkos::deep_copy(b, 1.0);
  Vector x_lapis, x_hand;
  const auto nothing = [] {};
  const double lapis_ms = bench::milliseconds_per_call(Solves, [&] { x_lapis = cg::cg(a, b, iterations); }, nothing);
  const double hand_ms = bench::milliseconds_per_call(Solves, [&] { x_hand = hand_written_cg(a, b, iterations); }, nothing);

  Vector difference("difference", rows);
  Kokkos::parallel_for("difference", RowPolicy(0, rows), KOKKOS_LAMBDA(const int64_t i) { difference(i) = x_lapis(i) - x_hand(i); });
  const double relative_difference = std::sqrt(dot(difference, difference) / dot(x_hand, x_hand));
  const bool same = relative_difference <= 1e-9;
  std::printf("cg_lapis_ms %.4f\n", lapis_ms);
  std::printf("cg_hand_ms %.4f\n", hand_ms);
  std::printf("cg_lapis_iterations_per_s %.2f\n", 1000.0 * iterations / lapis_ms);
  std::printf("cg_hand_iterations_per_s %.2f\n", 1000.0 * iterations / hand_ms);
  std::printf("residual lapis %.3e, hand-written %.3e (||b - A x|| / ||b|| after %lld iterations)\n", relative_residual(a, x_lapis, b),
              relative_residual(a, x_hand, b), static_cast<long long>(iterations));
  std::printf("check %s (||x_lapis - x_hand|| / ||x_hand|| = %.3e)\n", same ? "PASS" : "FAIL", relative_difference);
  return same ? 0 : 1;
}

// Conjugate gradients for A x = b, A the 7-point Laplacian of an n x n x n grid (laplacian.hpp),
// with every SpMV, dot product and vector update done by the kernels Lapis generated from
// csr_spmv.mlir and blas1.mlir. The answer is then checked independently of them: the true
// residual ||b - A x|| / ||b|| with a hand-written Kokkos SpMV, and the error against the
// x_true that b was made from.
//
//   cg_laplacian [n = 40] [max iterations = 10 n + 100] [x file]
//
// With a third argument, the solution x is written there as n^3 raw doubles (what the MPI
// example's test compares its distributed solution with).
//
// Exit code: 0 when CG reached ||r|| / ||b|| < 1e-10 and the true residual is below 1e-8,
// 1 when CG did not converge within the iteration limit, 2 when the true residual disagrees,
// 3 when the x file cannot be written.
#include <lapis/sparse.hpp>  // also embedded in csr_spmv.hpp: include guards make both fine in one TU

#include "blas1.hpp"     // generated: blas1::dot, blas1::axpy, blas1::xpby
#include "csr_spmv.hpp"  // generated: csr_spmv::spmv
#include "laplacian.hpp"
#include "reference.hpp"  // x_true, the hand-written SpMV and norms the answer is checked with

#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace {

using Vector = blas1::DeviceView<double*>;
using Policy = reference::Policy;
using reference::distance;

constexpr double tolerance = 1e-10;        // CG stops at ||r|| / ||b|| < tolerance
constexpr double true_residual_limit = 1e-8;

}  // namespace

int main(int argc, char* argv[]) {
  Kokkos::initialize(argc, argv);  // removes the --kokkos-* arguments
  int status = 0;
  {
    const int64_t n = argc > 1 ? std::atoll(argv[1]) : 40;
    const int64_t max_iterations = argc > 2 ? std::atoll(argv[2]) : 10 * n + 100;
    // 32-bit row pointers: at most 2^31 - 1 nonzeros (n <= 668).
    if (n < 2 || laplacian::count_nonzeros(n) > std::numeric_limits<int32_t>::max() || max_iterations < 1) {
      std::fprintf(stderr, "usage: cg_laplacian [n, 2..668] [max iterations >= 1] [x file]\n");
      status = 64;
    } else {
      const laplacian::Matrix A = laplacian::build(n);
      std::printf("grid %lld^3: %lld unknowns, %lld nonzeros (CSR, int32 indices), %s\n", static_cast<long long>(n),
                  static_cast<long long>(A.rows), static_cast<long long>(A.nonzeros), Kokkos::DefaultExecutionSpace::name());

      // b = A x_true for a known pseudo-random x_true.
      Vector x_true(Kokkos::view_alloc(Kokkos::WithoutInitializing, "x_true"), A.rows);
      Kokkos::parallel_for("x_true", Policy(0, A.rows), KOKKOS_LAMBDA(const int64_t i) { x_true(i) = reference::pseudo_random(i); });
      Vector b(Kokkos::view_alloc(Kokkos::WithoutInitializing, "b"), A.rows);
      reference::spmv(A, x_true, b);

      // CG from x = 0, only generated kernels. axpy and xpby update their last argument in
      // place (blas1.mlir marks it writable), so r and p are copies of b, not b itself.
      Vector zero("zero", A.rows);  // the y of y + A p
      Vector x("x", A.rows);
      Vector r(Kokkos::view_alloc(Kokkos::WithoutInitializing, "r"), A.rows);
      Vector p(Kokkos::view_alloc(Kokkos::WithoutInitializing, "p"), A.rows);
      Kokkos::deep_copy(r, b);
      Kokkos::deep_copy(p, b);
      double rr = blas1::dot(r, r);
      const double bb = rr;
      int64_t iterations = 0;
      Kokkos::fence();
      Kokkos::Timer timer;
      while (iterations < max_iterations && std::sqrt(rr / bb) >= tolerance) {
        Vector Ap = csr_spmv::spmv(A.csr, p, zero);
        const double alpha = rr / blas1::dot(p, Ap);
        x = blas1::axpy(alpha, p, x);
        r = blas1::axpy(-alpha, Ap, r);
        const double rr_next = blas1::dot(r, r);
        p = blas1::xpby(r, rr_next / rr, p);
        rr = rr_next;
        ++iterations;
      }
      Kokkos::fence();
      const double seconds = timer.seconds();
      const bool converged = std::sqrt(rr / bb) < tolerance;

      // The independent check.
      const double true_residual = reference::residual_norm(A, x, b) / distance(b, Vector());
      const double error = distance(x, x_true) / distance(x_true, Vector());

      std::printf("%s after %lld iterations (tolerance %.0e)\n", converged ? "converged" : "NOT CONVERGED",
                  static_cast<long long>(iterations), tolerance);
      std::printf("iterations: %lld\n", static_cast<long long>(iterations));
      std::printf("recursive residual ||r|| / ||b||: %.3e\n", std::sqrt(rr / bb));
      std::printf("true residual ||b - A x|| / ||b||: %.3e\n", true_residual);
      std::printf("error ||x - x_true|| / ||x_true||: %.3e\n", error);
      std::printf("time per iteration: %.3f ms (%.3f s in total)\n", iterations ? 1e3 * seconds / iterations : 0.0, seconds);
      if (argc > 3 && !reference::write_vector(argv[3], x)) {
        std::fprintf(stderr, "cannot write %s\n", argv[3]);
        status = 3;
      } else if (!converged) {
        status = 1;
      } else if (!(true_residual < true_residual_limit)) {
        std::printf("the true residual is not below %.0e\n", true_residual_limit);
        status = 2;
      }
    }
  }
  Kokkos::finalize();
  return status;
}

// Distributed conjugate gradients for A x = b, A the 7-point Laplacian of an n x n x n grid, with
// MPI between ranks and, on each rank, the kernels Lapis generated from csr_spmv_add.mlir (the
// SpMV of a row block, accumulating in place) and ../cg_laplacian/blas1.mlir. The grid is cut into slabs of z-planes (slab.hpp);
// each rank builds its local CSR block on the device, exchanges the ghost planes its rows
// reference with its neighbours (halo.hpp) and reduces the dot products' local results with
// MPI_Allreduce. The SpMV of the rows that need no ghost value runs while the halo is in flight,
// the boundary rows' after it has arrived.
//
// The answer is checked independently of the partition, the halo and the generated kernels:
// rank 0 gathers x and computes the true residual ||b - A x|| / ||b|| on the global matrix of
// ../cg_laplacian/laplacian.hpp with a hand-written SpMV, and the error against x_true.
//
//   mpirun -np P cg_mpi [n = 40] [max iterations = 10 n + 100] [--write-x FILE] [--halo-staged] [--no-overlap]
//
//   --write-x FILE  rank 0 writes the solution there as n^3 raw doubles, in global order
//   --halo-staged   copy the halo through host buffers even when MPI can use the Views' memory
//   --no-overlap    wait for the halo before the interior SpMV (to measure what overlap gains)
//
// Exit code (the same on every rank): 0 when CG reached ||r|| / ||b|| < 1e-10 and the true
// residual is below 1e-8, 1 when CG did not converge within the iteration limit, 2 when the true
// residual disagrees, 3 when the x file cannot be written, 64 for bad arguments.
//
// Built with -DCG_MPI_SKIP_HALO (the CMake option CG_MPI_NEGATIVE_CONTROL), the exchange is left
// out: the ghost entries stay zero, the ranks solve decoupled problems, and the check must fail.
#include <lapis/sparse.hpp>  // also embedded in the generated headers: include guards make both fine

#include "blas1.hpp"      // generated: blas1::dot, blas1::axpy, blas1::xpby
#include "csr_spmv_add.hpp"  // generated: csr_spmv_add::spmv_add (y += A x in place)
#include "halo.hpp"
#include "laplacian.hpp"  // the global matrix, for the check
#include "reference.hpp"  // x_true, the hand-written SpMV and norms
#include "slab.hpp"

#include <Kokkos_Core.hpp>
#include <mpi.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

namespace {

using Vector = blas1::DeviceView<double*>;
using Policy = reference::Policy;

constexpr double tolerance = 1e-10;  // CG stops at ||r|| / ||b|| < tolerance
constexpr double true_residual_limit = 1e-8;

struct Options {
  int64_t n = 40;
  int64_t max_iterations = 0;
  const char* x_file = nullptr;
  bool staged = false;
  bool overlap = true;
};

bool parse(int argc, char* argv[], Options& o) {
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--write-x") == 0 && i + 1 < argc) {
      o.x_file = argv[++i];
    } else if (std::strcmp(argv[i], "--halo-staged") == 0) {
      o.staged = true;
    } else if (std::strcmp(argv[i], "--no-overlap") == 0) {
      o.overlap = false;
    } else if (argv[i][0] != '-' && positional < 2) {
      (positional++ == 0 ? o.n : o.max_iterations) = std::atoll(argv[i]);
    } else {
      return false;
    }
  }
  if (positional < 2) o.max_iterations = 10 * o.n + 100;
  // 32-bit row pointers and column indices, as in the single-rank example.
  return o.n >= 2 && laplacian::count_nonzeros(o.n) <= std::numeric_limits<int32_t>::max() && o.max_iterations >= 1;
}

// The sum over all ranks of a rank's local value.
double all_sum(double local) {
  double global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return global;
}

double max_over_ranks(double local) {
  double global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return global;
}

// Rank 0 gets every rank's owned entries of x, in global order (the slabs are contiguous).
Vector gather(const slab::Partition& p, Vector x_owned, int rank, int ranks) {
  auto local = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), x_owned);
  std::vector<int> counts(ranks), displacements(ranks);
  for (int r = 0; r < ranks; ++r) {
    const slab::Partition q = slab::partition(p.n, r, ranks);
    counts[r] = static_cast<int>(q.owned);
    displacements[r] = static_cast<int>(q.row_offset);
  }
  Kokkos::View<double*, Kokkos::HostSpace> all("x_global_host", rank == 0 ? p.n * p.n * p.n : 0);
  MPI_Gatherv(local.data(), static_cast<int>(p.owned), MPI_DOUBLE, all.data(), counts.data(), displacements.data(), MPI_DOUBLE, 0,
              MPI_COMM_WORLD);
  Vector x("x_global", all.extent(0));
  Kokkos::deep_copy(x, all);
  return x;
}

int run(const Options& o, int rank, int ranks) {
  const slab::Partition p = slab::partition(o.n, rank, ranks);
  const int lower = p.has_lower ? rank - 1 : MPI_PROC_NULL;
  const int upper = p.has_upper ? rank + 1 : MPI_PROC_NULL;

  // The local matrix (to make b), and the same rows in three blocks: the first plane, the rows
  // that need no ghost value, the last plane (slab.hpp). Ap's rows in the same three ranges.
  const laplacian::Matrix A_local = slab::build(p, 0, p.owned);
  const auto lower_rows = std::make_pair(int64_t(0), p.interior_begin());
  const auto interior_rows = std::make_pair(p.interior_begin(), p.interior_end());
  const auto upper_rows = std::make_pair(p.interior_end(), p.owned);
  const laplacian::Matrix A_lower = slab::build(p, lower_rows.first, lower_rows.second);
  const laplacian::Matrix A_interior = slab::build(p, interior_rows.first, interior_rows.second);
  const laplacian::Matrix A_upper = slab::build(p, upper_rows.first, upper_rows.second);

  const halo::Support support = halo::detect();
  const bool staged = o.staged || !support.direct;
  halo::Exchange exchange(p, MPI_COMM_WORLD, lower, upper, staged);
  if (rank == 0) {
    std::printf("grid %lld^3: %lld unknowns, %lld nonzeros (CSR, int32 indices), %s\n", static_cast<long long>(o.n),
                static_cast<long long>(o.n * o.n * o.n), static_cast<long long>(laplacian::count_nonzeros(o.n)),
                Kokkos::DefaultExecutionSpace::name());
    std::printf("ranks: %d (slabs of %lld to %lld planes); halo %s; %s\n", ranks, static_cast<long long>(o.n / ranks),
                static_cast<long long>((o.n + ranks - 1) / ranks), staged && support.direct ? "host-staged (--halo-staged)" : support.reason,
                o.overlap ? "interior SpMV overlapped with the halo" : "no overlap (--no-overlap)");
#ifdef CG_MPI_SKIP_HALO
    std::printf("NEGATIVE CONTROL: built with CG_MPI_SKIP_HALO, the halo is never exchanged\n");
#endif
  }

  // b = A x_true: x_true is known everywhere (a function of the global index), ghosts included.
  Vector x_true_ext(Kokkos::view_alloc(Kokkos::WithoutInitializing, "x_true_ext"), p.owned + p.ghosts);
  Kokkos::parallel_for("x_true", Policy(0, p.owned + p.ghosts), KOKKOS_LAMBDA(const int64_t j) {
    x_true_ext(j) = reference::pseudo_random(p.global_column(j));
  });
  Vector b(Kokkos::view_alloc(Kokkos::WithoutInitializing, "b"), p.owned);
  reference::spmv(A_local, x_true_ext, b);

  // CG from x = 0 with the generated kernels. p_ext holds the search direction's owned entries
  // followed by its ghosts; p is its owned part (a subview: no copy).
  const auto owned = std::make_pair(int64_t(0), p.owned);
  Vector x("x", p.owned);
  Vector Ap(Kokkos::view_alloc(Kokkos::WithoutInitializing, "Ap"), p.owned);
  const Vector Ap_lower = Kokkos::subview(Ap, lower_rows);
  const Vector Ap_interior = Kokkos::subview(Ap, interior_rows);
  const Vector Ap_upper = Kokkos::subview(Ap, upper_rows);
  Vector r(Kokkos::view_alloc(Kokkos::WithoutInitializing, "r"), p.owned);
  Vector p_ext("p_ext", p.owned + p.ghosts);  // ghosts zero until the first exchange
  Vector p_owned = Kokkos::subview(p_ext, owned);
  Kokkos::deep_copy(r, b);
  Kokkos::deep_copy(p_owned, b);
  // y += A x for a row block, into its rows of Ap (no call for a block without rows).
  const auto spmv_add = [&](const laplacian::Matrix& A, const Vector& y) {
    if (A.rows > 0) csr_spmv_add::spmv_add(A.csr, p_ext, y);
  };
  double rr = all_sum(blas1::dot(r, r));
  const double bb = rr;
  int64_t iterations = 0;
  double halo_seconds = 0, allreduce_seconds = 0;
  Kokkos::fence();
  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  while (iterations < o.max_iterations && std::sqrt(rr / bb) >= tolerance) {
    // Ap = A p_ext: the interior rows (no ghost needed) while the halo travels, then the
    // boundary planes.
    Kokkos::deep_copy(Ap, 0.0);
    double t = MPI_Wtime();
#ifndef CG_MPI_SKIP_HALO
    exchange.start(p_ext);
    if (!o.overlap) exchange.finish();
#endif
    halo_seconds += MPI_Wtime() - t;
    spmv_add(A_interior, Ap_interior);
    t = MPI_Wtime();
#ifndef CG_MPI_SKIP_HALO
    if (o.overlap) exchange.finish();
#endif
    halo_seconds += MPI_Wtime() - t;
    spmv_add(A_lower, Ap_lower);
    spmv_add(A_upper, Ap_upper);

    const double pAp_local = blas1::dot(p_owned, Ap);
    t = MPI_Wtime();
    const double alpha = rr / all_sum(pAp_local);
    allreduce_seconds += MPI_Wtime() - t;
    blas1::axpy(alpha, p_owned, x);
    blas1::axpy(-alpha, Ap, r);
    const double rr_local = blas1::dot(r, r);
    t = MPI_Wtime();
    const double rr_next = all_sum(rr_local);
    allreduce_seconds += MPI_Wtime() - t;
    blas1::xpby(r, rr_next / rr, p_owned);  // in place: p_ext's owned entries
    rr = rr_next;
    ++iterations;
  }
  Kokkos::fence();
  const double seconds = max_over_ranks(MPI_Wtime() - start);
  halo_seconds = max_over_ranks(halo_seconds);
  allreduce_seconds = max_over_ranks(allreduce_seconds);
  const bool converged = std::sqrt(rr / bb) < tolerance;

  // The independent check, on rank 0: the global matrix and a hand-written SpMV.
  const Vector x_global = gather(p, x, rank, ranks);
  int status = 0;
  if (rank == 0) {
    const laplacian::Matrix A = laplacian::build(o.n);
    Vector x_true_global(Kokkos::view_alloc(Kokkos::WithoutInitializing, "x_true_global"), A.rows);
    Kokkos::parallel_for("x_true_global", Policy(0, A.rows), KOKKOS_LAMBDA(const int64_t i) { x_true_global(i) = reference::pseudo_random(i); });
    Vector b_global(Kokkos::view_alloc(Kokkos::WithoutInitializing, "b_global"), A.rows);
    reference::spmv(A, x_true_global, b_global);
    const double true_residual = reference::residual_norm(A, x_global, b_global) / reference::distance(b_global, Vector());
    const double error = reference::distance(x_global, x_true_global) / reference::distance(x_true_global, Vector());
    const auto per_iteration = [&](double s) { return iterations ? 1e3 * s / iterations : 0.0; };

    std::printf("%s after %lld iterations (tolerance %.0e)\n", converged ? "converged" : "NOT CONVERGED",
                static_cast<long long>(iterations), tolerance);
    std::printf("iterations: %lld\n", static_cast<long long>(iterations));
    std::printf("recursive residual ||r|| / ||b||: %.3e\n", std::sqrt(rr / bb));
    std::printf("true residual ||b - A x|| / ||b||: %.3e\n", true_residual);
    std::printf("error ||x - x_true|| / ||x_true||: %.3e\n", error);
    std::printf("time per iteration: %.3f ms (%.3f s in total)\n", per_iteration(seconds), seconds);
    std::printf("halo wait per iteration: %.3f ms\n", per_iteration(halo_seconds));
    std::printf("allreduce per iteration: %.3f ms\n", per_iteration(allreduce_seconds));
    if (o.x_file && !reference::write_vector(o.x_file, x_global)) {
      std::fprintf(stderr, "cannot write %s\n", o.x_file);
      status = 3;
    } else if (!converged) {
      status = 1;
    } else if (!(true_residual < true_residual_limit)) {
      std::printf("the true residual is not below %.0e\n", true_residual_limit);
      status = 2;
    }
  }
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return status;
}

}  // namespace

int main(int argc, char* argv[]) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  Kokkos::initialize(argc, argv);  // removes the --kokkos-* arguments
  int status = 0;
  {
    Options options;
    if (!parse(argc, argv, options) || options.n < ranks) {
      if (rank == 0)
        std::fprintf(stderr,
                     "usage: mpirun -np P cg_mpi [n, P..668] [max iterations >= 1] [--write-x FILE] [--halo-staged] [--no-overlap]\n");
      status = 64;
    } else {
      status = run(options, rank, ranks);
    }
  }
  Kokkos::finalize();
  MPI_Finalize();
  return status;
}

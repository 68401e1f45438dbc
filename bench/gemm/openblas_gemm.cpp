// Anchor for the GEMM benchmark: OpenBLAS sgemm/dgemm (C = A B, row-major, N x N), median of
// repeated calls after one warm-up. Usage: openblas_gemm <s|d> N reps  → prints "ms <median> gflops <rate>"
#include <cblas.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

template <class T, class Gemm>
static double median_ms(int n, int reps, Gemm gemm) {
  std::vector<T> a(size_t(n) * n), b(size_t(n) * n), c(size_t(n) * n);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (auto& x : a) x = T(u(rng));
  for (auto& x : b) x = T(u(rng));
  gemm(n, a.data(), b.data(), c.data());
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    gemm(n, a.data(), b.data(), c.data());
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

int main(int argc, char** argv) {
  if (argc != 4) { std::fprintf(stderr, "usage: %s <s|d> N reps\n", argv[0]); return 2; }
  const bool single = argv[1][0] == 's';
  const int n = std::atoi(argv[2]), reps = std::atoi(argv[3]);
  const double ms = single
      ? median_ms<float>(n, reps, [](int n, const float* a, const float* b, float* c) {
          cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n); })
      : median_ms<double>(n, reps, [](int n, const double* a, const double* b, double* c) {
          cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a, n, b, n, 0.0, c, n); });
  std::printf("ms %.4f gflops %.2f\n", ms, 2.0 * n * n * double(n) / (ms * 1e6));
  return 0;
}

// Race stress test for generated sparse kernels (Lapis.Tests/Execution/SparseCheckTests.cs).
// CSC SpMV scatters into y through row coordinates: with every column touching every row, any
// two threads updating y at once collide. Values are small integers, so every order of the
// additions gives the same double bit for bit: each run is compared bitwise with a serial loop.
// `safe` is Lapis' translation; `racy` the same kernel with every loop MLIR's sparsifier
// parallelized (--unsafe-sparse-parallelism), which the test expects this harness to catch.
// Lost updates need two threads running at once: the size and the repetitions are chosen so
// that happens even on a loaded 2-core machine, where the racy kernel's row blocks (hundreds
// of columns per team) otherwise finish before another thread gets a core.
#include <Kokkos_Core.hpp>

#include <cstdio>
#include <cstring>
#include <vector>

#include "racy_kernels.hpp"
#include "safe_kernels.hpp"

namespace {
template <class View>
bool bitwise_equal(const View& result, const std::vector<double>& expected) {
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), result);
  return host.extent(0) == expected.size() && std::memcmp(host.data(), expected.data(), expected.size() * sizeof(double)) == 0;
}
}  // namespace

int main(int argc, char* argv[]) {
  Kokkos::initialize(argc, argv);
  {
    const int64_t rows = 8, cols = 200000, repetitions = 200, racy_repetitions = 5000;
    lapis::CooMatrix<double> m;
    m.rows = rows;
    m.cols = cols;
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j) {
        m.row.push_back(i);
        m.col.push_back(j);
        m.values.push_back(double(1 + (3 * i + j) % 5));
      }
    std::vector<double> x_host(cols), expected(rows, 0.0);
    for (int64_t j = 0; j < cols; ++j) x_host[j] = double(1 + j % 3);
    for (size_t k = 0; k < m.values.size(); ++k) expected[m.row[k]] += m.values[k] * x_host[m.col[k]];

    auto csc = lapis::make_csc<double>(m);
    auto csr = lapis::make_csr<double>(m);
    Kokkos::View<double*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space> x("x", cols), y("y", rows);
    auto xh = Kokkos::create_mirror_view(x);
    for (int64_t j = 0; j < cols; ++j) xh(j) = x_host[j];
    Kokkos::deep_copy(x, xh);

    int safe_csc = 0, safe_csr = 0, racy_csc = 0;
    for (int64_t r = 0; r < repetitions; ++r) {
      safe_csc += !bitwise_equal(safe_kernels::spmv_csc(csc, x, y), expected);
      safe_csr += !bitwise_equal(safe_kernels::spmv_csr(csr, x, y), expected);
    }
    // The negative control: a race shows only when two threads hit the same y(i) at the same
    // moment, which a loaded machine makes rarer; run until it shows (or give up).
    int64_t racy_runs = 0;
    while (racy_csc == 0 && racy_runs < racy_repetitions) {
      racy_csc += !bitwise_equal(racy_kernels::spmv_csc(csc, x, y), expected);
      ++racy_runs;
    }
    std::printf("threads %d\n", Kokkos::DefaultExecutionSpace().concurrency());
    std::printf("safe-csc-mismatches %d\nsafe-csr-mismatches %d\nracy-csc-mismatches %d\nracy-runs %lld\n", safe_csc, safe_csr,
                racy_csc, static_cast<long long>(racy_runs));
  }
  Kokkos::finalize();
  return 0;
}

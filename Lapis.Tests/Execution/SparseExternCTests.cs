using Lapis.Tests.Support;
using Lapis.Translator.Check;

namespace Lapis.Tests.Execution;

/// <summary>
/// The extern "C" entries of sparse functions (pointer + length per storage buffer, level sizes)
/// give bit-for-bit what the C++ lapis::SparseTensor API gives (which SparseCheckTests compares
/// with MLIR), for a sparse argument (CSR SpMV, 32-bit positions) and a sparse result (CSR add).
/// </summary>
public sealed class SparseExternCTests
{
    [Test]
    public void SparseEntriesThroughTheCAbiMatchTheCppApi()
    {
        using var temp = new TempDirectory("lapis-sparse-c-abi-");
        var work = temp.Path;
        var modules = new (string Name, string Input)[]
        {
            ("spmv", Path.Combine(TestPaths.SharedInputs, "spmv_csr_i32.mlir")),
            ("outputs", Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "sparse", "sparse_outputs.mlir")),
        };
        SharedInputs.Require(modules.Select(m => m.Input).ToArray());
        foreach (var (name, input) in modules)
        {
            var r = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(work, name + ".cpp"), "--namespace", name);
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        }
        File.WriteAllText(Path.Combine(work, "driver.cpp"), Driver);
        var project = new KokkosProject(work, KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("sparse_c_abi", ["driver.cpp"]);
        project.Build();
        project.RunExecutable("sparse_c_abi");
    }

    private const string Driver = """
        #include "spmv.cpp"
        #include "outputs.cpp"
        #include <cstdio>
        #include <random>
        #include <vector>

        template <class T>
        std::vector<T> used(const Kokkos::View<T*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space>& v, int64_t n) {
          auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), Kokkos::subview(v, std::make_pair(int64_t(0), n)));
          return std::vector<T>(host.data(), host.data() + n);
        }

        template <class T>
        bool same(const std::vector<T>& a, const T* b, int64_t n, const char* what) {
          bool ok = static_cast<int64_t>(a.size()) == n;
          for (int64_t i = 0; ok && i < n; ++i) ok = a[i] == b[i];
          if (!ok) std::printf("MISMATCH %s\n", what);
          return ok;
        }

        lapis::CooMatrix<double> random_matrix(int64_t rows, int64_t cols, unsigned seed) {
          std::mt19937 rng(seed);
          std::uniform_real_distribution<double> value(-1.0, 1.0);
          lapis::CooMatrix<double> m;
          m.rows = rows;
          m.cols = cols;
          for (int64_t i = 0; i < rows; ++i)
            for (int64_t j = 0; j < cols; ++j)
              if (rng() % 5 == 0) { m.row.push_back(i); m.col.push_back(j); m.values.push_back(value(rng)); }
          return m;
        }

        int main() {
          // The C ABI initializes Kokkos itself, as it would for a C#/Fortran/Python caller.
          if (spmv_initialize(nullptr) != 0 || outputs_initialize(nullptr) != 0) return 2;
          bool ok = true;
          {
            const int64_t rows = 57, cols = 43;
            auto a = random_matrix(rows, cols, 7);
            auto b = random_matrix(rows, cols, 8);
            std::vector<double> x(cols), y(rows);
            for (int64_t j = 0; j < cols; ++j) x[j] = 0.25 * j - 3.0;
            for (int64_t i = 0; i < rows; ++i) y[i] = 1.0 / (i + 1);

            // SpMV: sparse argument with 32-bit positions and coordinates.
            auto a32 = lapis::make_csr<double, int32_t, int32_t>(a);
            auto pos = used(a32.positions[1], rows + 1);
            auto crd = used(a32.coordinates[1], a.nonzeros());
            auto val = used(a32.values, a.nonzeros());
            Kokkos::View<double*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space> xd("x", cols), yd("y", rows);
            Kokkos::deep_copy(xd, Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(x.data(), cols));
            Kokkos::deep_copy(yd, Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>(y.data(), rows));
            auto expected = used(spmv::spmv(a32, xd, yd), rows);

            int64_t levels[2] = {rows, cols};
            int64_t x_extents[1] = {cols}, y_extents[1] = {rows};
            double* result = nullptr;
            int64_t result_extents[1] = {0};
            ok &= spmv_spmv(pos.data(), rows + 1, crd.data(), a.nonzeros(), val.data(), a.nonzeros(), levels,
                            x.data(), x_extents, y.data(), y_extents, &result, result_extents) == 0;
            ok &= result_extents[0] == rows && same(expected, result, rows, "spmv result");
            spmv_free(result);

            // CSR add: sparse arguments and a sparse result (64-bit positions and coordinates).
            auto a64 = lapis::make_csr<double>(a);
            auto b64 = lapis::make_csr<double>(b);
            auto c = outputs::add_csr(a64, b64);
            auto c_pos = used(c.positions[1], c.sizes.positions_sizes[1]);
            auto c_crd = used(c.coordinates[1], c.sizes.coordinates_sizes[1]);
            auto c_val = used(c.values, c.sizes.values_size);

            auto ap = used(a64.positions[1], rows + 1), ac = used(a64.coordinates[1], a.nonzeros());
            auto bp = used(b64.positions[1], rows + 1), bc = used(b64.coordinates[1], b.nonzeros());
            auto av = used(a64.values, a.nonzeros()), bv = used(b64.values, b.nonzeros());
            int64_t *r_pos = nullptr, *r_crd = nullptr;
            double* r_val = nullptr;
            int64_t r_pos_size = 0, r_crd_size = 0, r_val_size = 0, r_levels[2] = {0, 0};
            ok &= outputs_add_csr(ap.data(), rows + 1, ac.data(), a.nonzeros(), av.data(), a.nonzeros(), levels,
                                  bp.data(), rows + 1, bc.data(), b.nonzeros(), bv.data(), b.nonzeros(), levels,
                                  &r_pos, &r_pos_size, &r_crd, &r_crd_size, &r_val, &r_val_size, r_levels) == 0;
            ok &= r_levels[0] == rows && r_levels[1] == cols;
            ok &= same(c_pos, r_pos, r_pos_size, "add positions") && same(c_crd, r_crd, r_crd_size, "add coordinates") &&
                  same(c_val, r_val, r_val_size, "add values");
            // The sum has at least as many entries as either operand, and fewer than both together.
            ok &= r_val_size >= a.nonzeros() && r_val_size <= a.nonzeros() + b.nonzeros();
            outputs_free(r_pos);
            outputs_free(r_crd);
            outputs_free(r_val);
          }
          outputs_finalize();
          spmv_finalize();
          std::printf(ok ? "OK\n" : "WRONG\n");
          return ok ? 0 : 1;
        }
        """;
}

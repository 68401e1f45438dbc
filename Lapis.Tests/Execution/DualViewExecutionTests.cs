using Lapis.Tests.Support;
using Lapis.Translator.Check;

namespace Lapis.Tests.Execution;

/// <summary>
/// DualView syncs cost nothing where host and device share memory: the golden case
/// <c>dual_view.mlir</c> (kernels and host loops crossing on an allocation, an argument and a
/// view, syncs inside a loop) is built against Kokkos 3.4 (OpenMP) with a driver that counts
/// every <c>Kokkos::deep_copy</c> through the Kokkos Tools callback while the functions run.
/// A deep_copy between two Views in the driver is the negative control (it must be counted).
/// Correctness of the same scheme is checked differentially by the execution kernels
/// <c>host_loop_*.mlir</c> (<see cref="CheckTests"/>).
/// </summary>
public sealed class DualViewExecutionTests
{
    private const string Driver = """
        #include "dual_view.hpp"

        #include <cstdio>
        #include <type_traits>

        static int copies = 0;

        static void count_copy(Kokkos_Profiling_SpaceHandle, const char*, const void*, Kokkos_Profiling_SpaceHandle, const char*, const void*, uint64_t) {
          ++copies;
        }

        int main(int argc, char* argv[]) {
          Kokkos::initialize(argc, argv);
          {
            dual_view::initialize();
            dual_view::DeviceView<double*> x("x", 1000);
            dual_view::DeviceView<float**> m("m", 4, 1000);
            Kokkos::deep_copy(x, 1.0);
            Kokkos::deep_copy(m, 2.0f);
            Kokkos::Tools::Experimental::set_begin_deep_copy_callback(count_copy);
            auto smoothed = dual_view::smooth(x);
            auto swept = dual_view::sweeps(m);
            Kokkos::fence();
            const int during = copies;
            Kokkos::View<double*> control("control", 1000);
            Kokkos::deep_copy(control, x);
            std::printf("shared memory: %d\n", std::is_same<Kokkos::DefaultExecutionSpace::memory_space, Kokkos::HostSpace>::value ? 1 : 0);
            std::printf("deep copies: %d\n", during);
            std::printf("control copies: %d\n", copies - during);
            std::printf("extents: %d %d\n", static_cast<int>(smoothed.extent(0)), static_cast<int>(swept.extent(0)));
            dual_view::finalize();
          }
          Kokkos::finalize();
          return 0;
        }
        """;

    [Test]
    public void DualViewSyncsCopyNothingWhereHostAndDeviceShareMemory()
    {
        using var temp = new TempDirectory("lapis-dual-view-");
        var work = temp.Path;
        var input = Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Golden", "cases", "dual_view.mlir");
        var r = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(work, "dual_view.cpp"));
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(File.ReadAllText(Path.Combine(work, "dual_view.cpp")), Does.Contain("sync_host()").And.Contain("sync_device()"));
        File.WriteAllText(Path.Combine(work, "driver.cpp"), Driver);

        var project = new KokkosProject(work, KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("dual_view", ["driver.cpp", "dual_view.cpp"]);
        project.Build();
        var output = project.RunExecutable("dual_view");
        TestContext.Out.WriteLine(output);

        Assert.That(output, Does.Contain("shared memory: 1"), "this test needs a build whose device memory is host memory (OpenMP/Serial)");
        Assert.That(output, Does.Contain("control copies: 1"), "the deep_copy counter does not work");
        Assert.That(output, Does.Contain("deep copies: 0"));
        Assert.That(output, Does.Contain("extents: 1000 1000"));
    }
}

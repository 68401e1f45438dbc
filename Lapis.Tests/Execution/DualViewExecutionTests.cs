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
/// <c>host_loop_*.mlir</c> (<see cref="CheckTests"/>, which translates with the sync checks).
/// The same build also runs the sync checks (<c>--check-syncs</c>: each use of a DualView first
/// checks that its side is up to date) on the translation as it is, and on translations with
/// one <c>kokkos.sync</c> erased (<c>--drop-sync N</c>), each of which must abort naming the
/// buffer, the side and the location of the use that the erased sync guarded.
/// </summary>
public sealed class DualViewExecutionTests
{
    /// <summary>
    /// One program for every translation (their sources are #included into one translation unit,
    /// which the generated code supports): the first argument names the namespace to run.
    /// </summary>
    private const string Driver = """
        #include <cstdio>
        #include <cstring>
        #include <type_traits>

        static int copies = 0;

        static void count_copy(Kokkos_Profiling_SpaceHandle, const char*, const void*, Kokkos_Profiling_SpaceHandle, const char*, const void*, uint64_t) {
          ++copies;
        }

        template <class Smooth, class Sweeps>
        void run(Smooth smooth, Sweeps sweeps) {
          dual_view::DeviceView<double*> x("x", 1000);
          dual_view::DeviceView<float**> m("m", 4, 1000);
          Kokkos::deep_copy(x, 1.0);
          Kokkos::deep_copy(m, 2.0f);
          Kokkos::Tools::Experimental::set_begin_deep_copy_callback(count_copy);
          auto smoothed = smooth(x);
          auto swept = sweeps(m);
          Kokkos::fence();
          const int during = copies;
          Kokkos::View<double*> control("control", 1000);
          Kokkos::deep_copy(control, x);
          Kokkos::Tools::Experimental::set_begin_deep_copy_callback(nullptr);
          std::printf("shared memory: %d\n", std::is_same<Kokkos::DefaultExecutionSpace::memory_space, Kokkos::HostSpace>::value ? 1 : 0);
          std::printf("deep copies: %d\n", during);
          std::printf("control copies: %d\n", copies - during);
          std::printf("extents: %d %d\n", static_cast<int>(smoothed.extent(0)), static_cast<int>(swept.extent(0)));
        }

        #define LAPIS_RUN(NS)                  \
          if (std::strcmp(which, #NS) == 0) {  \
            NS::initialize();                  \
            run(NS::smooth, NS::sweeps);       \
            NS::finalize();                    \
          }

        int main(int argc, char* argv[]) {
          const char* which = argc > 1 ? argv[1] : "";
          Kokkos::initialize(argc, argv);
          {
            RUNS
          }
          Kokkos::finalize();
          return 0;
        }
        """;

    /// <summary>
    /// Each erased sync (or modify) and the use whose check must then fail: the <c>sync_host</c>
    /// before smooth's host loop, the <c>sync_device</c> before its second kernel, in sweeps the
    /// <c>sync_host</c> before the host sweep inside the loop, and smooth's first <c>modify_device</c>.
    /// </summary>
    private static readonly (string Namespace, string Option, int Index, string Message)[] Dropped =
    [
        ("dropped_smooth_host", "--drop-sync", 0, "buf is used on the host at dual_view.mlir:25:3, but its host copy is stale (a sync_host is missing)"),
        ("dropped_smooth_device", "--drop-sync", 1, "buf is used on the device at dual_view.mlir:34:3, but its device copy is stale (a sync_device is missing)"),
        ("dropped_sweeps_host", "--drop-sync", 3, "m is used on the host at dual_view.mlir:64:5, but its host copy is stale (a sync_host is missing)"),
        // The modify_device after smooth's first kernel: the host loop must see the unmarked write.
        ("dropped_smooth_modify", "--drop-modify", 0, "buf is used on the host at dual_view.mlir:25:3, but the device wrote it at dual_view.mlir:19:3 without modify_device"),
    ];

    [Test]
    public void DualViewSyncsCopyNothingWhereHostAndDeviceShareMemoryAndPassTheirChecks()
    {
        using var temp = new TempDirectory("lapis-dual-view-");
        var work = temp.Path;
        var input = Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Golden", "cases", "dual_view.mlir");
        var plain = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(work, "dual_view.cpp"));
        Assert.That(plain.ExitCode, Is.Zero, plain.StdErr);
        Assert.That(File.ReadAllText(Path.Combine(work, "dual_view.cpp")), Does.Contain("sync_host()").And.Contain("sync_device()").And.Not.Contain("check_synced"));
        var checkedRun = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(work, "checked.cpp"), "--namespace", "checked", "--check-syncs");
        Assert.That(checkedRun.ExitCode, Is.Zero, checkedRun.StdErr);
        Assert.That(File.ReadAllText(Path.Combine(work, "checked.cpp")), Does.Contain("lapis_rt::check_synced(buf_sync, true, \"buf\", \"dual_view.mlir:25:3\");"));
        var targets = new List<string> { "dual_view", "checked" };
        foreach (var (ns, option, index, _) in Dropped)
        {
            var r = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(work, ns + ".cpp"), "--namespace", ns, "--check-syncs", option, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            targets.Add(ns);
        }
        // One translation unit: every generated source, then the driver.
        File.WriteAllText(Path.Combine(work, "all.cpp"),
            string.Concat(targets.Select(ns => $"#include \"{ns}.cpp\"\n")) + Driver.Replace("RUNS", string.Join("\n    ", targets.Select(ns => $"LAPIS_RUN({ns})"))));
        var project = new KokkosProject(work, KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("dual_view", ["all.cpp"]);
        project.Build();

        foreach (var target in new[] { "dual_view", "checked" })
        {
            var run = ProcessRunner.Run(Path.Combine(work, "build", "dual_view"), [target, "--kokkos-disable-warnings"], workingDirectory: work);
            Assert.That(run.ExitCode, Is.Zero, $"{target}: {run.StdOut}{run.StdErr}");
            var output = run.StdOut;
            TestContext.Out.WriteLine($"{target}:\n{output}");
            Assert.That(output, Does.Contain("shared memory: 1"), "this test needs a build whose device memory is host memory (OpenMP/Serial)");
            Assert.That(output, Does.Contain("control copies: 1"), "the deep_copy counter does not work");
            Assert.That(output, Does.Contain("deep copies: 0"));
            Assert.That(output, Does.Contain("extents: 1000 1000"));
        }
        foreach (var (ns, _, _, message) in Dropped)
        {
            var run = ProcessRunner.Run(Path.Combine(work, "build", "dual_view"), [ns, "--kokkos-disable-warnings"], workingDirectory: work);
            TestContext.Out.WriteLine($"{ns}: exit {run.ExitCode}\n{run.StdErr}");
            Assert.That(run.ExitCode, Is.Not.Zero, $"{ns}: the erased sync was not caught");
            Assert.That(run.StdErr, Does.Contain("lapis sync check: " + message), ns);
        }
    }
}

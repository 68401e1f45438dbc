using Lapis.Tests.Support;
using Lapis.Translator.Check;

namespace Lapis.Tests.Execution;

/// <summary>Generated modules coexist: several sources #included into one translation unit build and run.</summary>
public sealed class OneTranslationUnitTests
{
    [Test]
    public void ThreeModulesCompileAndRunInOneTranslationUnit()
    {
        using var temp = new TempDirectory("lapis-one-tu-");
        var work = temp.Path;
        var modules = new (string Name, string Input)[]
        {
            ("mlp", Path.Combine(TestPaths.RepoRoot, "examples", "demo", "mlp.mlir")),
            ("mala", Path.Combine(TestPaths.SharedInputs, "mala_forward.mlir")),
            ("softmax", Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "kernels", "softmax.mlir")),
        };
        SharedInputs.Require(modules.Select(m => m.Input).ToArray());
        foreach (var (name, input) in modules)
        {
            var r = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(work, name + ".cpp"), "--namespace", name);
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        }
        File.WriteAllText(Path.Combine(work, "all.cpp"), """
            #include "mlp.cpp"
            #include "mala.cpp"
            #include "softmax.cpp"
            #include <cstdio>

            int main(int argc, char* argv[]) {
              Kokkos::initialize(argc, argv);
              int status = 0;
              {
                mlp::initialize();
                mala::initialize();
                softmax::initialize();
                Kokkos::View<float**, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space> x("x", 5, 8);
                Kokkos::deep_copy(x, 0.5f);
                auto y = mlp::forward(x);
                Kokkos::View<float*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space> features("features", 91);
                auto energies = mala::forward(features);
                Kokkos::View<float**, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space> logits("logits", 64, 100);
                auto p = softmax::softmax(logits);
                auto p_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), p);
                // Softmax of equal logits is uniform.
                if (y.extent(0) != 5 || y.extent(1) != 4 || energies.extent(0) != 11 || p_host(3, 7) < 0.0099f || p_host(3, 7) > 0.0101f) status = 1;
                mlp::finalize();
                mala::finalize();
                softmax::finalize();
              }
              Kokkos::finalize();
              std::printf(status == 0 ? "OK\n" : "WRONG\n");
              return status;
            }
            """);
        var project = new KokkosProject(work, KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("one_tu", ["all.cpp"]);
        project.Build();
        project.RunExecutable("one_tu");
    }
}

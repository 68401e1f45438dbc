using System.Globalization;
using System.Text;
using Lapis.Tests.Support;

namespace Lapis.Tests.Integration;

/// <summary>
/// The installed CMake package as a Kokkos user consumes it: the root project is configured,
/// built and installed into a temporary prefix once; then separate projects call
/// <c>find_package(Lapis)</c> + <c>lapis_add_kernels</c> against that prefix.
/// </summary>
[NonParallelizable]
public sealed class CMakePackageTests
{
    private string _work = "";
    private string _prefix = "";

    private static string KokkosRoot =>
        Environment.GetEnvironmentVariable("LAPIS_KOKKOS_ROOT") is { Length: > 0 } env ? env : Path.Combine(TestPaths.RepoRoot, ".deps", "kokkos-3.4");

    private string LapisDir => Path.Combine(_prefix, "lib", "cmake", "Lapis");

    [OneTimeSetUp]
    public void InstallThePackage()
    {
        var published = Path.GetDirectoryName(Path.GetFullPath(TestPaths.LapisCli))!;
        if (!File.Exists(Path.Combine(published, "lapis.dll")))
            Assert.Fail($"the CLI is not published in {published}: run 'dotnet pwsh ./build.ps1 build' first");
        _work = Path.Combine(Path.GetTempPath(), "lapis-cmake-package-" + Guid.NewGuid().ToString("N"));
        _prefix = Path.Combine(_work, "prefix");
        var build = Path.Combine(_work, "lapis-build");
        CMake("configure Lapis", "-S", TestPaths.RepoRoot, "-B", build, "-DCMAKE_BUILD_TYPE=Release", $"-DLAPIS_PUBLISH_DIR={published}");
        CMake("build Lapis", "--build", build, "-j", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
        CMake("install Lapis", "--install", build, "--prefix", _prefix);
    }

    [OneTimeTearDown]
    public void RemoveTheWorkDirectory()
    {
        if (_work.Length > 0 && Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [Test]
    public void InstallLayoutHasTheLauncherTheCliAndTheConfig()
    {
        foreach (var file in new[]
                 {
                     "bin/lapis", "lib/libLapisMlirCApi.so", "lib/lapis/lapis", "lib/lapis/lapis.dll", "lib/lapis/libLapisMlirCApi.so",
                     "lib/cmake/Lapis/LapisConfig.cmake", "lib/cmake/Lapis/LapisConfigVersion.cmake", "lib/cmake/Lapis/LapisKernels.cmake",
                     "include/lapis/sparse.hpp",
                 })
            Assert.That(File.Exists(Path.Combine(_prefix, file)), Is.True, file);
        // <lapis/sparse.hpp> is the very runtime the translator embeds in generated headers.
        Assert.That(File.ReadAllText(Path.Combine(_prefix, "include", "lapis", "sparse.hpp")), Is.EqualTo(Lapis.Translator.Sparse.SparseRuntime.Header));
        var r = ProcessRunner.Run(Path.Combine(_prefix, "bin", "lapis"), ["--version"]);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut.Trim(), Does.StartWith("0.1.0"));
    }

    [Test]
    public void TheExampleConsumerBuildsAndItsKernelMatchesPlainCpp()
    {
        var build = Path.Combine(_work, "example-build");
        Configure(Path.Combine(TestPaths.RepoRoot, "examples", "cmake_consumer"), build);
        var output = Build(build);
        Assert.That(output, Does.Contain("Lapis: translating"));
        Assert.That(File.Exists(Path.Combine(build, "lapis", "dense_relu_app", "dense_relu.hpp")), Is.True);

        var run = ProcessRunner.Run(Path.Combine(build, "dense_relu_app"), ["--kokkos-disable-warnings"], workingDirectory: build);
        Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);
        Assert.That(run.StdOut, Does.Contain("OK"));
    }

    [Test]
    public void TheCSharpExampleCallsTheKernelThroughItsCAbiAndMatchesMlir()
    {
        var example = Path.Combine(TestPaths.RepoRoot, "examples", "csharp_pinvoke");
        var build = Path.Combine(_work, "csharp-build");
        Configure(example, build);
        Build(build);
        var library = Path.Combine(build, "libmlp_kernels.so");
        Assert.That(File.Exists(library), Is.True);

        // Seeded inputs for a batch of 5, and MLIR's own execution of the same module on them.
        using var context = Lapis.Translator.Load.ModuleLoader.CreateContext();
        using var module = Lapis.Translator.Load.ModuleLoader.Load(context, Path.Combine(TestPaths.RepoRoot, "examples", "demo", "mlp.mlir"));
        var entry = Lapis.Translator.Check.EntrySignature.Find(module, "forward", dynamicSize: 5);
        var input = new Lapis.Translator.Check.SeededRandom(11).Fill(Lapis.Translator.Check.ElementKind.F32, 40);
        var expected = Lapis.Translator.Check.ReferenceRunner.Run(module, entry, [input])[0].Data;
        var inputFile = Path.Combine(_work, "mlp-inputs.txt");
        File.WriteAllLines(inputFile, Enumerable.Range(0, 40).Select(i => BitConverter.ToSingle(input, 4 * i).ToString("R", CultureInfo.InvariantCulture)));

        var client = Path.Combine(_work, "csharp-client");
        var compile = ProcessRunner.Run("dotnet", ["build", Path.Combine(example, "MlpClient.csproj"), "-c", "Release", "-o", client, "-nologo", "-v", "q",
            $"-p:BaseIntermediateOutputPath={Path.Combine(_work, "csharp-obj")}{Path.DirectorySeparatorChar}"]);
        Assert.That(compile.ExitCode, Is.Zero, compile.StdOut + compile.StdErr);
        var run = ProcessRunner.Run("dotnet", [Path.Combine(client, "MlpClient.dll"), library, inputFile]);
        Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);
        // Kokkos itself may print warnings (e.g. about OMP_PROC_BIND) on stdout: keep the numbers.
        var ours = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => float.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? (float?)v : null)
            .Where(v => v is not null).Select(v => v!.Value).ToArray();
        var reference = Enumerable.Range(0, expected.Length / 4).Select(i => BitConverter.ToSingle(expected, 4 * i)).ToArray();
        Assert.That(reference, Has.Length.EqualTo(20));
        Assert.That(ours, Is.EqualTo(reference).Within(1e-5f));
    }

    [Test]
    public void ATranslationErrorFailsTheBuildWithItsLocation()
    {
        var source = Project("syntax-error", "broken.mlir", """
            func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
              %y = arith.addf %x, %x : tensor<4xf32
              return %y : tensor<4xf32>
            }
            """);
        var build = Path.Combine(_work, "syntax-error-build");
        Configure(source, build);
        var r = CMakeRun("--build", build);
        Assert.That(r.ExitCode, Is.Not.Zero, "the build should fail");
        Assert.That(r.StdOut + r.StdErr, Does.Match(@"broken\.mlir:2:\d+: error: "));
        Assert.That(File.Exists(Path.Combine(build, "app")), Is.False);
    }

    [Test]
    public void TouchingTheMlirRerunsTheTranslation()
    {
        // Only the translations are built (target app_lapis): no C++ compile needed.
        var source = Project("rerun", "scale.mlir", """
            func.func @scale(%x: tensor<?xf64>, %a: f64) -> tensor<?xf64> {
              %y = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
                  ins(%x : tensor<?xf64>) outs(%x : tensor<?xf64>) {
              ^bb0(%v: f64, %o: f64):
                %s = arith.mulf %v, %a : f64
                linalg.yield %s : f64
              } -> tensor<?xf64>
              return %y : tensor<?xf64>
            }
            """);
        var build = Path.Combine(_work, "rerun-build");
        Configure(source, build);
        var cpp = Path.Combine(build, "lapis", "app", "scale.cpp");

        Assert.That(Build(build, "app_lapis"), Does.Contain("Lapis: translating"));
        var first = File.GetLastWriteTimeUtc(cpp);

        Assert.That(Build(build, "app_lapis"), Does.Not.Contain("Lapis: translating"), "nothing changed: no translation");
        Assert.That(File.GetLastWriteTimeUtc(cpp), Is.EqualTo(first));

        var mlir = Path.Combine(source, "scale.mlir");
        File.SetLastWriteTimeUtc(mlir, (DateTime.UtcNow > first ? DateTime.UtcNow : first).AddSeconds(1));
        Assert.That(Build(build, "app_lapis"), Does.Contain("Lapis: translating"));
        Assert.That(File.GetLastWriteTimeUtc(cpp), Is.GreaterThan(first));
    }

    [Test]
    public void LargeConstantsGoToAWeightsFileNextToTheBinary()
    {
        // A 32x40 f32 weight (5 KiB > the 4 KiB inline limit), printed as MLIR hex data.
        var weights = new StringBuilder();
        for (var k = 0; k < 32; ++k)
            for (var j = 0; j < 40; ++j)
                weights.Append(Convert.ToHexString(BitConverter.GetBytes(Weight(k, j))));
        var source = Project("weights", "big_linear.mlir", $$"""
            func.func @forward(%x: tensor<?x32xf32>) -> tensor<?x40xf32> {
              %c0 = arith.constant 0 : index
              %zero = arith.constant 0.0 : f32
              %w = arith.constant dense<"0x{{weights}}"> : tensor<32x40xf32>
              %n = tensor.dim %x, %c0 : tensor<?x32xf32>
              %e = tensor.empty(%n) : tensor<?x40xf32>
              %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x40xf32>) -> tensor<?x40xf32>
              %y = linalg.matmul ins(%x, %w : tensor<?x32xf32>, tensor<32x40xf32>) outs(%z : tensor<?x40xf32>) -> tensor<?x40xf32>
              return %y : tensor<?x40xf32>
            }
            """, main: """
            #include "big_linear.hpp"
            #include <cmath>
            #include <cstdio>

            int main(int argc, char* argv[]) {
              Kokkos::initialize(argc, argv);
              int wrong = 0;
              {
                big_linear::initialize();  // reads ./big_linear.weights.bin
                Kokkos::View<float**, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space> x("x", 3, 32);
                auto xh = Kokkos::create_mirror_view(x);
                for (int i = 0; i < 3; ++i)
                  for (int k = 0; k < 32; ++k) xh(i, k) = float((i + k) % 5) - 2.0f;
                Kokkos::deep_copy(x, xh);
                auto y = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), big_linear::forward(x));
                for (int i = 0; i < 3; ++i)
                  for (int j = 0; j < 40; ++j) {
                    float expected = 0;
                    for (int k = 0; k < 32; ++k) expected += xh(i, k) * (float((k * 40 + j) % 17 - 8) / 8.0f);
                    if (std::fabs(y(i, j) - expected) > 1e-4f) ++wrong;
                  }
                big_linear::finalize();
              }
              Kokkos::finalize();
              std::printf(wrong ? "WRONG\n" : "OK\n");
              return wrong ? 1 : 0;
            }
            """);
        var build = Path.Combine(_work, "weights-build");
        Configure(source, build);
        Build(build);
        var copied = Path.Combine(build, "big_linear.weights.bin");
        Assert.That(File.Exists(copied), Is.True, "the weights file is copied next to the binary");
        Assert.That(new FileInfo(copied).Length, Is.EqualTo(32 * 40 * 4));

        var run = ProcessRunner.Run(Path.Combine(build, "app"), ["--kokkos-disable-warnings"], workingDirectory: build);
        Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);
        Assert.That(run.StdOut, Does.Contain("OK"));
    }

    [Test]
    public void TheMalaTimeSteppingExampleMatchesMlirAtDeviceAndTeamLevel()
    {
        SharedInputs.Require(SharedInputs.Path("mala_forward.mlir"), SharedInputs.Path("mala_forward_batch8748.mlir"));
        var build = Path.Combine(_work, "mala-timestep-build");
        Configure(Path.Combine(TestPaths.RepoRoot, "examples", "mala_timestep"), build, $"-DMALA_MODELS_DIR={TestPaths.SharedInputs}");
        Build(build);
        var header = File.ReadAllText(Path.Combine(build, "lapis", "mala_timestep", "mala_forward.hpp"));
        Assert.That(header, Does.Contain("constexpr std::size_t forward_team_scratch_bytes = 400;"));
        Assert.That(header, Does.Contain("KOKKOS_INLINE_FUNCTION void forward_team(const TeamMember& team, const TeamGlobals& globals, void* scratch, const Arg0& arg0, const Result0& result0)"));
        foreach (var weights in new[] { "mala_forward.weights.bin", "mala_forward_batch8748.weights.bin" })
            Assert.That(File.Exists(Path.Combine(build, weights)), Is.True, weights + " next to the executable");

        var dump = Path.Combine(_work, "mala-timestep-out");
        Directory.CreateDirectory(dump);
        var run = ProcessRunner.Run(Path.Combine(build, "mala_timestep"), [dump, "--kokkos-disable-warnings"], workingDirectory: build);
        Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);
        Assert.That(run.StdOut, Does.Contain("8748 cells, 3 steps"));

        // Every step, both paths against MLIR's own execution of the batched model on the same inputs.
        var batchModel = Path.Combine(TestPaths.SharedInputs, "mala_forward_batch8748.mlir");
        for (var step = 0; step < 3; step++)
            foreach (var path in new[] { "device", "team" })
            {
                var input = File.ReadAllBytes(Path.Combine(dump, $"{path}_in_{step}.bin"));
                var ours = File.ReadAllBytes(Path.Combine(dump, $"{path}_out_{step}.bin"));
                var (spec, reference) = RunMlir(batchModel, input);
                var comparison = Lapis.Translator.Check.OutputComparison.Compare(spec, reference, ours);
                Assert.That(comparison.Passed, Is.True, $"step {step}, {path} level: {comparison}");
                Assert.That(CountPositive(reference), Is.GreaterThan(spec.ElementCount / 10), "the model's outputs are not trivially zero");
            }

        // The team path also against the single-sample model it was compiled from, on a few cells of the last step.
        var teamIn = File.ReadAllBytes(Path.Combine(dump, "team_in_2.bin"));
        var teamOut = File.ReadAllBytes(Path.Combine(dump, "team_out_2.bin"));
        foreach (var cell in new[] { 0, 4373, 8747 })
        {
            var (spec, reference) = RunMlir(Path.Combine(TestPaths.SharedInputs, "mala_forward.mlir"), teamIn.AsSpan(cell * 91 * 4, 91 * 4).ToArray());
            var comparison = Lapis.Translator.Check.OutputComparison.Compare(spec, reference, teamOut.AsSpan(cell * 11 * 4, 11 * 4).ToArray());
            Assert.That(comparison.Passed, Is.True, $"cell {cell}: {comparison}");
        }
    }

    [Test]
    public void TheCgExampleSolvesThe3dLaplacianWithGeneratedKernels()
    {
        var build = CgLaplacianBuild();
        // main.cpp includes <lapis/sparse.hpp> and then csr_spmv.hpp, which embeds the same runtime.
        Assert.That(File.ReadAllText(Path.Combine(build, "lapis", "cg_laplacian", "csr_spmv.hpp")),
            Does.Contain("#ifndef LAPIS_SPARSE_RUNTIME_HPP").And.Contain("const lapis::SparseTensor<double, int32_t, int32_t, 2>&"));

        var iterations = new Dictionary<int, int>();
        foreach (var n in new[] { 20, 40 })
        {
            var run = RunCg(build, n.ToString(CultureInfo.InvariantCulture));
            Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);
            Assert.That(run.StdOut, Does.Contain($"grid {n}^3: {n * n * n} unknowns, {7 * n * n * n - 6 * n * n} nonzeros"));
            iterations[n] = (int)CgNumber(run.StdOut, "iterations");
            var residual = CgNumber(run.StdOut, "true residual ||b - A x|| / ||b||");
            var error = CgNumber(run.StdOut, "error ||x - x_true|| / ||x_true||");
            // CG stops at a recursive residual below 1e-10; the true residual (a hand-written SpMV)
            // drifts from it by about iterations * eps * cond(A) < 1e-11 here: 1e-9 leaves 10x margin.
            Assert.That(residual, Is.LessThan(1e-9), $"n = {n}");
            // ||x - x_true|| / ||x_true|| <= cond(A) ||b - A x|| / ||b|| for any x.
            var condition = LaplacianConditionNumber(n);
            Assert.That(error, Is.LessThanOrEqualTo(condition * residual * 1.000001), $"n = {n}");
            // CG's bound: ||r_k|| / ||b|| <= sqrt(cond) ||e_k||_A / ||e_0||_A <= 2 sqrt(cond) ((sqrt(cond) - 1) / (sqrt(cond) + 1))^k,
            // so k <= sqrt(cond) / 2 * ln(2 sqrt(cond) / 1e-10). From below: the 3-D Green's function
            // decays like 1/distance, so x depends on b across the grid, while the k-th iterate sees b only
            // within k grid steps; fewer iterations than the grid's width would be suspicious.
            var upper = Math.Ceiling(Math.Sqrt(condition) / 2 * Math.Log(2 * Math.Sqrt(condition) / 1e-10));
            Assert.That(iterations[n], Is.InRange(n, (int)upper), $"n = {n}");
        }
        // O(n) iterations: sqrt(cond(A)) grows like n.
        Assert.That((double)iterations[40] / iterations[20], Is.InRange(1.5, 2.5), $"{iterations[20]} then {iterations[40]} iterations");

        // The application and its generated kernels also compile against current Kokkos (5.2).
        var generated = Path.Combine(build, "lapis", "cg_laplacian");
        Kokkos5SyntaxCheck.AssertCompiles([generated, Path.Combine(_prefix, "include"), Path.Combine(TestPaths.RepoRoot, "examples", "cg_laplacian")],
            [Path.Combine(TestPaths.RepoRoot, "examples", "cg_laplacian", "main.cpp"), Path.Combine(generated, "csr_spmv.cpp"), Path.Combine(generated, "blas1.cpp")]);

        // Not converging within the iteration limit is a failure.
        var stopped = RunCg(build, "40", "5");
        Assert.That(stopped.ExitCode, Is.EqualTo(1), stopped.StdOut + stopped.StdErr);
        Assert.That(stopped.StdOut, Does.Contain("NOT CONVERGED after 5 iterations"));
    }

    [Test]
    public void TheMpiCgExampleGivesTheSingleRankSolutionOn1_2And4Ranks()
    {
        var mpirun = ProcessRunner.Bash("command -v mpirun && command -v mpicxx");
        if (mpirun.ExitCode != 0) Assert.Fail("Open MPI (mpirun, mpicxx) is not installed: run 'dotnet pwsh ./build.ps1 setup'");
        var example = Path.Combine(TestPaths.RepoRoot, "examples", "cg_mpi");
        var build = Path.Combine(_work, "cg-mpi-build");
        Configure(example, build, "-DCG_MPI_NEGATIVE_CONTROL=ON");
        Build(build);

        // The single-rank example's answer for a grid size: its iterations, true residual and x.
        var singleRank = new Dictionary<int, (int Iterations, double Residual, double[] X)>();
        (int Iterations, double Residual, double[] X) Single(int n)
        {
            if (!singleRank.TryGetValue(n, out var result))
            {
                var xFile = Path.Combine(_work, $"x-single-{n}.bin");
                var run = RunCg(CgLaplacianBuild(), n.ToString(CultureInfo.InvariantCulture), "10000", xFile);
                Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);
                result = ((int)CgNumber(run.StdOut, "iterations"), CgNumber(run.StdOut, "true residual ||b - A x|| / ||b||"), ReadDoubles(xFile));
                Assert.That(result.X, Has.Length.EqualTo(n * n * n));
                singleRank[n] = result;
            }
            return result;
        }
        // Two solutions with small residuals are close: A (x1 - x2) = r2 - r1 gives
        // ||x1 - x2|| <= ||A^-1|| (||r1|| + ||r2||), and ||x1|| >= (||b|| - ||r1||) / ||A||.
        double Bound(int n, double residual1, double residual2) => LaplacianConditionNumber(n) * (residual1 + residual2) / (1 - residual1);
        void AssertSameSolution(int n, string executable, int ranks, params string[] options)
        {
            var what = $"n = {n}: {executable} on {ranks} ranks {string.Join(' ', options)}";
            var single = Single(n);
            var xFile = Path.Combine(_work, $"x-{n}-{executable}-{ranks}{string.Concat(options)}.bin");
            var run = RunMpi(build, executable, ranks, [n.ToString(CultureInfo.InvariantCulture), "10000", "--write-x", xFile, .. options]);
            Assert.That(run.ExitCode, Is.Zero, what + "\n" + run.StdOut + run.StdErr);
            Assert.That(run.StdOut, Does.Contain($"ranks: {ranks} "), what);
            Assert.That((int)CgNumber(run.StdOut, "iterations"), Is.InRange(single.Iterations - 1, single.Iterations + 1), what);
            var residual = CgNumber(run.StdOut, "true residual ||b - A x|| / ||b||");
            Assert.That(RelativeDistance(ReadDoubles(xFile), single.X), Is.LessThanOrEqualTo(Bound(n, single.Residual, residual)), what);
        }

        // n = 17: 17 planes split 9/8 and 5/4/4/4, a prime matching no slab size.
        foreach (var ranks in new[] { 1, 2, 4 }) AssertSameSolution(17, "cg_mpi", ranks);
        // The host-staged halo (what a device build without device-aware MPI uses), and no overlap.
        AssertSameSolution(17, "cg_mpi", 4, "--halo-staged");
        AssertSameSolution(17, "cg_mpi", 2, "--no-overlap");
        // n = 5 on 4 ranks: slabs of 2, 1, 1, 1 planes, so no interior rows, and single-plane ranks
        // that send their one plane both ways.
        AssertSameSolution(5, "cg_mpi", 4);
        // The negative control only leaves out the exchange: on one rank there is none to leave out...
        AssertSameSolution(17, "cg_mpi_skip_halo", 1);
        // ...on two, the decoupled slabs converge to the wrong x, and the check must say so.
        var xWrong = Path.Combine(_work, "x-skip-halo-2.bin");
        var wrong = RunMpi(build, "cg_mpi_skip_halo", 2, ["17", "10000", "--write-x", xWrong]);
        Assert.That(wrong.StdOut, Does.Contain("NEGATIVE CONTROL"));
        Assert.That(wrong.ExitCode, Is.EqualTo(2), wrong.StdOut + wrong.StdErr);
        Assert.That(wrong.StdOut, Does.Contain("the true residual is not below 1e-08"));
        Assert.That(CgNumber(wrong.StdOut, "true residual ||b - A x|| / ||b||"), Is.GreaterThan(1e-8));
        // Farther from the right x than any x the check accepts (true residual below 1e-8) can be.
        Assert.That(RelativeDistance(ReadDoubles(xWrong), Single(17).X), Is.GreaterThan(Bound(17, Single(17).Residual, 1e-8)),
            "skipping the halo should change x");

        // The application also compiles against current Kokkos (5.2).
        var include = ProcessRunner.Run("mpicxx", ["--showme:incdirs"]);
        Assert.That(include.ExitCode, Is.Zero, include.StdErr);
        var generated = Path.Combine(build, "lapis", "cg_mpi_kernels");
        Kokkos5SyntaxCheck.AssertCompiles(
            [generated, Path.Combine(_prefix, "include"), Path.Combine(TestPaths.RepoRoot, "examples", "cg_laplacian"), .. include.StdOut.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            [Path.Combine(example, "main.cpp"), Path.Combine(generated, "csr_spmv_add.cpp")]);
    }

    private string? _cgLaplacianBuild;

    /// <summary>examples/cg_laplacian configured and built once, for the tests that run it.</summary>
    private string CgLaplacianBuild()
    {
        if (_cgLaplacianBuild is null)
        {
            var build = Path.Combine(_work, "cg-laplacian-build");
            Configure(Path.Combine(TestPaths.RepoRoot, "examples", "cg_laplacian"), build);
            Build(build);
            _cgLaplacianBuild = build;
        }
        return _cgLaplacianBuild;
    }

    private static ProcessResult RunCg(string build, params string[] args) =>
        ProcessRunner.Run(Path.Combine(build, "cg_laplacian"), [.. args, "--kokkos-disable-warnings"], workingDirectory: build);

    /// <summary>
    /// mpirun -np <paramref name="ranks"/>, oversubscribed (CI has 2 cores), one OpenMP thread per
    /// rank and unbound (else the ranks' threads fight over the cores), allowed as root (CI), and
    /// without shared memory's single-copy (CMA) path, which containers without ptrace rights refuse.
    /// </summary>
    private static ProcessResult RunMpi(string build, string executable, int ranks, string[] args) =>
        ProcessRunner.Run("env",
        [
            "OMP_NUM_THREADS=1", "OMP_PROC_BIND=false", "OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1",
            "OMPI_MCA_btl_vader_single_copy_mechanism=none", "mpirun", "--oversubscribe", "-np", ranks.ToString(CultureInfo.InvariantCulture), Path.Combine(build, executable),
            .. args, "--kokkos-disable-warnings",
        ], workingDirectory: build, timeout: TimeSpan.FromMinutes(2));

    private static double[] ReadDoubles(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return Enumerable.Range(0, bytes.Length / 8).Select(i => BitConverter.ToDouble(bytes, 8 * i)).ToArray();
    }

    /// <summary>||u - v|| / ||v||.</summary>
    private static double RelativeDistance(double[] u, double[] v)
    {
        Assert.That(u, Has.Length.EqualTo(v.Length));
        return Math.Sqrt(u.Zip(v, (a, b) => (a - b) * (a - b)).Sum()) / Math.Sqrt(v.Sum(b => b * b));
    }

    /// <summary>The number after "<paramref name="label"/>: " in the CG example's output.</summary>
    private static double CgNumber(string output, string label)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(label + ": ", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"no '{label}:' line in:\n{output}");
        var text = line![(label.Length + 2)..].Trim();
        Assert.That(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), Is.True, line);
        return value;
    }

    /// <summary>cond(A) of the 7-point Laplacian with Dirichlet boundaries on n^3 points: (1 + cos h) / (1 - cos h), h = pi / (n + 1).</summary>
    private static double LaplacianConditionNumber(int n)
    {
        var c = Math.Cos(Math.PI / (n + 1));
        return (1 + c) / (1 - c);
    }

    /// <summary>MLIR's own lowering and JIT of the model's <c>forward</c> on one input (a fresh module each time: the run lowers it in place).</summary>
    private static (Lapis.Translator.Check.ArgSpec Spec, byte[] Output) RunMlir(string model, byte[] input)
    {
        using var context = Lapis.Translator.Load.ModuleLoader.CreateContext();
        using var module = Lapis.Translator.Load.ModuleLoader.Load(context, model);
        var entry = Lapis.Translator.Check.EntrySignature.Find(module, "forward", dynamicSize: 1);
        Assert.That(input, Has.Length.EqualTo(entry.Arguments[0].ElementCount * 4));
        return (entry.Results[0], Lapis.Translator.Check.ReferenceRunner.Run(module, entry, [input])[0].Data);
    }

    private static long CountPositive(byte[] f32) =>
        Enumerable.Range(0, f32.Length / 4).Count(i => BitConverter.ToSingle(f32, 4 * i) > 0);

    private static float Weight(int k, int j) => ((k * 40 + j) % 17 - 8) / 8.0f;

    /// <summary>A consumer project: one kernel, an executable <c>app</c> built from main.cpp.</summary>
    private string Project(string name, string mlirName, string mlir, string main = "int main() { return 0; }\n")
    {
        var dir = Path.Combine(_work, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, mlirName), mlir);
        File.WriteAllText(Path.Combine(dir, "main.cpp"), main);
        File.WriteAllText(Path.Combine(dir, "CMakeLists.txt"), $"""
            cmake_minimum_required(VERSION 3.20)
            project({name} CXX)
            find_package(Kokkos REQUIRED)
            find_package(Lapis CONFIG REQUIRED)
            add_executable(app main.cpp)
            lapis_add_kernels(app SOURCES {mlirName})

            """);
        return dir;
    }

    private void Configure(string source, string build, params string[] extra) =>
        CMake("configure " + source, ["-S", source, "-B", build, "-DCMAKE_BUILD_TYPE=Release", $"-DLapis_DIR={LapisDir}", $"-DKokkos_ROOT={KokkosRoot}", .. extra]);

    private static string Build(string build, string? target = null) =>
        target is null
            ? CMake("build " + build, "--build", build, "-j", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture))
            : CMake("build " + build, "--build", build, "--target", target);

    private static string CMake(string what, params string[] args)
    {
        var r = CMakeRun(args);
        Assert.That(r.ExitCode, Is.Zero, $"{what} failed:\n{r.StdOut}\n{r.StdErr}");
        return r.StdOut + r.StdErr;
    }

    private static ProcessResult CMakeRun(params string[] args) => ProcessRunner.Run("cmake", args);
}

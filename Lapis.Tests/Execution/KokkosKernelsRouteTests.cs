using System.Globalization;
using Lapis.Tests.Support;

namespace Lapis.Tests.Execution;

/// <summary>
/// The Kokkos Kernels route (<c>lapis check --kernels kokkos-kernels</c>): GEMMs, batched GEMMs,
/// transposed-weight linear layers with their epilogues and matvecs printed as KokkosBlas::gemm /
/// gemv, built against Kokkos Kernels (OpenBLAS as its BLAS TPL on LayoutRight host Views) and
/// compared with MLIR's own execution, f32 and f64, at sizes that are not multiples of any tile.
/// Skipped with the reason when Kokkos Kernels is not installed (<c>build.ps1 setup
/// -KokkosKernels</c>), failed instead with LAPIS_REQUIRE_KOKKOS_KERNELS=1.
/// </summary>
public sealed class KokkosKernelsRouteTests
{
    public const string RequireVariable = "LAPIS_REQUIRE_KOKKOS_KERNELS";

    /// <summary>$LAPIS_KOKKOS_KERNELS_ROOT, else .deps/kokkos-kernels-3.4 of this repository.</summary>
    private static string Root =>
        Environment.GetEnvironmentVariable("LAPIS_KOKKOS_KERNELS_ROOT") is { Length: > 0 } env ? env
            : Path.Combine(TestPaths.RepoRoot, ".deps", "kokkos-kernels-3.4");

    private static string Kernel(string folder, string name) => Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", folder, name + ".mlir");

    public static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string input, long size, string call, string name) =>
            new TestCaseData(input, size, call).SetName($"KokkosKernels({name}, size {size})");
        foreach (var size in new long[] { 1, 67, 133 })
        {
            yield return Case(Kernel("kokkos_kernels", "gemm_f32_dynamic"), size, "KokkosBlas::gemm(\"N\", \"T\"", "gemm_f32_dynamic");
            yield return Case(Kernel("kernels", "contractions_f64_dynamic"), size, "KokkosBlas::gemm(\"T\", \"T\"", "contractions_f64_dynamic");
        }
        foreach (var size in new long[] { 1, 67 })
            yield return Case(Kernel("kokkos_kernels", "batch_matmul_f64_dynamic"), size, "Kokkos::subview(", "batch_matmul_f64_dynamic");
        yield return Case(Kernel("kernels", "contractions_f32"), 32, "KokkosBlas::gemm(", "contractions_f32");
        yield return Case(Kernel("kernels", "linear_algebra"), 67, "KokkosBlas::gemv(\"T\"", "linear_algebra");
        yield return Case(SharedInputs.Path("mala_forward_batch8748.mlir"), 32, "KokkosBlas::gemm(", "shared/mala_forward_batch8748");
    }

    [TestCaseSource(nameof(Cases))]
    public void LibraryCallsMatchMlirsOwnExecution(string input, long size, string call)
    {
        RequireKokkosKernels();
        SharedInputs.Require(input);
        using var work = new TempDirectory("lapis-kokkos-kernels-");
        var r = ProcessRunner.Lapis("check", input, "--kernels", "kokkos-kernels", "--kokkos-kernels-root", Root,
            "--dynamic-size", size.ToString(CultureInfo.InvariantCulture), "--seed", "7", "--work-dir", work.Path);
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
        Assert.That(r.StdOut, Does.Not.Contain("NaN/Inf"), "MLIR's own result is not finite: the comparison proves little");
        // The route was taken: the checked program calls the library, and includes its header.
        var source = File.ReadAllText(Path.Combine(work.Path, "kernel.cpp"));
        Assert.That(source, Does.Contain(call), "the library call is missing from the checked source");
        Assert.That(source, Does.Contain("#include <KokkosBlas"));
    }

    [Test]
    public void WithoutTheOptionNothingNeedsKokkosKernels()
    {
        var input = Kernel("kokkos_kernels", "gemm_f32_dynamic");
        using var work = new TempDirectory("lapis-generated-");
        var output = Path.Combine(work.Path, "gemm.cpp");
        var r = ProcessRunner.Lapis("translate", input, "-o", output);
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(File.ReadAllText(output), Does.Not.Contain("KokkosBlas").And.Not.Contain("KokkosKernels"));
        var ir = ProcessRunner.Lapis("translate", input, "-o", "-", "--emit", "kokkos-ir", "--kernels", "kokkos-kernels");
        Assert.That(ir.ExitCode, Is.Zero, ir.StdOut + ir.StdErr);
        Assert.That(ir.StdOut, Does.Contain("\"kokkos.blas_gemm\"").And.Not.Contain("kokkos.contraction"));
    }

    /// <summary>
    /// A contraction with an operand prologue keeps the generated kernel on the library route (GEMM
    /// reads its operands as stored): every contraction of the prologue kernels stays a
    /// kokkos.contraction, and the printed code applies the prologues. Needs no Kokkos Kernels.
    /// </summary>
    [Test]
    public void ContractionsWithAPrologueStayGeneratedKernels()
    {
        var input = Kernel("kernels", "contraction_prologues_f32");
        var ir = ProcessRunner.Lapis("translate", input, "-o", "-", "--emit", "kokkos-ir", "--kernels", "kokkos-kernels");
        Assert.That(ir.ExitCode, Is.Zero, ir.StdOut + ir.StdErr);
        Assert.That(ir.StdOut, Does.Not.Contain("kokkos.blas_gemm"));
        Assert.That(ir.StdOut.Split("\"kokkos.contraction\"").Length - 1, Is.EqualTo(3), ir.StdOut);
        var cpp = ProcessRunner.Lapis("translate", input, "-o", "-", "--kernels", "kokkos-kernels");
        Assert.That(cpp.ExitCode, Is.Zero, cpp.StdOut + cpp.StdErr);
        Assert.That(cpp.StdOut, Does.Contain("lhs_prologue(").And.Contain("rhs_prologue(").And.Not.Contain("KokkosBlas::gemm"));
    }

    private static void RequireKokkosKernels()
    {
        var found = new[] { "lib", "lib64" }.Any(d => File.Exists(Path.Combine(Root, d, "cmake", "KokkosKernels", "KokkosKernelsConfig.cmake")));
        if (found) return;
        var reason = $"needs Kokkos Kernels in {Root} (dotnet pwsh ./build.ps1 setup -KokkosKernels), which is absent";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1") Assert.Fail($"{reason}, and {RequireVariable}=1 requires it");
        Assert.Ignore(reason);
    }
}

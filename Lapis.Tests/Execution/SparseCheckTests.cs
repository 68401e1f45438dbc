using System.Globalization;
using Lapis.Tests.Support;
using Lapis.Translator.Check;

namespace Lapis.Tests.Execution;

/// <summary>
/// Sparse kernels through `lapis check`: MLIR builds the storage of seeded random sparse inputs
/// (or of a Matrix Market file), the generated Kokkos code runs on it, and every output is
/// compared with MLIR's own sparsifier (runtime-library mode) on the same inputs.
/// </summary>
public sealed class SparseCheckTests
{
    private static string Kernels => Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "sparse");

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(Path.Combine(TestPaths.SharedInputs, "spmv_csr_i32.mlir"), "spmv").SetName("SparseCheck(shared/spmv_csr_i32)");
        // 32-bit positions and coordinates at sizes that are no multiple of a row block or vector length.
        foreach (var size in new[] { 37, 1001 })
            yield return new TestCaseData(Path.Combine(TestPaths.SharedInputs, "spmv_csr_i32.mlir"), "spmv", size)
                .SetName($"SparseCheck(shared/spmv_csr_i32, {size} rows)");
        foreach (var entry in new[] { "spmv_csr", "spmv_csc", "spmv_coo", "spmv_dcsr", "spmv_bsr" })
            yield return new TestCaseData(Path.Combine(Kernels, "spmv_formats.mlir"), entry).SetName($"SparseCheck({entry})");
        foreach (var entry in new[] { "spmm_csr", "spmm_dcsr", "sddmm", "max_abs_csr", "sparse_dot", "sparse_axpy", "csrv_contract" })
            yield return new TestCaseData(Path.Combine(Kernels, "sparse_kernels.mlir"), entry).SetName($"SparseCheck({entry})");
        foreach (var entry in new[] { "sum_csr", "pool_sparse_window" })
            yield return new TestCaseData(Path.Combine(Kernels, "sum_reduction.mlir"), entry).SetName($"SparseCheck({entry})");
        foreach (var entry in new[] { "add_csr", "mul_csr" })
            yield return new TestCaseData(Path.Combine(Kernels, "sparse_outputs.mlir"), entry).SetName($"SparseCheck({entry})");
    }

    [TestCaseSource(nameof(Cases))]
    public void SparseKernelMatchesMlirsOwnExecution(string input, string entry, int size = 24) =>
        AssertCheckPasses(input, entry, seed: 5, density: 0.2, size);

    /// <summary>
    /// CSR SpMM with a fixed number of right-hand sides (16, and an odd 7; f64 and f32; fresh and
    /// in-place C) or a dynamic one (37): the nonzero loop runs sequentially per row, without atomics. 37 rows, not a
    /// multiple of the rows per team, so the last block of rows is partial.
    /// </summary>
    [TestCase("spmm_rhs16")]
    [TestCase("spmm_rhs7")]
    [TestCase("spmm_rhs7_in_place")]
    [TestCase("spmm_rhs16_f32_in_place")]
    [TestCase("spmm_rhs_dynamic")]
    public void SpmmWithFixedRightHandSidesMatchesMlirsOwnExecution(string entry)
    {
        var r = ProcessRunner.Lapis("check", Path.Combine(Kernels, "spmm_rhs.mlir"), "--entry", entry, "--seed", "7",
            "--dynamic-size", "37", "--density", "0.2");
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
    }

    /// <summary>
    /// Sparse outputs filled out of storage order (through a sorted, unordered COO temporary whose
    /// rows and columns are interleaved in one buffer) and COO outputs: every buffer equals MLIR's.
    /// Seeds differ per case; density 0.3 so that every small input has entries.
    /// </summary>
    public static IEnumerable<TestCaseData> ReorderedOutputCases()
    {
        var seed = 1;
        foreach (var entry in new[] { "concat_dim1_csr", "concat_dim0_csc", "concat_dim0_dcsc", "concat_dim1_coo", "concat_dim2_ccc", "transpose_coo" })
            yield return new TestCaseData(entry, seed++).SetName($"SparseCheck({entry})");
    }

    [TestCaseSource(nameof(ReorderedOutputCases))]
    public void ReorderedSparseOutputMatchesMlirsOwnExecution(string entry, int seed) =>
        AssertCheckPasses(Path.Combine(Kernels, "sparse_reordered_outputs.mlir"), entry, seed, density: 0.3);

    private static void AssertCheckPasses(string input, string entry, int seed, double density, int size = 24)
    {
        SharedInputs.Require(input);
        var r = ProcessRunner.Lapis("check", input, "--entry", entry, "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--dynamic-size", size.ToString(CultureInfo.InvariantCulture), "--density", density.ToString(CultureInfo.InvariantCulture));
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
        Assert.That(lines.Count(l => l.Contains(" PASS", StringComparison.Ordinal)), Is.GreaterThan(0), r.StdOut);
    }

    [Test]
    public void SparseOutputsAreComparedBufferByBuffer()
    {
        var r = ProcessRunner.Lapis("check", Path.Combine(Kernels, "sparse_outputs.mlir"), "--entry", "add_csr", "--dynamic-size", "16");
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        foreach (var buffer in new[] { "result0.positions1", "result0.coordinates1", "result0.values" })
            Assert.That(r.StdOut, Does.Contain(buffer), r.StdOut);
    }

    /// <summary>CG on SuiteSparse nos4: our solution matches MLIR's, and its true residual ||b - A x|| is below 1e-10.</summary>
    [Test]
    public void ConjugateGradientOnNos4Converges()
    {
        using var temp = new TempDirectory("lapis-cg-");
        var work = temp.Path;
        var mtx = SharedInputs.Path("nos4.mtx");
        SharedInputs.Require(mtx);
        var r = ProcessRunner.Lapis("check", Path.Combine(Kernels, "cg.mlir"), "--dynamic-size", "100", "--arg", $"arg0={mtx}", "--work-dir", work);
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        var a = ValueFile.Read(mtx, new ArgSpec("arg0", ElementKind.F64, [100, 100]));
        var b = File.ReadAllBytes(Path.Combine(work, "arg1.bin"));
        var x = File.ReadAllBytes(Path.Combine(work, "result0.bin"));
        double Get(byte[] data, int i) => BitConverter.ToDouble(data, 8 * i);
        var residual = 0.0;
        for (var i = 0; i < 100; i++)
        {
            var ax = 0.0;
            for (var j = 0; j < 100; j++) ax += Get(a, 100 * i + j) * Get(x, j);
            residual += (Get(b, i) - ax) * (Get(b, i) - ax);
        }
        Assert.That(Math.Sqrt(residual), Is.LessThan(1e-10));
        Assert.That(Enumerable.Range(0, 100).Any(i => Get(x, i) != 0), Is.True, "the solution is not all zeros");
    }

    /// <summary>
    /// The CG of bench/spmv (a fixed number of iterations, its scalars loop-carried) on nos4 with
    /// 1 and 8 iterations: both match MLIR's, and a call after the first makes the same Kokkos
    /// allocations (at most its fresh result: the fresh Ap of every iteration reuses module storage,
    /// the dot products stay scalars, no 0-d View) and the same deep_copies (none per iteration),
    /// counted by the check driver through the Kokkos Tools callbacks.
    /// </summary>
    [Test]
    public void ConjugateGradientIterationsAllocateAndCopyNothing()
    {
        using var temp = new TempDirectory("lapis-cg-iterations-");
        var mtx = SharedInputs.Path("nos4.mtx");
        SharedInputs.Require(mtx);
        (int Allocations, int DeepCopies) PerCall(int iterations)
        {
            var count = Path.Combine(temp.Path, $"iterations{iterations}.txt");
            File.WriteAllText(count, iterations.ToString(CultureInfo.InvariantCulture) + "\n");
            var r = ProcessRunner.Lapis("check", Path.Combine(TestPaths.RepoRoot, "bench", "spmv", "cg.mlir"), "--dynamic-size", "100",
                "--arg", $"arg0={mtx}", "--arg", $"arg2={count}");
            Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
            Assert.That(r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
            var allocations = System.Text.RegularExpressions.Regex.Match(r.StdOut, @"allocations per call after the first \(counter control: 1\): cg (\d+)");
            var copies = System.Text.RegularExpressions.Regex.Match(r.StdOut, @"deep copies per call after the first: cg (\d+)");
            Assert.That(allocations.Success && copies.Success, Is.True, "no working allocation or deep_copy count:\n" + r.StdOut);
            return (int.Parse(allocations.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(copies.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        var one = PerCall(1);
        var eight = PerCall(8);
        Assert.That(one.Allocations, Is.LessThanOrEqualTo(1), "more allocations than the fresh result");
        Assert.That(eight, Is.EqualTo(one), "CG iterations allocate or copy (per call: 1 iteration vs 8)");
    }

    /// <summary>
    /// The CG of bench/spmv keeps its dot products on the device (lapis-device-scalars): inside the
    /// iteration loop, p·Ap reduces into a 0-d View and r·r into the free slot of the two-slot
    /// buffer that carries it to the next iteration, and the kernels read them there (alpha and
    /// beta recomputed per thread); and the SpMV's row-length statistic, which its mapping decides
    /// on, is computed once before the loop (lapis-hoist-invariant-kernels: the matrix does not
    /// change). So no host reduction is left in the loop: nothing waits for the device in it.
    /// Run by the two tests above.
    /// </summary>
    [Test]
    public void ConjugateGradientDotProductsStayOnTheDevice()
    {
        using var temp = new TempDirectory("lapis-cg-scalars-");
        var cpp = Path.Combine(temp.Path, "cg.cpp");
        var r = ProcessRunner.Lapis("translate", Path.Combine(TestPaths.RepoRoot, "bench", "spmv", "cg.mlir"), "-o", cpp);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        var code = File.ReadAllText(cpp);
        var loop = code.IndexOf("for (int64_t", code.IndexOf("cg_storage(", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.That(loop, Is.GreaterThan(0), "no iteration loop in the printed CG");
        var body = code[loop..code.IndexOf("\n  return ", loop, StringComparison.Ordinal)];
        var dots = System.Text.RegularExpressions.Regex.Matches(body, @"parallel_reduce\(""cg:33"".*?\n    \}, (?<target>[^;]*)\);", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.That(dots.Select(m => m.Groups["target"].Value), Is.EqualTo(new[] { "device_sum", "Kokkos::subview(carried_sums, next_slot)" }), body);
        Assert.That(body, Does.Contain("= device_sum();").And.Contain("= carried_sums(slot);").And.Contain("= carried_sums(next_slot);"), body);
        Assert.That(System.Text.RegularExpressions.Regex.Matches(body, @"\n    [\w:]+ reduced\w*( = 0)?;").Count, Is.Zero, "a reduction in the loop still reduces into a host scalar:\n" + body);
        Assert.That(code[..loop], Does.Contain("\"cg:50:row_block_entries\""), "the SpMV's row statistic is not computed before the loop");
    }

    /// <summary>
    /// Many threads (8 on this 2-core machine), 200 runs, bitwise comparison: Lapis'
    /// kernels never differ; the same kernel with the upstream parallelization kept (racy) does,
    /// which shows the harness catches a race.
    /// </summary>
    [Test]
    public void RaceStressTestFindsNoRaceInLapisKernelsAndCatchesAnUnsafeOne()
    {
        using var temp = new TempDirectory("lapis-race-");
        var work = temp.Path;
        var input = Path.Combine(Kernels, "spmv_formats.mlir");
        var safe = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(work, "safe_kernels.cpp"), "--namespace", "safe_kernels");
        Assert.That(safe.ExitCode, Is.Zero, safe.StdErr);
        var racy = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(work, "racy_kernels.cpp"), "--namespace", "racy_kernels", "--unsafe-sparse-parallelism");
        Assert.That(racy.ExitCode, Is.Zero, racy.StdErr);
        File.Copy(Path.Combine(Kernels, "race_stress_main.cpp"), Path.Combine(work, "main.cpp"));
        var project = new KokkosProject(work, KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("stress", ["main.cpp", "safe_kernels.cpp", "racy_kernels.cpp"]);
        project.Build();
        var run = ProcessRunner.Run(Path.Combine(work, "build", "stress"), ["--kokkos-threads=8"], workingDirectory: work);
        Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);
        TestContext.Out.WriteLine(run.StdOut);
        int Count(string key) => int.Parse(run.StdOut.Split('\n').First(l => l.StartsWith(key + " ", StringComparison.Ordinal))[(key.Length + 1)..], CultureInfo.InvariantCulture);
        Assert.That(Count("safe-csc-mismatches"), Is.Zero, run.StdOut);
        Assert.That(Count("safe-csr-mismatches"), Is.Zero, run.StdOut);
        Assert.That(Count("racy-csc-mismatches"), Is.GreaterThan(0), "the stress test did not catch the race of the unsafe kernel:\n" + run.StdOut);
    }
}

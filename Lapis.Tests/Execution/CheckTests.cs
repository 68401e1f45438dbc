using System.Globalization;
using Lapis.Tests.Support;
using Lapis.Translator.Check;

namespace Lapis.Tests.Execution;

/// <summary>
/// Differential execution: every real model in ../shared/inputs and every kernel under
/// Execution/kernels goes through `lapis check` (translate, build against Kokkos with OpenMP,
/// run on seeded random inputs, compare with MLIR's own lowering + JIT).
/// </summary>
public sealed partial class CheckTests
{
    private static readonly string[] Models =
        ["mala_forward", "mala_forward_batch8748", "maxpool_nchw", "gemm_dynamic", "batched_gemm_dynamic", "resnet18_torch_mlir"];

    public static IEnumerable<TestCaseData> ModelCases() =>
        Models.Select(m => new TestCaseData(Path.Combine(TestPaths.SharedInputs, m + ".mlir")).SetName($"Check(shared/{m})"));

    public static IEnumerable<TestCaseData> KernelCases() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "kernels"), "*.mlir")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetName($"Check(kernels/{Path.GetFileNameWithoutExtension(f)})"));

    /// <summary>The dense golden cases run too: the printed code a reviewer reads is also the code that is right.</summary>
    public static IEnumerable<TestCaseData> GoldenDenseCases() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Golden", "cases"), "dense_*.mlir")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetName($"Check(golden/{Path.GetFileNameWithoutExtension(f)})"));

    /// <summary>Every public function of the examples' kernels (examples/**/*.mlir): what users copy must be right.</summary>
    public static IEnumerable<TestCaseData> ExampleCases() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.mlir", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => PublicFunction().Matches(File.ReadAllText(f)).Select(m => (File: f, Entry: m.Groups[1].Value)))
            .Select(c => new TestCaseData(c.File, c.Entry)
                .SetName($"Check(examples/{Path.GetRelativePath(Path.Combine(TestPaths.RepoRoot, "examples"), c.File)} @{c.Entry})"));

    [TestCaseSource(nameof(ExampleCases))]
    public void ExampleKernelMatchesMlirsOwnExecution(string input, string entry)
    {
        var r = ProcessRunner.Lapis("check", input, "--entry", entry, "--seed", "7", "--dynamic-size", "300");
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"func\.func\s+@(\w+)\s*\(")]
    private static partial System.Text.RegularExpressions.Regex PublicFunction();

    [TestCaseSource(nameof(ModelCases))]
    [TestCaseSource(nameof(KernelCases))]
    [TestCaseSource(nameof(GoldenDenseCases))]
    public void TranslationMatchesMlirsOwnExecution(string input)
    {
        var r = ProcessRunner.Lapis("check", input, "--seed", "7");
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
        Assert.That(lines.Count(l => l.Contains(" PASS", StringComparison.Ordinal)), Is.GreaterThan(0), r.StdOut);
        Assert.That(r.StdOut, Does.Not.Contain("NaN/Inf"), "MLIR's own result is not finite: the comparison proves little");
        AssertNoAllocationsPerCall(input, r.StdOut);
    }

    /// <summary>
    /// The memory plan (lapis-plan-memory), counted by the check driver through the Kokkos Tools
    /// allocation callback during a call after the first: a function whose arguments and results
    /// all have static shapes has an output-argument form <c>f_into</c> that allocates nothing,
    /// and <c>f</c> itself allocates only its fresh results.
    /// </summary>
    private static void AssertNoAllocationsPerCall(string input, string stdout)
    {
        var m = AllocationLine().Match(stdout);
        Assert.That(m.Success, Is.True, "lapis check printed no allocation counts:\n" + stdout);
        Assert.That(int.Parse(m.Groups["control"].Value, CultureInfo.InvariantCulture), Is.EqualTo(1), "the allocation counter does not work");
        if (!HasStaticSignature(input, out var results)) return;
        Assert.That(m.Groups["into"].Success, Is.True, $"a static-shape function has no output-argument form:\n{stdout}");
        Assert.That(int.Parse(m.Groups["into"].Value, CultureInfo.InvariantCulture), Is.Zero, "f_into allocates after its first call:\n" + stdout);
        Assert.That(int.Parse(m.Groups["plain"].Value, CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(results), "f allocates more than its results after its first call:\n" + stdout);
    }

    /// <summary>Whether the checked entry's arguments and results (all buffers) have static shapes: the same under two dynamic sizes.</summary>
    private static bool HasStaticSignature(string input, out int results)
    {
        using var context = Lapis.Translator.Load.ModuleLoader.CreateContext();
        using var module = Lapis.Translator.Load.ModuleLoader.Load(context, input);
        var a = EntrySignature.Find(module, null, 2);
        var b = EntrySignature.Find(module, null, 3);
        results = a.Results.Count;
        static string Shapes(EntrySignature s) => string.Join(";", s.Arguments.Concat(s.Results).Select(x => x.ShapeText));
        return a.Results.Count > 0 && a.Results.All(x => x.Shape is not null && x.Sparse is null) && Shapes(a) == Shapes(b);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Kokkos allocations per call after the first \(counter control: (?<control>\d+)\): \w+ (?<plain>\d+)(, \w+_into (?<into>\d+))?")]
    private static partial System.Text.RegularExpressions.Regex AllocationLine();

    [Test]
    public void MaxPoolFromOurKokkosCodeMatchesPyTorch()
    {
        static float[] Read(string f) => File.ReadLines(Path.Combine(TestPaths.SharedInputs, f)).Where(l => l.Trim().Length > 0)
            .Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        var input = Read("maxpool_nchw.input.txt");
        var expected = Read("maxpool_nchw.expected_output.txt");
        var work = Path.Combine(Path.GetTempPath(), "lapis-maxpool-" + Guid.NewGuid().ToString("N"));
        try
        {
            for (var batch = 0; batch < 2; batch++)
            {
                Directory.CreateDirectory(work);
                var argFile = Path.Combine(work, "input.txt");
                File.WriteAllLines(argFile, input.Skip(batch * 1800).Take(1800).Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
                var r = ProcessRunner.Lapis("check", Path.Combine(TestPaths.SharedInputs, "maxpool_nchw.mlir"), "--arg", $"arg0={argFile}", "--work-dir", work);
                Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
                var bytes = File.ReadAllBytes(Path.Combine(work, "result0.bin"));
                var ours = new float[bytes.Length / 4];
                Buffer.BlockCopy(bytes, 0, ours, 0, bytes.Length);
                Assert.That(ours, Is.EqualTo(expected.Skip(batch * 180).Take(180).ToArray()), $"batch entry {batch}");
                Directory.Delete(work, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void ComparisonFailsOnADifferenceBeyondTheTolerance()
    {
        var spec = new ArgSpec("result0", ElementKind.F32, [4]);
        var reference = new byte[16];
        Buffer.BlockCopy(new[] { 1f, 2f, 3f, 4f }, 0, reference, 0, 16);
        var close = new byte[16];
        Buffer.BlockCopy(new[] { 1f, 2f, 3f, 4.00001f }, 0, close, 0, 16);
        var far = new byte[16];
        Buffer.BlockCopy(new[] { 1f, 2f, 3f, 4.1f }, 0, far, 0, 16);
        var nan = new byte[16];
        Buffer.BlockCopy(new[] { 1f, float.NaN, 3f, 4f }, 0, nan, 0, 16);
        Assert.That(OutputComparison.Compare(spec, reference, close).Passed, Is.True);
        Assert.That(OutputComparison.Compare(spec, reference, far).Passed, Is.False);
        Assert.That(OutputComparison.Compare(spec, reference, nan).Passed, Is.False);
        Assert.That(OutputComparison.Compare(spec, reference, reference[..12]).Passed, Is.False);
    }

    [Test]
    public void SameSeedGivesSameInputsAndElidedWeights()
    {
        var a = new SeededRandom(42).Fill(ElementKind.F64, 1000);
        var b = new SeededRandom(42).Fill(ElementKind.F64, 1000);
        var c = new SeededRandom(43).Fill(ElementKind.F64, 1000);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }
}

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
        SharedInputs.Require(input);
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
        SharedInputs.Require(SharedInputs.Path("maxpool_nchw.mlir"), SharedInputs.Path("maxpool_nchw.input.txt"), SharedInputs.Path("maxpool_nchw.expected_output.txt"));
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
    public void NaNInMlirsResultIsReportedAndNaNOnlyInOursFails()
    {
        var spec = new ArgSpec("result0", ElementKind.F32, [4]);
        static byte[] Bytes(params float[] v)
        {
            var b = new byte[v.Length * 4];
            Buffer.BlockCopy(v, 0, b, 0, b.Length);
            return b;
        }
        var bothNaN = OutputComparison.Compare(spec, Bytes(1, float.NaN, 3, float.PositiveInfinity), Bytes(1, float.NaN, 3, float.PositiveInfinity));
        Assert.That(bothNaN.Passed, Is.True, bothNaN.ToString());
        Assert.That(bothNaN.NonFiniteReference, Is.EqualTo(2));
        Assert.That(bothNaN.ToString(), Does.Contain("2 NaN/Inf values in MLIR's own result"));
        var oursOnly = OutputComparison.Compare(spec, Bytes(1, 2, 3, 4), Bytes(1, float.NaN, 3, float.NegativeInfinity));
        Assert.That(oursOnly.Passed, Is.False, oursOnly.ToString());
        Assert.That(oursOnly.NonFiniteOurs, Is.EqualTo(2));
        Assert.That(OutputComparison.Compare(spec, Bytes(1, 2, 3, float.PositiveInfinity), Bytes(1, 2, 3, float.NegativeInfinity)).Passed, Is.False, "+inf against -inf");
        Assert.That(OutputComparison.Compare(spec, Bytes(1, 2, 3, float.NaN), Bytes(1, 2, 3, 4)).Passed, Is.False, "a number where MLIR has NaN");
        var allNaN = OutputComparison.Compare(spec, Bytes(float.NaN, float.NaN, float.NaN, float.NaN), Bytes(float.NaN, float.NaN, float.NaN, float.NaN));
        Assert.That(allNaN.Passed, Is.False, "NaN everywhere on both sides compares nothing");
    }

    [Test]
    public void IntegersAreComparedExactlyBeyondTheBitsOfADouble()
    {
        var spec = new ArgSpec("result0", ElementKind.I64, [1]);
        Assert.That(OutputComparison.Compare(spec, BitConverter.GetBytes(long.MaxValue), BitConverter.GetBytes(long.MaxValue - 1)).Passed, Is.False);
        Assert.That(OutputComparison.Compare(spec, BitConverter.GetBytes(long.MaxValue), BitConverter.GetBytes(long.MaxValue)).Passed, Is.True);
    }

    /// <summary>A kernel whose every result is NaN (in MLIR's run and ours alike) fails: nothing was compared.</summary>
    [Test]
    public void ACheckOfNaNEverywhereFails()
    {
        var r = ProcessRunner.Lapis("check", Path.Combine(MustFail, "nan_everywhere.mlir"));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdOut, Does.Contain("MLIR's own result is NaN/Inf everywhere"), r.StdOut);
        Assert.That(r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), Is.EqualTo("FAIL"), r.StdOut);
    }

    /// <summary>No result and no argument written: "0 outputs compared" fails.</summary>
    [Test]
    public void ACheckThatComparesNothingFails()
    {
        var r = ProcessRunner.Lapis("check", Path.Combine(MustFail, "returns_nothing.mlir"));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdOut, Does.Contain("0 outputs compared"), r.StdOut);
    }

    /// <summary>What a kernel writes into a {bufferization.writable} argument is compared too.</summary>
    [Test]
    public void AnArgumentWrittenInPlaceIsCompared()
    {
        var r = ProcessRunner.Lapis("check", Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "kernels", "in_place_update.mlir"), "--seed", "3");
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(r.StdOut, Does.Match(@"arg2\(out\)\s+F64\s+32\s.*PASS"), r.StdOut);
    }

    [Test]
    public void IntegerArgumentsSpanTheirTypeAndStaySafeWhereTheModuleDividesOrShifts()
    {
        using var context = Lapis.Translator.Load.ModuleLoader.CreateContext();
        using var module = Lapis.Translator.Load.ModuleLoader.Load(context, Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "kernels", "integer_semantics.mlir"));
        var entry = EntrySignature.Find(module, null, 32);
        var policies = IntegerInputPolicy.For(module, entry);
        Assert.That(policies.Select(p => p.Roles), Is.EqualTo(new[]
        {
            IntegerRole.None, IntegerRole.Divisor | IntegerRole.Shift, IntegerRole.None, IntegerRole.None, IntegerRole.None, IntegerRole.Divisor,
        }));
        Assert.That(policies[1].ShiftWidth, Is.EqualTo(32));
        var random = new SeededRandom(1);
        var a = Enumerable.Range(0, 4000).Select(_ => random.NextInteger(ElementKind.I32, policies[0])).ToArray();
        Assert.That(a, Does.Contain((long)int.MinValue).And.Contain((long)int.MaxValue).And.Contain(0L).And.Contain(-1L).And.Contain(1L));
        Assert.That(a.Count(v => v < 0), Is.GreaterThan(1000));
        Assert.That(a.Count(v => Math.Abs(v) > 1 << 24), Is.GreaterThan(1000), "most values are large");
        var b = Enumerable.Range(0, 4000).Select(_ => random.NextInteger(ElementKind.I32, policies[1])).ToArray();
        Assert.That(b.Min(), Is.EqualTo(1));
        Assert.That(b.Max(), Is.EqualTo(31));
        var f = Enumerable.Range(0, 4000).Select(_ => random.NextInteger(ElementKind.I64, policies[5])).ToArray();
        Assert.That(f, Does.Not.Contain(0L).And.Not.Contain(-1L).And.Contain(long.MinValue).And.Contain(long.MaxValue));
        var i8 = Enumerable.Range(0, 4000).Select(_ => random.NextInteger(ElementKind.I8, policies[3])).ToArray();
        Assert.That((i8.Min(), i8.Max()), Is.EqualTo((-128L, 127L)));
    }

    /// <summary>Values that reach an index, a loop bound or a while loop stay small; a computed divisor is never 0 from the argument alone.</summary>
    [Test]
    public void IntegerArgumentsThatReachIndicesOrLoopsAreSmall()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lapis-policy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "policy.mlir");
            File.WriteAllText(path, """
                func.func @f(%i: index, %n: i32, %m: memref<8xi32>, %d: i32, %v: i32) -> i32 {
                  %x = memref.load %m[%i] : memref<8xi32>
                  %c0 = arith.constant 0 : index
                  %c1 = arith.constant 1 : index
                  %ub = arith.index_cast %n : i32 to index
                  %s = scf.for %k = %c0 to %ub step %c1 iter_args(%acc = %x) -> i32 {
                    %one = arith.constant 1 : i32
                    %d1 = arith.addi %d, %one : i32
                    %q = arith.divsi %acc, %d1 : i32
                    scf.yield %q : i32
                  }
                  %r = arith.addi %s, %v : i32
                  return %r : i32
                }
                """);
            using var context = Lapis.Translator.Load.ModuleLoader.CreateContext();
            using var module = Lapis.Translator.Load.ModuleLoader.Load(context, path);
            var policies = IntegerInputPolicy.For(module, EntrySignature.Find(module, null, 8));
            Assert.That(policies.Select(p => p.Roles), Is.EqualTo(new[]
            {
                IntegerRole.Small, IntegerRole.Small, IntegerRole.None, IntegerRole.Small, IntegerRole.None,
            }));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>A generated program that hangs is killed after KokkosProject.Timeout and reported, not waited for.</summary>
    [Test]
    public void AHangingGeneratedProgramIsKilledAndReported()
    {
        using var temp = new TempDirectory("lapis-hang-");
        Directory.CreateDirectory(Path.Combine(temp.Path, "build"));
        var program = Path.Combine(temp.Path, "build", "hangs");
        File.WriteAllText(program, "#!/bin/sh\nexec sleep 60\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var project = new KokkosProject(temp.Path, KokkosProject.DefaultKokkosRoot()) { Timeout = TimeSpan.FromSeconds(1) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<Lapis.Translator.Load.TranslationException>(() => project.RunExecutable("hangs"))!;
        Assert.That(error.Message, Does.Contain("did not finish within"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
    }

    private static string MustFail => Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "must_fail");

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

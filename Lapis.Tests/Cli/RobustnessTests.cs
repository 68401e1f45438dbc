using System.Diagnostics;
using System.Text;
using Lapis.Tests.Support;
using Lapis.Translator.Cli;
using Lapis.Translator.Pipeline;

namespace Lapis.Tests.Cli;

/// <summary>
/// Regression tests for issue 13's findings: no crash, no hang, no lost or wrong file, clear
/// located messages. Each test is one finding, run through the CLI as a user runs it.
/// </summary>
public sealed class RobustnessTests
{
    private const string Trivial = "func.func @f(%a: memref<4xf32>) {\n  return\n}\n";
    private TempDirectory _tmp = null!;
    private string Dir => _tmp.Path;

    [SetUp]
    public void Create() => _tmp = new TempDirectory("lapis-robust-");

    [TearDown]
    public void Remove() => _tmp.Dispose();

    private string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static ProcessResult Lapis(params string[] args) => ProcessRunner.Run(TestPaths.LapisCli, args, timeout: TimeSpan.FromMinutes(2));

    /// <summary>
    /// Exit 1 and <c>file:line:col: error: ...</c> on a line of its own, where <paramref name="location"/>
    /// is the start of that location (the file, <c>file:line</c> or all of it); line and column must follow.
    /// </summary>
    private static void AssertLocatedError(ProcessResult r, string location, string text)
    {
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        var m = System.Text.RegularExpressions.Regex.Match(r.StdErr,
            $@"(?m)^(?<at>{System.Text.RegularExpressions.Regex.Escape(location.TrimEnd(':'))}(:\d+)*): error: ");
        Assert.That(m.Success, Is.True, $"no error at {location}:\n{r.StdErr}");
        Assert.That(m.Groups["at"].Value, Does.Match(@"[^:]:\d+:\d+$"), $"the error has no line:column:\n{r.StdErr}");
        Assert.That(r.StdErr, Does.Contain(text));
        Assert.That(r.StdErr, Does.Not.Contain("internal"));
    }

    private static void AssertError(ProcessResult r, string text)
    {
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("error: ").And.Contain(text));
        Assert.That(r.StdErr, Does.Not.Contain("internal"));
    }

    private string[] FilesIn() => Directory.EnumerateFileSystemEntries(Dir).Select(Path.GetFileName).Order().ToArray()!;

    // --- Native crashes ---

    [TestCase(-1)]
    [TestCase(3)]
    [TestCase(-9223372036854775807)]
    public void MemrefDimWithAConstantIndexOutOfRangeIsALocatedError(long index)
    {
        var input = Write("dim.mlir", $"func.func @f(%m: memref<?x4xf32>) -> index {{\n  %c = arith.constant {index} : index\n  %d = memref.dim %m, %c : memref<?x4xf32>\n  return %d : index\n}}\n");
        AssertLocatedError(Lapis("opt", input, "--pass-pipeline", "builtin.module(canonicalize)"), input + ":3:", "out of range");
        AssertLocatedError(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp")), input + ":3:", "out of range");
        Assert.That(File.Exists(Path.Combine(Dir, "out.cpp")), Is.False);
    }

    [TestCase("func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {\n  %r = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation =", "end of the input")]
    [TestCase("func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {\n  %r = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = [1e309, 0]\n  return %r : tensor<3x2xf32>\n}\n", "'1e309' is not one")]
    // Found by the 10,000-case fuzz run (seed 1): an integer past int64 in a permutation.
    [TestCase("func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {\n  %r = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = [-9223372036854775809, 0]\n  return %r : tensor<3x2xf32>\n}\n", "'-9223372036854775809' is not one")]
    // Found by the same run: another attribute where the list belongs.
    [TestCase("func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {\n  %r = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = dense<[1, 2]> : tensor<3xi32>\n  return %r : tensor<3x2xf32>\n}\n", "list of 64-bit integers")]
    // Found by the 2,000-case fuzz run (seed 1): the generic form's array<i64: ...> in the custom syntax.
    [TestCase("func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {\n  %r = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = array<i64: 1, 0>\n  return %r : tensor<3x2xf32>\n}\n", "list of 64-bit integers")]
    [TestCase("func.func @f(%a: tensor<2xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {\n  %r = linalg.broadcast ins(%a : tensor<2xf32>) outs(%b : tensor<2x3xf32>) dimensions = [99999999999999999999]\n  return %r : tensor<2x3xf32>\n}\n", "is not one")]
    public void ALinalgDenseArrayThatUpstreamCannotParseIsALocatedError(string text, string why)
    {
        // Upstream MLIR 22's linalg parser dies with SIGSEGV on these: InputGuard rejects them first.
        var input = Write("bad.mlir", text);
        AssertLocatedError(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp")), input + ":2:", why);
        AssertLocatedError(Lapis("opt", input), input + ":2:", "must be followed by a list of 64-bit integers");
        Assert.That(FilesIn(), Is.EqualTo(new[] { "bad.mlir" }), "no output, no temp file");
    }

    [Test]
    public void ADenseArrayOfIndexIsALocatedError()
    {
        // Found by the 10,000-case fuzz run (seed 1): MLIR 22's parser dies on array<index: ...>.
        var input = Write("bad.mlir", "func.func @f() attributes {x = array<i64: 1>, y = array< index: 1, 0>} {\n  return\n}\n");
        AssertLocatedError(Lapis("opt", input), input + ":1:51", "element type must be an integer (iN) or float type");
        Assert.That(FilesIn(), Is.EqualTo(new[] { "bad.mlir" }), "no output, no temp file");
    }

    [Test]
    public void ValidLinalgDenseArraysStillParse()
    {
        var input = Write("ok.mlir", "func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<3x2xf32> {\n  %r = linalg.transpose ins(%a : tensor<2x3xf32>) outs(%b : tensor<3x2xf32>) permutation = [ 1 ,\n 0x0 ]\n  return %r : tensor<3x2xf32>\n}\n");
        var r = Lapis("opt", input);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(r.StdOut, Does.Contain("permutation = [1, 0]"));
    }

    // Found by the 2,000-case fuzz run (seed 1): tensor.dim with -1 crashed the pass pipeline.
    [TestCase(-1)]
    [TestCase(2)]
    public void TensorDimWithAConstantIndexOutOfRangeIsALocatedError(long index)
    {
        var input = Write("dim.mlir", $"func.func @f(%t: tensor<?x4xf32>) -> index {{\n  %c = arith.constant {index} : index\n  %d = tensor.dim %t, %c : tensor<?x4xf32>\n  return %d : index\n}}\n");
        AssertLocatedError(Lapis("opt", input, "--pass-pipeline", "builtin.module(canonicalize)"), input + ":3:", "tensor.dim index");
        AssertLocatedError(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp")), input + ":3:", "out of range");
        Assert.That(FilesIn(), Is.EqualTo(new[] { "dim.mlir" }), "no output, no temp file");
    }

    [TestCase("parsing")]
    [TestCase("pass pipeline")]
    [TestCase("C++ emission")]
    public void ANativeCrashIsAnInternalCompilerErrorWithAReproducer(string stage)
    {
        // A real SIGSEGV planted in the worker (LAPIS_TEST_CRASH_IN): reported, with the input as reproducer.
        var input = Write("a.mlir", Trivial);
        var r = ProcessRunner.Bash($"{WorkerStage.CrashVariable}='{stage}' '{TestPaths.LapisCli}' translate '{input}' -o '{Path.Combine(Dir, "out.cpp")}'");
        var text = Trivial;
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Match(@"lapis: error: internal compiler error in " + System.Text.RegularExpressions.Regex.Escape(stage) + @" \(signal 11\) while processing " + System.Text.RegularExpressions.Regex.Escape(input)));
        var reproducer = System.Text.RegularExpressions.Regex.Match(r.StdErr, @"reproducer written to (\S+\.mlir)").Groups[1].Value;
        Assert.That(File.Exists(reproducer), Is.True, r.StdErr);
        try
        {
            var repro = File.ReadAllText(reproducer);
            Assert.That(repro, Does.Contain("// command: lapis translate").And.EndWith(text));
        }
        finally { File.Delete(reproducer); }
        Assert.That(FilesIn(), Is.EqualTo(new[] { "a.mlir" }), "no output, no temp file");
    }

    [Test]
    public void ACrashInsideAPassNamesThePassAndWritesTheIrBeforeIt()
    {
        // lapis-test-crash (registered when LAPIS_TEST_CRASH_IN is set) dereferences null, like a crash in an upstream pass.
        var input = Write("a.mlir", "func.func @f() -> i32 {\n  %a = arith.constant 20 : i32\n  %b = arith.constant 22 : i32\n  %s = arith.addi %a, %b : i32\n  return %s : i32\n}\n");
        var output = Path.Combine(Dir, "out.mlir");
        const string pipeline = "builtin.module(canonicalize,func.func(lapis-test-crash))";
        ProcessResult Opt(string file, string p) =>
            ProcessRunner.Bash($"{WorkerStage.CrashVariable}=lapis-test-crash '{TestPaths.LapisCli}' opt '{file}' --pass-pipeline='{p}' -o '{output}'");
        var r = Opt(input, pipeline);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain($"lapis: error: internal compiler error in pass 'lapis-test-crash' (signal 11) while processing {input}"));
        var m = System.Text.RegularExpressions.Regex.Match(r.StdErr, @"reproducer written to (\S+\.mlir) .*--pass-pipeline='([^']+)'");
        Assert.That(m.Success, Is.True, r.StdErr);
        var reproducer = m.Groups[1].Value;
        try
        {
            var repro = File.ReadAllText(reproducer);
            Assert.That(repro, Does.Contain("// failing pass: lapis-test-crash").And.Contain("mlir_reproducer"));
            // The IR before the failing pass: canonicalize already folded the addition.
            Assert.That(repro, Does.Contain("arith.constant 42 : i32").And.Not.Contain("arith.addi"));
            var again = Opt(reproducer, m.Groups[2].Value);
            Assert.That(again.StdErr, Does.Contain("internal compiler error in pass 'lapis-test-crash' (signal 11)"));
            var reproducer2 = System.Text.RegularExpressions.Regex.Match(again.StdErr, @"reproducer written to (\S+\.mlir)").Groups[1].Value;
            if (reproducer2.Length > 0) File.Delete(reproducer2);
        }
        finally { File.Delete(reproducer); }
        Assert.That(FilesIn(), Is.EqualTo(new[] { "a.mlir" }), "no output, no temp file");
    }

    [Test]
    public void FiveThousandNestedRegionsAreALocatedErrorNotAStackOverflow()
    {
        var sb = new StringBuilder("func.func @f() {\n");
        for (var i = 0; i < 5000; i++) sb.Append("scf.execute_region {\n");
        for (var i = 0; i < 5000; i++) sb.Append("scf.yield\n}\n");
        sb.Append("return\n}\n");
        var input = Write("deep.mlir", sb.ToString());
        AssertLocatedError(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp")), input, "nesting deeper than");
    }

    [Test]
    public void TwentyThousandNestedTypesAreALocatedErrorNotAStackOverflow()
    {
        // Found by the 2,000-case fuzz run (seed 1): tensor<tensor<...>> nested past the parser's stack.
        var type = string.Concat(Enumerable.Repeat("tensor<", 20000)) + "f32" + new string('>', 20000);
        var input = Write("deep.mlir", $"func.func @f(%a: {type}) {{\n  return\n}}\n");
        AssertLocatedError(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp")), input + ":1:", "nesting deeper than");
        // The '>' of '->' closes no '<': 2,000 functions whose types hold maps and arrows still parse.
        var ok = Write("ok.mlir", string.Concat(Enumerable.Range(0, 2000).Select(i =>
            $"func.func @g{i}(%a: memref<4xf32, affine_map<(d0) -> (d0)>>) -> (memref<4xf32, affine_map<(d0) -> (d0)>>) {{\n  return %a : memref<4xf32, affine_map<(d0) -> (d0)>>\n}}\n")));
        var r = Lapis("opt", ok);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
    }

    [Test]
    public void APipelineNested40000DeepIsAnErrorNotAStackOverflow()
    {
        var input = Write("a.mlir", Trivial);
        // Too long for one command-line argument: passed in a response file (System.CommandLine's @file).
        var pipeline = string.Concat(Enumerable.Repeat("builtin.module(", 40000)) + "canonicalize" + new string(')', 40000);
        var rsp = Write("args.rsp", "--pass-pipeline\n" + pipeline + "\n");
        var r = Lapis("opt", input, "@" + rsp);
        AssertLocatedError(r, "<pass-pipeline>", "nested deeper than");
    }

    // --- Hangs ---

    [Test]
    public void AForty000DigitIntegerIsRejectedQuickly()
    {
        var input = Write("big.mlir", $"func.func @f() -> i64 {{\n  %c = arith.constant {new string('7', 40000)} : i64\n  return %c : i64\n}}\n");
        var clock = Stopwatch.StartNew();
        AssertLocatedError(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp")), input + ":2:", "numeric literal of 40000 characters");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
    }

    [TestCase("/dev/zero")]
    [TestCase("fifo")]
    public void ADeviceOrPipeAsInputIsRefused(string special)
    {
        var path = special == "fifo" ? MakeFifo() : special;
        var clock = Stopwatch.StartNew();
        AssertError(Lapis("translate", path, "-o", Path.Combine(Dir, "out.cpp")), "is not a regular file");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
    }

    private string MakeFifo()
    {
        var path = Path.Combine(Dir, "pipe.mlir");
        Assert.That(ProcessRunner.Run("mkfifo", [path]).ExitCode, Is.Zero);
        return path;
    }

    [Test]
    public void AnInputOverMaxInputSizeIsRefused()
    {
        var input = Write("a.mlir", Trivial + new string(' ', 2 << 20));
        AssertError(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp"), "--max-input-size", "1"), "more than the limit of 1 MB");
        Assert.That(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp"), "--max-input-size", "3").ExitCode, Is.Zero);
    }

    [Test]
    public void TheTimeLimitStopsALongRunAndLeavesNoOutput()
    {
        // 200 functions parse, lower and print in well over 0.05 s on any machine.
        var input = Write("many.mlir", string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"func.func @f{i}(%a: memref<8xf32>) {{\n  %c = arith.constant 1.0 : f32\n  affine.for %i = 0 to 8 {{\n    affine.store %c, %a[%i] : memref<8xf32>\n  }}\n  return\n}}\n")));
        var r = Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp"), "--time-limit", "0.05");
        AssertError(r, "did not finish within 0.05 s");
        Assert.That(FilesIn(), Is.EqualTo(new[] { "many.mlir" }));
    }

    // --- Lost or wrong files ---

    [Test]
    public void AFailureOnTheWeightsFileChangesNoOtherOutput()
    {
        var input = Write("w.mlir", Weighted);
        var outCpp = Write("out.cpp", "old source");
        var outHpp = Write("out.hpp", "old header");
        Directory.CreateDirectory(Path.Combine(Dir, "out.weights.bin"));
        var r = Lapis("translate", input, "-o", outCpp);
        AssertError(r, "'" + Path.Combine(Dir, "out.weights.bin") + "' is a directory");
        Assert.That(File.ReadAllText(outCpp), Is.EqualTo("old source"));
        Assert.That(File.ReadAllText(outHpp), Is.EqualTo("old header"));
        Assert.That(FilesIn(), Is.EqualTo(new[] { "out.cpp", "out.hpp", "out.weights.bin", "w.mlir" }));
    }

    [Test]
    public void ARenameThatFailsMidwayPutsBackWhatWasAlreadyReplaced()
    {
        // Commit without validation so that the second rename really fails (onto a directory).
        var first = Write("a.hpp", "old a");
        var second = Path.Combine(Dir, "b.cpp");
        Directory.CreateDirectory(second);
        Assert.Throws<Lapis.Translator.Load.TranslationException>(() =>
            AtomicFile.Commit([OutputFile.Text(first, "new a"), OutputFile.Text(second, "new b")]));
        Assert.That(File.ReadAllText(first), Is.EqualTo("old a"));
        Assert.That(Directory.Exists(second), Is.True);
        Assert.That(FilesIn(), Is.EqualTo(new[] { "a.hpp", "b.cpp" }), "no temp or moved-aside file stays");
    }

    [Test]
    public void AnOutputDirectoryIsRefusedUpFront()
    {
        var input = Write("a.mlir", Trivial);
        Directory.CreateDirectory(Path.Combine(Dir, "out.cpp"));
        AssertError(Lapis("translate", input, "-o", Path.Combine(Dir, "out.cpp")), $"output '{Path.Combine(Dir, "out.cpp")}' is a directory");
        AssertError(Lapis("translate", input, "-o", Dir), "is a directory");
        AssertError(Lapis("translate", input, "-o", Dir + "/"), "is a directory");
        AssertError(Lapis("opt", input, "-o", Dir), "is a directory");
        Assert.That(FilesIn(), Is.EqualTo(new[] { "a.mlir", "out.cpp" }), "no stray '.hpp'");
    }

    [Test]
    public void AnEmptyOutputPathIsAUserError()
    {
        var input = Write("a.mlir", Trivial);
        AssertError(Lapis("translate", input, "-o", ""), "the output path is empty");
        AssertError(Lapis("opt", input, "-o", ""), "the output path is empty");
        Assert.That(FilesIn(), Is.EqualTo(new[] { "a.mlir" }));
    }

    [Test]
    public void OutputNamedLikeTheHeaderIsRefused()
    {
        var input = Write("a.mlir", Trivial);
        var hpp = Write("x.hpp", "mine");
        AssertError(Lapis("translate", input, "-o", hpp), "would be written twice");
        Assert.That(File.ReadAllText(hpp), Is.EqualTo("mine"));
    }

    [Test]
    public void TheInputIsNeverOverwritten()
    {
        var input = Write("a.mlir", Trivial);
        AssertError(Lapis("translate", input, "-o", input), "is the input file");
        AssertError(Lapis("opt", input, "-o", input), "is the input file");
        var link = Path.Combine(Dir, "link.cpp");
        File.CreateSymbolicLink(link, input);
        AssertError(Lapis("translate", input, "-o", link), "is the input file");
        Assert.That(File.ReadAllText(input), Is.EqualTo(Trivial));
    }

    [Test]
    public void ASymlinkOutputIsWrittenThroughAndStaysALink()
    {
        var input = Write("a.mlir", Trivial);
        Directory.CreateDirectory(Path.Combine(Dir, "real"));
        var target = Path.Combine(Dir, "real", "opt.mlir");
        File.WriteAllText(target, "old");
        var link = Path.Combine(Dir, "out.mlir");
        File.CreateSymbolicLink(link, target);
        var r = Lapis("opt", input, "-o", link);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo(target));
        Assert.That(File.ReadAllText(target), Does.Contain("func.func @f"));
        Assert.That(Directory.GetFiles(Path.Combine(Dir, "real")), Is.EqualTo(new[] { target }));
    }

    [TestCase("/dev/zero")]
    [TestCase("fifo")]
    public void ADeviceOrPipeAsOutputIsRefused(string special)
    {
        var input = Write("a.mlir", Trivial);
        var path = special == "fifo" ? MakeFifo() : special;
        AssertError(Lapis("opt", input, "-o", path), $"'{path}' is not a regular file");
        AssertError(Lapis("translate", input, "-o", path), $"'{path}' is not a regular file");
        Assert.That(ProcessRunner.Run("test", ["-c", "/dev/zero"]).ExitCode, Is.Zero, "/dev/zero is still a device");
    }

    // --- Accepted but wrong ---

    [TestCase("foo.bar(canonicalize)", "can't run 'foo.bar' pass manager on 'builtin.module' op")]
    [TestCase("canonicalize", "expected pass pipeline to be wrapped")]
    [TestCase("builtin.module(lapis-kokkos-loop-mapping{])", "expected '}'")]
    [TestCase("builtin.module(canonicalize{]})", "expected '}'")]
    public void OptRejectsPipelinesMlirOptRejects(string pipeline, string message)
    {
        var input = Write("a.mlir", Trivial);
        var theirs = ProcessRunner.Run(TestPaths.MlirOpt, [input, $"--pass-pipeline={pipeline}"]);
        Assert.That(theirs.ExitCode, Is.Not.Zero, "mlir-opt-22 rejects it too");
        AssertLocatedError(Lapis("opt", input, "--pass-pipeline", pipeline), "<pass-pipeline>", message);
    }

    [TestCase("class")]
    [TestCase("Kokkos")]
    [TestCase("std")]
    public void AReservedFileStemIsMangledAndTheHeaderCompiles(string stem)
    {
        var input = Write(stem + ".mlir", Trivial);
        var outDir = Path.Combine(Dir, "out");
        var r = Lapis("translate", input, "-o", Path.Combine(outDir, stem + ".cpp"));
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(File.ReadAllText(Path.Combine(outDir, stem + ".hpp")), Does.Contain($"namespace {stem}_"));
        Kokkos5SyntaxCheck.AssertCompiles([outDir], [Path.Combine(outDir, stem + ".cpp")], outDir);
    }

    [TestCase("class")]
    [TestCase("Kokkos")]
    [TestCase("_Ugly")]
    [TestCase("a__b")]
    [TestCase("my::std")]
    [TestCase("1abc")]
    public void AReservedOrInvalidNamespaceIsAClearError(string ns)
    {
        var input = Write("a.mlir", Trivial);
        AssertError(Lapis("translate", input, "-o", "-", "--namespace", ns), $"--namespace '{ns}'");
    }

    // --- Unclear messages ---

    [Test]
    public void ADirectoryAsInputSaysSo() =>
        AssertError(Lapis("translate", Dir, "-o", "-"), "is a directory");

    [Test]
    public void AByteOrderMarkIsExplained()
    {
        var input = Path.Combine(Dir, "bom.mlir");
        File.WriteAllBytes(input, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Trivial)]);
        AssertLocatedError(Lapis("translate", input, "-o", "-"), input + ":1:1", "byte order mark");
    }

    [Test]
    public void ErrorsAboutOutputsNameTheUsersPathNotATempFile()
    {
        var input = Write("a.mlir", Trivial);
        var missingParent = Path.Combine(Dir, "file.txt");
        File.WriteAllText(missingParent, "");
        var r = Lapis("translate", input, "-o", Path.Combine(missingParent, "out.cpp"));
        AssertError(r, Path.Combine(missingParent, "out.cpp"));
        Assert.That(r.StdErr, Does.Not.Contain(".tmp"));
    }

    [Test]
    public void AKokkosOpInCustomSyntaxIsALocatedError()
    {
        var input = Write("k.mlir", "func.func @f() {\n  kokkos.team_barrier\n  return\n}\n");
        AssertLocatedError(Lapis("translate", input, "-o", "-"), input + ":2:3", "must be written in generic form");
    }

    [Test]
    public void AUserWrittenKokkosSyncIsAUserErrorNotAnInternalOne()
    {
        var input = Write("s.mlir", "func.func @f(%a: memref<4xf32>) {\n  \"kokkos.sync\"(%a) {space = \"host\"} : (memref<4xf32>) -> ()\n  return\n}\n");
        AssertLocatedError(Lapis("translate", input, "-o", "-"), input + ":2:3", "inserted by lapis-assign-memory-spaces");
    }

    [Test]
    public void AnErrorAtANameLocationKeepsTheName()
    {
        var input = Write("n.mlir", "func.func @f(%a: memref<4xf32>) {\n  %c = arith.constant 5 : index\n  %d = memref.dim %a, %c : memref<4xf32> loc(\"buf\")\n  return\n}\n");
        AssertError(Lapis("translate", input, "-o", "-"), "loc(\"buf\"): error: memref.dim index 5 is out of range");
    }

    [TestCase("builtin.module(canonicalize{max-iterations=abc})", "pass option --max-iterations: 'abc' value invalid")]
    [TestCase("builtin.module(canonicalize{nosuch=1})", "no such option nosuch")]
    [TestCase("builtin.module(nosuchpass)", "'nosuchpass' does not refer to a registered pass")]
    public void PassOptionErrorsAreOneCleanLocatedMessage(string pipeline, string message)
    {
        var input = Write("a.mlir", Trivial);
        var r = Lapis("opt", input, "--pass-pipeline", pipeline);
        AssertError(r, message);
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.All.StartWith("<pass-pipeline>"), r.StdErr);
        Assert.That(r.StdErr, Does.Not.Contain("Pass-Options-Parser").And.Not.Contain("PassPipeline Parser"));
    }

    /// <summary>A module whose 32x40 constant goes to the side file (out.weights.bin).</summary>
    private static readonly string Weighted =
        "func.func @f(%x: tensor<32x40xf32>) -> tensor<32x40xf32> {\n" +
        $"  %w = arith.constant dense<\"0x{string.Concat(Enumerable.Repeat("0000803F00000040", 32 * 20))}\"> : tensor<32x40xf32>\n" +
        "  %e = tensor.empty() : tensor<32x40xf32>\n" +
        "  %r = linalg.add ins(%x, %w : tensor<32x40xf32>, tensor<32x40xf32>) outs(%e : tensor<32x40xf32>) -> tensor<32x40xf32>\n" +
        "  return %r : tensor<32x40xf32>\n}\n";
}

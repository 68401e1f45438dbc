using System.Diagnostics;
using System.Text.RegularExpressions;
using Lapis.Tests.Support;
using Lapis.Translator.Check;
using Lapis.Translator.Load;

namespace Lapis.Tests.Execution;

/// <summary>
/// `lapis check` survives its reference: MLIR's reference runs in a child process (a crash or a
/// hang is reported, with the inputs that caused it, and exit code 1), dynamic dimensions get
/// sizes that agree across operands and hold every convolution window, `--dim` and
/// `--dynamic-size` are validated, a relative `--work-dir` works, and `!llvm.ptr` arguments are
/// rejected with a message.
/// </summary>
public sealed partial class CheckRobustnessTests
{
    private static ProcessResult Check(TempDirectory temp, string mlir, params string[] args)
    {
        var file = Path.Combine(temp.Path, "input.mlir");
        File.WriteAllText(file, mlir);
        return ProcessRunner.Lapis(["check", file, .. args]);
    }

    /// <summary>The folder a crash report names (kept so the inputs can be replayed); removed by the test.</summary>
    private static void AssertInputsKeptAndRemove(string stderr)
    {
        var m = KeptInput().Match(stderr);
        Assert.That(m.Success, Is.True, stderr);
        Assert.That(File.Exists(m.Groups[1].Value), Is.True, $"the crash report names {m.Groups[1].Value}, which does not exist");
        var work = Path.GetDirectoryName(Path.GetDirectoryName(m.Groups[1].Value))!;
        StringAssert.StartsWith(Path.GetTempPath(), work);
        Directory.Delete(work, recursive: true);
    }

    [GeneratedRegex(@"with these inputs: (\S+arg0\.bin)")]
    private static partial Regex KeptInput();

    [Test]
    public void OutOfBoundsAccessOfTheReferenceIsReportedAsACrash()
    {
        using var temp = new TempDirectory("lapis-crash-");
        var r = Check(temp, """
            func.func @f(%x: memref<4xf32>) -> f32 {
              %far = arith.constant 1099511627776 : index
              %v = memref.load %x[%far] : memref<4xf32>
              return %v : f32
            }
            """);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdErr, Does.Contain("error: MLIR's reference crashed (signal 11, SIGSEGV) on "));
        Assert.That(r.StdErr, Does.Contain("arg0.bin (f32 4)"));
        Assert.That(r.StdErr, Does.Not.Contain("internal error"));
        AssertInputsKeptAndRemove(r.StdErr);
    }

    /// <summary>A torch-mlir shape check that fails in the reference (sizes forced by --dim) aborts it: reported, not shared.</summary>
    [Test]
    public void FailedShapeAssertOfTheReferenceIsReportedAsACrash()
    {
        using var temp = new TempDirectory("lapis-abort-");
        var r = Check(temp, Gemm, "--dim", "arg0.1=3", "--dim", "arg1.0=4");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdErr, Does.Contain("error: MLIR's reference crashed (signal 6, SIGABRT)"));
        AssertInputsKeptAndRemove(r.StdErr);
    }

    [Test]
    public void HungReferenceIsKilledAfterTheTimeout()
    {
        using var temp = new TempDirectory("lapis-hang-");
        var clock = Stopwatch.StartNew();
        var r = Check(temp, """
            func.func @f(%m: memref<1xf64>) -> f64 {
              %c0 = arith.constant 0 : index
              scf.while : () -> () {
                %t = arith.constant true
                scf.condition(%t)
              } do {
                %one = arith.constant 1.0 : f64
                %r = memref.atomic_rmw addf %one, %m[%c0] : (f64, memref<1xf64>) -> f64
                scf.yield
              }
              %v = memref.load %m[%c0] : memref<1xf64>
              return %v : f64
            }
            """, "--reference-timeout", "2");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdErr, Does.Contain("error: MLIR's reference did not finish within 2 s on "));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)));
        AssertInputsKeptAndRemove(r.StdErr);
    }

    [TestCase("--dynamic-size", "-1", "--dynamic-size: the extent must be between 1 and 16777216, got -1")]
    [TestCase("--dynamic-size", "0", "--dynamic-size: the extent must be between 1 and 16777216, got 0")]
    [TestCase("--dynamic-size", "100000000000", "--dynamic-size: the extent must be between 1 and 16777216, got 100000000000")]
    [TestCase("--dim", "arg0.1", "--dim expects argN.D=SIZE (e.g. arg0.1=7), got 'arg0.1'")]
    [TestCase("--dim", "arg0.1=0", "--dim arg0.1=0: the extent must be between 1 and 16777216, got 0")]
    [TestCase("--dim", "arg5.0=3", "--dim arg5.0: @forward has no argument arg5 (arguments are arg0..arg2)")]
    [TestCase("--dim", "arg0.2=3", "--dim arg0.2: arg0 of @forward is tensor<?x?xf32>, which has no dimension 2")]
    [TestCase("--reference-timeout", "0", "--reference-timeout must be at least 1 second")]
    public void BadSizesAreErrorsNotCrashes(string option, string value, string message)
    {
        using var temp = new TempDirectory("lapis-sizes-");
        var r = Check(temp, Gemm, option, value);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdErr, Does.Contain("error: " + message));
        Assert.That(r.StdErr, Does.Not.Contain("internal error"));
        Assert.That(r.StdOut, Is.Empty);
    }

    /// <summary>Each size fits, but together they exceed what lapis check draws in memory.</summary>
    [Test]
    public void AnArgumentTooLargeToDrawIsAnError()
    {
        using var temp = new TempDirectory("lapis-sizes-");
        var r = Check(temp, Gemm, "--dynamic-size", "1000000");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdErr, Does.Contain("error: arg0 of @forward in ").And.Contain("would be 1000000x1000000"));
    }

    [Test]
    public void StaticDimensionCannotBeSetWithDim()
    {
        using var temp = new TempDirectory("lapis-sizes-");
        var r = Check(temp, StridedConv, "--dim", "arg1.0=2");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdErr, Does.Contain(":1:1: error: --dim arg1.0: dimension 0 of arg1 (tensor<4x3x3x3xf32>) is static (4)"));
    }

    [Test]
    public void LlvmPointerArgumentIsRejectedWithAMessage()
    {
        using var temp = new TempDirectory("lapis-ptr-");
        var r = Check(temp, """
            func.func @f(%p: !llvm.ptr, %n: i64) -> i64 {
              return %n : i64
            }
            """);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdOut + r.StdErr);
        Assert.That(r.StdErr, Does.Contain(":1:1: error: lapis check cannot make arg0 of @f: it is an !llvm.ptr"));
    }

    // -------------------------------------------------------------------------------------
    // Shapes that agree
    // -------------------------------------------------------------------------------------

    /// <summary>torch-mlir's dynamic GEMM (as in ../shared/inputs/gemm_dynamic.mlir): a cf.assert ties K of both operands.</summary>
    private const string Gemm = """
        func.func @forward(%arg0: tensor<?x?xf32>, %arg1: tensor<?x?xf32>, %arg2: tensor<?x?xf32>) -> tensor<?x?xf32> {
          %c0 = arith.constant 0 : index
          %c1 = arith.constant 1 : index
          %dim_1 = tensor.dim %arg0, %c1 : tensor<?x?xf32>
          %dim_2 = tensor.dim %arg1, %c0 : tensor<?x?xf32>
          %0 = arith.cmpi eq, %dim_1, %dim_2 : index
          cf.assert %0, "mismatching contracting dimension for torch.aten.mm"
          %3 = linalg.matmul ins(%arg0, %arg1 : tensor<?x?xf32>, tensor<?x?xf32>) outs(%arg2 : tensor<?x?xf32>) -> tensor<?x?xf32>
          return %3 : tensor<?x?xf32>
        }
        """;

    /// <summary>A stride-2, dilation-2 convolution whose input and output are both dynamic arguments.</summary>
    private const string StridedConv = """
        func.func @conv(%x: tensor<?x3x?x?xf32>, %w: tensor<4x3x3x3xf32>, %o: tensor<?x4x?x?xf32>) -> tensor<?x4x?x?xf32> {
          %r = linalg.conv_2d_nchw_fchw {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>}
            ins(%x, %w : tensor<?x3x?x?xf32>, tensor<4x3x3x3xf32>) outs(%o : tensor<?x4x?x?xf32>) -> tensor<?x4x?x?xf32>
          return %r : tensor<?x4x?x?xf32>
        }
        """;

    private static long[]?[] Shapes(string mlir, string entry, long size, params string[] dims)
    {
        using var temp = new TempDirectory("lapis-shapes-");
        var file = Path.Combine(temp.Path, "input.mlir");
        File.WriteAllText(file, mlir);
        using var context = ModuleLoader.CreateContext();
        return ShapeInference.Choose(context, file, entry, DimensionSizes.Parse(size, dims));
    }

    [Test]
    public void MatmulDimensionsFollowOneDimGivenOnTheCommandLine()
    {
        var shapes = Shapes(Gemm, "forward", 32, "arg0.0=7", "arg0.1=13", "arg1.1=5");
        Assert.That(shapes[0], Is.EqualTo(new long[] { 7, 13 }));
        Assert.That(shapes[1]![0], Is.EqualTo(shapes[0]![1]), "K of both operands (the cf.assert and the matmul's maps)");
        Assert.That(shapes[1]![1], Is.EqualTo(5));
        Assert.That(shapes[2], Is.EqualTo(new[] { shapes[0]![0], shapes[1]![1] }), "the output is M x N");
    }

    /// <summary>The planted bug: one size for every dynamic dimension gives a window that reads past the input.</summary>
    private static bool WindowsFit(long[] input, long[] output, (long Stride, long Dilation)[] spatial) =>
        input[0] == output[0] && spatial.Select((s, k) => s.Stride * (output[2 + k] - 1) + s.Dilation * (3 - 1) + 1 <= input[2 + k]).All(b => b);

    private static readonly (long Stride, long Dilation)[] ConvSpatial = [(2, 2), (3, 1)];

    [Test]
    public void StridedConvolutionGetsAnInputThatHoldsEveryWindow()
    {
        var uniform = new long[] { 9, 3, 9, 9 };
        Assert.That(WindowsFit(uniform, [9, 4, 9, 9], ConvSpatial), Is.False, "one size for all (the old --dynamic-size) must not fit, or this test shows nothing");

        var shapes = Shapes(StridedConv, "conv", 9);
        Assert.That(shapes[2]![2..], Is.EqualTo(new long[] { 9, 9 }), "the output keeps --dynamic-size");
        Assert.That(WindowsFit(shapes[0]!, shapes[2]!, ConvSpatial), Is.True, $"input {string.Join("x", shapes[0]!)}, output {string.Join("x", shapes[2]!)}");
        // The smallest such input: one more row or column would also fit, one fewer would not.
        Assert.That(WindowsFit([.. shapes[0]![..2], shapes[0]![2] - 1, shapes[0]![3]], shapes[2]!, ConvSpatial), Is.False);

        // An input size given with --dim: the output gets the most windows that fit.
        var given = Shapes(StridedConv, "conv", 9, "arg0.2=17", "arg0.3=10");
        Assert.That(given[0]![2..], Is.EqualTo(new long[] { 17, 10 }));
        Assert.That(WindowsFit(given[0]!, given[2]!, ConvSpatial), Is.True);
        Assert.That(WindowsFit(given[0]!, [.. given[2]![..2], given[2]![2] + 1, given[2]![3]], ConvSpatial), Is.False, "one more output row would not fit");
        Assert.That(WindowsFit(given[0]!, [.. given[2]![..3], given[2]![3] + 1], ConvSpatial), Is.False, "one more output column would not fit");
    }

    /// <summary>
    /// End to end, from a relative --work-dir and a relative --kokkos-root (CMake runs in the work
    /// folder, so a relative prefix must be resolved first): the strided convolution with inferred
    /// sizes passes on both sides.
    /// </summary>
    [Test]
    public void StridedConvolutionWithDynamicShapesPassesFromARelativeWorkDir()
    {
        using var temp = new TempDirectory("lapis-conv-");
        var file = Path.Combine(temp.Path, "conv.mlir");
        File.WriteAllText(file, StridedConv);
        var kokkos = Path.GetRelativePath(temp.Path, Path.GetFullPath(KokkosProject.DefaultKokkosRoot()));
        var r = ProcessRunner.Run(TestPaths.LapisCli, ["check", "conv.mlir", "--work-dir", "work", "--kokkos-root", kokkos, "--dynamic-size", "7"], workingDirectory: temp.Path);
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
        Assert.That(File.Exists(Path.Combine(temp.Path, "work", "kernel.cpp")), Is.True, "the relative --work-dir is under the current directory");
        Assert.That(File.Exists(Path.Combine(temp.Path, "work", "reference", "arg0.bin")), Is.True);
    }
}

using Lapis.Tests.Support;

namespace Lapis.Tests.Execution;

/// <summary>
/// <c>lapis run</c> of programs that read tensor files (<c>getTensorFilename</c> +
/// <c>sparse_tensor.new</c>) and write them (<c>sparse_tensor.out</c>), against
/// <c>mlir-opt-22 --sparsifier=enable-runtime-library=false | mlir-runner-22</c> with the same
/// TENSOR&lt;i&gt;: stdout (and the written file) byte for byte. The data files are written here,
/// into a temporary folder; the programs are in <c>tensor_files/</c>.
/// </summary>
public sealed class TensorFileRunTests
{
    /// <summary>lapis run's cache for this fixture: each program is built once, by this Lapis.</summary>
    private TempDirectory _cache = null!;

    [OneTimeSetUp]
    public void CreateCache() => _cache = new TempDirectory("lapis-tensor-files-cache-");

    [OneTimeTearDown]
    public void DeleteCache() => _cache.Dispose();

    private static string Program(string name) => Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "tensor_files", name);

    /// <summary>Out of order, with a comment line and an exponent: MLIR sorts what it reads.</summary>
    private const string General = """
        %%MatrixMarket matrix coordinate real general
        % general real, entries out of order
        6 5 9
        3 2 -1.25
        1 1 2.5
        6 5 1.5e2
        2 4 0.125
        1 3 7
        5 1 -3
        4 4 9.75
        3 5 1e-3
        2 1 4

        """;

    /// <summary>The lower triangle (MLIR's reader gives only the listed entries); a capitalized field.</summary>
    private const string Symmetric = """
        %%MatrixMarket matrix coordinate Real symmetric
        5 5 7
        1 1 1.5
        3 1 2
        2 2 -4
        5 2 6.25
        4 3 8
        5 5 10
        4 4 0.5

        """;

    private const string Pattern = """
        %%MatrixMarket matrix coordinate pattern general
        %
        5 4 6
        5 4
        1 2
        3 1
        2 3
        4 4
        1 1

        """;

    private const string Integer = """
        %%MatrixMarket matrix coordinate integer general
        4 6 5
        4 6 60
        1 2 12
        3 3 33
        1 1 11
        2 5 25

        """;

    private const string Frostt = """
        # extended FROSTT format
        # a comment
        3 8
        4 3 5
        1 1 1 3
        4 3 5 -7
        2 2 4 12
        1 3 2 5
        3 1 5 40
        4 1 1 -2
        2 3 3 9
        3 2 2 1

        """;

    [Test]
    public void ReadingMatrixMarketAndFrosttFilesPrintsWhatMlirRunnerPrints()
    {
        using var temp = new TempDirectory("lapis-tensor-files-");
        var files = new[] { ("general.mtx", General), ("symmetric.mtx", Symmetric), ("pattern.mtx", Pattern), ("integer.mtx", Integer), ("tensor.tns", Frostt) };
        var env = new Dictionary<string, string?>();
        for (var i = 0; i < files.Length; i++)
        {
            var path = Path.Combine(temp.Path, files[i].Item1);
            File.WriteAllText(path, files[i].Item2);
            env[$"TENSOR{i}"] = path;
        }
        var (expected, ours) = RunBoth(Program("read_tensor_files.mlir"), env);
        Assert.That(ours.StdOut, Does.Contain("---- Sparse Tensor ----"));
        Assert.That(ours.StdOut, Is.EqualTo(expected.StdOut));
    }

    [Test]
    public void SparseTensorOutPrintsWhatMlirRunnerPrintsOnStdout()
    {
        var (expected, ours) = RunBoth(Program("write_tensor_file.mlir"), new Dictionary<string, string?> { ["TENSOR0"] = "" });
        Assert.That(ours.StdOut, Does.StartWith("# extended FROSTT format\n"));
        Assert.That(ours.StdOut, Is.EqualTo(expected.StdOut));
    }

    [Test]
    public void SparseTensorOutWritesTheFileMlirRunnerWrites()
    {
        using var temp = new TempDirectory("lapis-tensor-out-file-");
        var reference = Path.Combine(temp.Path, "reference.tns");
        var written = Path.Combine(temp.Path, "ours.tns");
        var expected = Reference(Program("write_tensor_file.mlir"), new Dictionary<string, string?> { ["TENSOR0"] = reference });
        Assert.That(expected.ExitCode, Is.Zero, expected.StdErr);
        var ours = Lapis(Program("write_tensor_file.mlir"), new Dictionary<string, string?> { ["TENSOR0"] = written });
        Assert.That(ours.ExitCode, Is.Zero, ours.StdErr);
        Assert.That(ours.StdOut, Is.EqualTo(expected.StdOut));
        Assert.That(File.ReadAllText(written), Is.EqualTo(File.ReadAllText(reference)));
    }

    /// <summary>An unset TENSOR0 or a file that is not there: MLIR's message, exit code 1, no crash.</summary>
    [TestCase(null, "Environment variable TENSOR0 is not set")]
    [TestCase("absent.mtx", "Cannot find file")]
    public void AMissingTensorFileIsMlirsErrorNotACrash(string? file, string message)
    {
        using var temp = new TempDirectory("lapis-tensor-missing-");
        var env = new Dictionary<string, string?> { ["TENSOR0"] = file is null ? null : Path.Combine(temp.Path, file) };
        var expected = Reference(Program("read_tensor_files.mlir"), env);
        Assert.That(expected.ExitCode, Is.EqualTo(1));
        var ours = Lapis(Program("read_tensor_files.mlir"), env);
        Assert.That(ours.ExitCode, Is.EqualTo(1), ours.StdErr);
        Assert.That(ours.StdErr, Does.Contain(message));
        Assert.That(ours.StdErr, Does.Contain(expected.StdErr.Trim()));
        Assert.That(ours.StdErr, Does.Not.Contain("crashed"));
        Assert.That(ours.StdOut, Is.EqualTo(expected.StdOut));
    }

    [Test]
    public void AnUnknownFileFormatIsMlirsError()
    {
        using var temp = new TempDirectory("lapis-tensor-format-");
        var path = Path.Combine(temp.Path, "matrix.txt");
        File.WriteAllText(path, General);
        var env = new Dictionary<string, string?> { ["TENSOR0"] = path };
        var expected = Reference(Program("read_tensor_files.mlir"), env);
        var ours = Lapis(Program("read_tensor_files.mlir"), env);
        Assert.That(expected.StdErr, Does.Contain("Unknown format"));
        Assert.That((ours.ExitCode, ours.StdErr.Contains(expected.StdErr.Trim())), Is.EqualTo((1, true)), ours.StdErr);
    }

    /// <summary>Complex values have no C++ form in Lapis: reading them is a located error, not a silent drop.</summary>
    [Test]
    public void ReadingComplexValuesIsALocatedError()
    {
        using var temp = new TempDirectory("lapis-tensor-complex-");
        var program = Path.Combine(temp.Path, "complex.mlir");
        File.WriteAllText(program, """
            #CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
            func.func private @getTensorFilename(index) -> (!llvm.ptr)
            func.func @main() {
              %c0 = arith.constant 0 : index
              %f = call @getTensorFilename(%c0) : (index) -> (!llvm.ptr)
              %a = sparse_tensor.new %f : !llvm.ptr to tensor<?x?xcomplex<f64>, #CSR>
              sparse_tensor.print %a : tensor<?x?xcomplex<f64>, #CSR>
              return
            }
            """);
        var r = ProcessRunner.Run(TestPaths.LapisCli, ["run", program, "--translate-only", Path.Combine(temp.Path, "out")]);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("complex.mlir:6:").And.Contain("error: unsupported type 'complex<f64>'"));
    }

    private (ProcessResult Expected, ProcessResult Ours) RunBoth(string program, IReadOnlyDictionary<string, string?> env)
    {
        var expected = Reference(program, env);
        Assert.That(expected.ExitCode, Is.Zero, $"MLIR's reference failed: {expected.StdErr}");
        var ours = Lapis(program, env);
        Assert.That(ours.ExitCode, Is.Zero, ours.StdErr);
        return (expected, ours);
    }

    private static ProcessResult Reference(string program, IReadOnlyDictionary<string, string?> env) => ProcessRunner.Bash(
        $"{TestPaths.MlirOpt} '{program}' --sparsifier=enable-runtime-library=false | {TestPaths.LlvmBin}/mlir-runner -e main -entry-point-result=void " +
        "-shared-libs=/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_runner_utils.so", environment: env);

    private ProcessResult Lapis(string program, IReadOnlyDictionary<string, string?> env) =>
        ProcessRunner.Run(TestPaths.LapisCli, ["run", program, "--cache-dir", _cache.Path], environment: env);
}

using Lapis.Tests.Support;

namespace Lapis.Tests.Cli;

/// <summary>The CLI as a user runs it: exit codes, diagnostics on stderr, no partial output.</summary>
public sealed class CliTests
{
    private string _dir = "";

    [SetUp]
    public void CreateTempDir() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "lapis-cli-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void RemoveTempDir() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void HelpListsTheCommands()
    {
        var r = ProcessRunner.Lapis("--help");
        Assert.That(r.ExitCode, Is.Zero);
        Assert.That(r.StdOut, Does.Contain("opt").And.Contain("translate"));
    }

    [Test]
    public void VersionPrintsTheVersion()
    {
        var r = ProcessRunner.Lapis("--version");
        Assert.That(r.ExitCode, Is.Zero);
        Assert.That(r.StdOut.Trim(), Does.StartWith("0.1.0"));
    }

    /// <summary>
    /// A module file named after a function the printed code's headers declare (nan, exp, log,
    /// sqrt from &lt;cmath&gt;; div from &lt;cstdlib&gt;) gets a namespace that does not collide with
    /// it: all five compile together in one translation unit (Kokkos 3.4 and Kokkos 5).
    /// </summary>
    [Test]
    public void ModulesNamedAfterLibraryFunctionsGetNamespacesThatCompile()
    {
        const string kernel = """
            func.func @twice(%x: tensor<7xf32>) -> tensor<7xf32> {
              %e = tensor.empty() : tensor<7xf32>
              %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
                  ins(%x : tensor<7xf32>) outs(%e : tensor<7xf32>) {
              ^bb0(%v: f32, %o: f32):
                %s = arith.addf %v, %v : f32
                linalg.yield %s : f32
              } -> tensor<7xf32>
              return %r : tensor<7xf32>
            }
            """;
        string[] names = ["nan", "exp", "log", "sqrt", "div"];
        foreach (var name in names)
        {
            var r = ProcessRunner.Lapis("translate", Write(name + ".mlir", kernel), "-o", Path.Combine(_dir, name + ".cpp"));
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            Assert.That(File.ReadAllText(Path.Combine(_dir, name + ".hpp")), Does.Contain($"namespace {name}_ {{"));
        }
        var all = Write("all.cpp", string.Concat(names.Select(n => $"#include \"{n}.cpp\"\n")) + "#include <cmath>\n#include <cstdlib>\n" +
            "double use_them() { return nan(\"\") + exp(1.0) + log(2.0) + sqrt(4.0) + div(7, 2).quot + " +
            string.Join(" + ", names.Select(n => $"static_cast<double>(sizeof(&{n}_::twice))")) + "; }\n");
        Kokkos5SyntaxCheck.AssertCompiles([_dir], [all], _dir);
        var kokkos3 = Environment.GetEnvironmentVariable("LAPIS_KOKKOS_ROOT") is { Length: > 0 } root ? root : Path.Combine(TestPaths.RepoRoot, ".deps", "kokkos-3.4");
        var gxx = ProcessRunner.Run("g++", ["-std=c++17", "-fsyntax-only", "-fopenmp", $"-I{Path.Combine(kokkos3, "include")}", $"-I{_dir}", all], workingDirectory: _dir);
        Assert.That(gxx.ExitCode, Is.Zero, "g++ -fsyntax-only (Kokkos 3.4):\n" + gxx.StdOut + gxx.StdErr);
    }

    [Test]
    public void OptMatchesMlirOptByteForByteOnAnUpstreamPipeline()
    {
        var input = SharedInputs.Path("spmv_csr_i32.mlir");
        SharedInputs.Require(input);
        const string pipeline = "builtin.module(sparsification-and-bufferization)";
        var ours = ProcessRunner.Lapis("opt", input, "--pass-pipeline", pipeline);
        var theirs = ProcessRunner.Run(TestPaths.MlirOpt, [input, $"--pass-pipeline={pipeline}"]);
        Assert.That(theirs.ExitCode, Is.Zero, theirs.StdErr);
        Assert.That(ours.ExitCode, Is.Zero, ours.StdErr);
        Assert.That(ours.StdOut, Does.Contain("storage_specifier"), "the pipeline did not run");
        Assert.That(ours.StdOut, Is.EqualTo(theirs.StdOut));
    }

    [Test]
    public void OptReadsStdinAndWritesStdout()
    {
        var r = ProcessRunner.Run(TestPaths.LapisCli, ["opt", "-", "--pass-pipeline", "builtin.module(canonicalize)"],
            stdin: "func.func @f(%a: i32) -> i32 {\n  %z = arith.constant 0 : i32\n  %s = arith.addi %a, %z : i32\n  return %s : i32\n}\n");
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut, Does.Not.Contain("arith.addi"));
        Assert.That(r.StdOut, Does.Contain("return %arg0 : i32"));
    }

    [Test]
    public void SyntaxErrorIsLocatedAndLeavesNoOutputFile()
    {
        var input = Write("bad.mlir", "func.func @f() {\n  %x = arith.addi %y, %y : i32\n  return\n}\n");
        var output = Path.Combine(_dir, "out.cpp");
        var r = ProcessRunner.Lapis("translate", input, "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.StartWith($"{input}:2:19: error: use of undeclared SSA value name"));
        Assert.That(r.StdErr, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { input }));
    }

    [Test]
    public void VerifierErrorIsLocatedAndDoesNotOverwriteAnExistingOutput()
    {
        var input = Write("verify.mlir", "func.func @f(%a: i32) -> i64 {\n  return %a : i32\n}\n");
        var output = Write("out.cpp", "previous content");
        var r = ProcessRunner.Lapis("translate", input, "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.Contain($"{input}:2:3: error:").And.Contain("func.return"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("previous content"));
        Assert.That(Directory.GetFiles(_dir), Has.Length.EqualTo(2));
    }

    [Test]
    public void UnknownPassNameIsAnError()
    {
        var input = Write("ok.mlir", "func.func @f() { return }\n");
        var output = Path.Combine(_dir, "out.mlir");
        var r = ProcessRunner.Lapis("opt", input, "--pass-pipeline", "builtin.module(canonicalize,frobnicate)", "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.Contain("<pass-pipeline>:1:29: error:").And.Contain("frobnicate"));
        Assert.That(File.Exists(output), Is.False);
    }

    /// <summary>
    /// A public function named after an entry of the extern "C" layer (<c>ns_free</c>, <c>ns_initialize</c>...)
    /// is a located error naming it, not a duplicate C symbol or a silently renamed entry; the same
    /// function private translates (it has no C entry).
    /// </summary>
    [TestCase("free")]
    [TestCase("initialize")]
    [TestCase("finalize")]
    [TestCase("last_error")]
    public void PublicFunctionNamedAfterAnExternCEntryIsALocatedError(string name)
    {
        const string body = "(%x: f32) -> f32 {\n  %y = arith.addf %x, %x : f32\n  return %y : f32\n}\n";
        var input = Write("m.mlir", "func.func @twice" + body + $"func.func @{name}" + body);
        var output = Path.Combine(_dir, "m.cpp");
        var r = ProcessRunner.Lapis("translate", input, "-o", output, "--namespace", "m");
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.StartWith($"{input}:5:1: error: public function '@{name}' collides with the extern \"C\" entry m_{name}"), r.StdErr);
        Assert.That(File.Exists(output), Is.False);

        var ok = ProcessRunner.Lapis("translate", Write("p.mlir", "func.func @twice" + body + $"func.func private @{name}" + body), "-o", output, "--namespace", "m");
        Assert.That(ok.ExitCode, Is.Zero, ok.StdErr);
    }

    [Test]
    public void UnsupportedOpNamesTheOpAndItsLocation()
    {
        var input = Write("unsupported.mlir",
            "func.func @f(%m: memref<4xf32>) -> f32 {\n  %c0 = arith.constant 0 : index\n  %p = arith.constant 0.0 : f32\n  %v = vector.transfer_read %m[%c0], %p : memref<4xf32>, vector<4xf32>\n  %r = vector.reduction <add>, %v : vector<4xf32> into f32\n  return %r : f32\n}\n");
        var output = Path.Combine(_dir, "out.cpp");
        var r = ProcessRunner.Lapis("translate", input, "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.StartWith($"{input}:5:8: error: unsupported operation 'vector.reduction'"));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { input }));
    }

    [Test]
    public void SparseKernelTheSparsifierCannotGenerateIsALocatedError()
    {
        // A max over a CSR matrix with plain arith.maxnumf depends on the implicit zeros.
        var input = Path.Combine(_dir, "max.mlir");
        File.WriteAllText(input, """
            #CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
            #max = { indexing_maps = [affine_map<(i,j) -> (i,j)>, affine_map<(i,j) -> ()>], iterator_types = ["reduction", "reduction"] }
            func.func @max(%A: tensor<?x?xf32, #CSR>, %init: tensor<f32>) -> tensor<f32> {
              %0 = linalg.generic #max ins(%A : tensor<?x?xf32, #CSR>) outs(%init : tensor<f32>) {
              ^bb0(%a: f32, %acc: f32):
                %s = arith.maxnumf %acc, %a : f32
                linalg.yield %s : f32
              } -> tensor<f32>
              return %0 : tensor<f32>
            }
            """);
        var r = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(_dir, "max.cpp"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.StartWith($"{input}:3:16: error: unsupported: MLIR's sparsifier could not generate code"), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("sparse_tensor.reduce"));
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { input }));
    }

    [Test]
    public void TensorDimOutOfRangeOnASparseTensorIsALocatedError()
    {
        // MLIR's verifier accepts it and LLVM 22's sparsifier dies on it.
        var input = Write("dim.mlir", """
            #CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
            func.func @bad_dim(%a: tensor<?x?xf64, #CSR>) -> index {
              %c2 = arith.constant 2 : index
              %d = tensor.dim %a, %c2 : tensor<?x?xf64, #CSR>
              return %d : index
            }
            """);
        var translated = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(_dir, "dim.cpp"));
        Assert.That(translated.ExitCode, Is.EqualTo(1), translated.StdErr);
        Assert.That(translated.StdErr, Does.StartWith($"{input}:4:8: error: tensor.dim index 2 is out of range"), translated.StdErr);
        Assert.That(translated.StdErr, Does.Contain("(rank 2)"));
        var opt = ProcessRunner.Lapis("opt", input, "-p", "builtin.module(sparsification-and-bufferization)", "-o", Path.Combine(_dir, "dim.out.mlir"));
        Assert.That(opt.ExitCode, Is.EqualTo(1), opt.StdErr);
        Assert.That(opt.StdErr, Does.StartWith($"{input}:4:8: error: tensor.dim index 2 is out of range"), opt.StdErr);
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { input }));
    }

    /// <summary>
    /// Kernels on which LLVM 22's sparsifier crashes when it parallelizes a loop carrying a
    /// reduction over a nested loop, although their first iterator is not always a reduction, or
    /// a reduction loop whose reduction never gets an update (a semiring op that yields nothing):
    /// <c>lapis translate</c> sparsifies them serially; <c>lapis opt</c> with an explicit parallel
    /// strategy gives a located error (upstream mlir-opt-22 gets SIGSEGV on both), and with
    /// strategy none it runs.
    /// </summary>
    [TestCase("linalg_reduce_all", """
        #CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
        func.func @sum(%a: tensor<?x?xf64, #CSR>, %init: tensor<f64>) -> tensor<f64> {
          %0 = linalg.reduce ins(%a : tensor<?x?xf64, #CSR>) outs(%init : tensor<f64>) dimensions = [0, 1]
            (%x: f64, %acc: f64) {
              %s = arith.addf %x, %acc : f64
              linalg.yield %s : f64
            }
          return %0 : tensor<f64>
        }
        """, "any-storage-any-loop")]
    [TestCase("pooling_sparse_window", """
        #CSR = #sparse_tensor.encoding<{ map = (i, j) -> (i : dense, j : compressed) }>
        func.func @pool(%in: tensor<2x3x7x6xf32>, %w: tensor<2x3xf32, #CSR>, %init: tensor<2x3x6x4xf32>) -> tensor<2x3x6x4xf32> {
          %0 = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
             ins(%in, %w : tensor<2x3x7x6xf32>, tensor<2x3xf32, #CSR>) outs(%init : tensor<2x3x6x4xf32>) -> tensor<2x3x6x4xf32>
          return %0 : tensor<2x3x6x4xf32>
        }
        """, "dense-any-loop")]
    [TestCase("reduce_without_update", """
        #SV = #sparse_tensor.encoding<{ map = (d0) -> (d0 : compressed) }>
        func.func @red(%a: tensor<8xi32, #SV>, %x: tensor<i32>) -> tensor<i32> {
          %0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
            ins(%a : tensor<8xi32, #SV>) outs(%x : tensor<i32>) {
            ^bb(%v: i32, %acc: i32):
              %one = arith.constant 1 : i32
              %u = sparse_tensor.unary %v : i32 to i32 present={ } absent={ }
              %r = sparse_tensor.reduce %u, %acc, %one : i32 {
                ^bb0(%p: i32, %q: i32):
                  %s = arith.addi %p, %q : i32
                  sparse_tensor.yield %s : i32
              }
              linalg.yield %r : i32
          } -> tensor<i32>
          return %0 : tensor<i32>
        }
        """, "any-storage-any-loop")]
    public void SparsifierCrashShapeIsSerialOrALocatedError(string name, string text, string strategy)
    {
        var input = Write(name + ".mlir", text);
        var translated = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(_dir, name + ".cpp"));
        Assert.That(translated.ExitCode, Is.Zero, translated.StdErr);
        Assert.That(File.ReadAllText(Path.Combine(_dir, name + ".cpp")), Does.Not.Contain("parallel_reduce"), "the crash shape is sparsified serially");

        string Pipeline(string s) => $"builtin.module(func.func(linalg-generalize-named-ops),sparse-reinterpret-map,sparsification-and-bufferization{{parallelization-strategy={s}}})";
        var parallel = ProcessRunner.Lapis("opt", input, "-p", Pipeline(strategy), "-o", Path.Combine(_dir, name + ".par.mlir"));
        Assert.That(parallel.ExitCode, Is.EqualTo(1), parallel.StdErr);
        Assert.That(parallel.StdErr, Does.StartWith($"{input}:3:"), parallel.StdErr);
        Assert.That(parallel.StdErr, Does.Contain($"error: LLVM 22's sparsifier crashes on this kernel with parallelization-strategy={strategy}"), parallel.StdErr);
        Assert.That(File.Exists(Path.Combine(_dir, name + ".par.mlir")), Is.False);
        var serial = ProcessRunner.Lapis("opt", input, "-p", Pipeline("none"), "-o", Path.Combine(_dir, name + ".serial.mlir"));
        Assert.That(serial.ExitCode, Is.Zero, serial.StdErr);
    }

    [Test]
    public void MissingInputFileIsAnError()
    {
        var r = ProcessRunner.Lapis("translate", Path.Combine(_dir, "nope.mlir"), "-o", Path.Combine(_dir, "x.cpp"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.StdErr, Does.Contain("nope.mlir").And.Contain("error"));
        Assert.That(Directory.GetFiles(_dir), Is.Empty);
    }

    [Test]
    public void TranslateWritesHeaderAndSource()
    {
        var input = Write("axpy.mlir",
            "func.func @axpy(%a: f64, %x: memref<?xf64>, %y: memref<?xf64>) {\n  %c0 = arith.constant 0 : index\n  %c1 = arith.constant 1 : index\n  %n = memref.dim %x, %c0 : memref<?xf64>\n" +
            "  scf.for %i = %c0 to %n step %c1 {\n    %xi = memref.load %x[%i] : memref<?xf64>\n    %yi = memref.load %y[%i] : memref<?xf64>\n    %p = arith.mulf %a, %xi : f64\n    %s = arith.addf %p, %yi : f64\n    memref.store %s, %y[%i] : memref<?xf64>\n  }\n  return\n}\n");
        var r = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(_dir, "axpy.cpp"));
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        var header = File.ReadAllText(Path.Combine(_dir, "axpy.hpp"));
        var source = File.ReadAllText(Path.Combine(_dir, "axpy.cpp"));
        Assert.That(header, Does.Contain("namespace axpy").And.Contain("axpy("));
        Assert.That(source, Does.Contain("#include \"axpy.hpp\"").And.Contain("Kokkos::View<double*"));
    }
}

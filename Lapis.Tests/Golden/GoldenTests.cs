using System.Text;
using Lapis.Translator.Emit;
using Lapis.Translator.Load;

namespace Lapis.Tests.Golden;

/// <summary>
/// Roslyn-style baselines for the C++ printer: each <c>cases/X.mlir</c> must translate to
/// exactly <c>cases/X.expected.hpp</c> and <c>cases/X.expected.cpp</c>. Run with
/// <c>LAPIS_UPDATE_GOLDEN=1</c> to rewrite the expected files (then review the diff).
/// </summary>
public sealed class GoldenTests
{
    private static bool Update => Environment.GetEnvironmentVariable("LAPIS_UPDATE_GOLDEN") == "1";

    public static IEnumerable<TestCaseData> Cases() =>
        GoldenCases.Names.Select(n => new TestCaseData(n).SetName($"Golden({n})"));

    [TestCaseSource(nameof(Cases))]
    public void TranslatesToExpectedCpp(string name)
    {
        var emitted = GoldenCases.Translate(name);
        if (Update)
        {
            File.WriteAllText(GoldenCases.ExpectedHeaderPath(name), emitted.Header);
            File.WriteAllText(GoldenCases.ExpectedSourcePath(name), emitted.Source);
            return;
        }
        var failures = new StringBuilder();
        Compare(GoldenCases.ExpectedHeaderPath(name), emitted.Header, failures);
        Compare(GoldenCases.ExpectedSourcePath(name), emitted.Source, failures);
        if (failures.Length > 0)
            Assert.Fail($"{name}.mlir does not translate to its expected output (LAPIS_UPDATE_GOLDEN=1 rewrites it):\n{failures}");
    }

    [Test]
    public void TranslationIsDeterministic()
    {
        var name = GoldenCases.Names.First(n => n.StartsWith("memref_global", StringComparison.Ordinal));
        Assert.That(GoldenCases.Translate(name), Is.EqualTo(GoldenCases.Translate(name)));
    }

    /// <summary>Two `lapis translate` processes print the same bytes (no hash-order or address-dependent output).</summary>
    [Test]
    public void TranslationIsDeterministicAcrossProcesses()
    {
        using var temp = new Lapis.Tests.Support.TempDirectory("lapis-deterministic-");
        var outputs = new[] { "first", "second" }.Select(run =>
        {
            var dir = Path.Combine(temp.Path, run);
            Directory.CreateDirectory(dir);
            var r = Lapis.Tests.Support.ProcessRunner.Lapis("translate", Path.Combine(GoldenCases.CasesDir, "kokkos_team_hierarchy.mlir"), "-o", Path.Combine(dir, "k.cpp"));
            Assert.That(r.ExitCode, Is.Zero, r.StdErr);
            return (Header: File.ReadAllText(Path.Combine(dir, "k.hpp")), Source: File.ReadAllText(Path.Combine(dir, "k.cpp")));
        }).ToArray();
        Assert.That(outputs[0].Source, Is.Not.Empty);
        Assert.That(outputs[1], Is.EqualTo(outputs[0]));
    }

    [Test]
    public void EveryCaseHasExpectedFiles()
    {
        var missing = GoldenCases.Names
            .Where(n => !File.Exists(GoldenCases.ExpectedHeaderPath(n)) || !File.Exists(GoldenCases.ExpectedSourcePath(n)))
            .ToArray();
        Assert.That(missing, Is.Empty, "cases without expected files (run with LAPIS_UPDATE_GOLDEN=1)");
        var orphans = Directory.EnumerateFiles(GoldenCases.CasesDir, "*.expected.*")
            .Select(f => Path.GetFileName(f)[..Path.GetFileName(f).IndexOf(".expected.", StringComparison.Ordinal)])
            .Where(n => !GoldenCases.Names.Contains(n)).Distinct().ToArray();
        Assert.That(orphans, Is.Empty, "expected files without a case");
    }

    /// <summary>Appends a line-numbered diff of the first differing lines (at most 40) to <paramref name="failures"/>.</summary>
    private static void Compare(string expectedPath, string actual, StringBuilder failures)
    {
        var file = Path.GetFileName(expectedPath);
        if (!File.Exists(expectedPath))
        {
            failures.Append($"--- {file}: missing\n");
            return;
        }
        var expected = File.ReadAllText(expectedPath);
        if (expected == actual) return;
        failures.Append($"--- {file} (expected)\n+++ actual\n");
        failures.Append(LineDiff.Render(expected, actual, maxLines: 40));
    }
}

/// <summary>A small line diff (LCS) printed as <c>-12: expected</c> / <c>+12: actual</c> lines.</summary>
public static class LineDiff
{
    public static string Render(string expected, string actual, int maxLines)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        // Trim the common prefix and suffix, then LCS on the middle (kept small in practice).
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start]) start++;
        int endA = a.Length, endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) { endA--; endB--; }
        var n = endA - start;
        var m = endB - start;
        var sb = new StringBuilder();
        var written = 0;
        void Emit(string line)
        {
            if (written++ < maxLines) sb.Append(line).Append('\n');
        }
        if ((long)n * m > 4_000_000)
        {
            for (var i = start; i < endA; i++) Emit($"-{i + 1}: {a[i]}");
            for (var j = start; j < endB; j++) Emit($"+{j + 1}: {b[j]}");
        }
        else
        {
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
                for (var j = m - 1; j >= 0; j--)
                    lcs[i, j] = a[start + i] == b[start + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[start + x] == b[start + y]) { x++; y++; }
                else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y])) { Emit($"+{start + y + 1}: {b[start + y]}"); y++; }
                else { Emit($"-{start + x + 1}: {a[start + x]}"); x++; }
            }
        }
        if (written > maxLines) sb.Append($"... {written - maxLines} more differing lines\n");
        return sb.ToString();
    }
}

/// <summary>Unsupported input is a located error naming the op, never skipped.</summary>
public sealed class UnsupportedOpTests
{
    private static TranslationException TranslateText(string mlir)
    {
        var dir = Path.Combine(Path.GetTempPath(), "lapis-golden-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, "unsupported.mlir");
            File.WriteAllText(path, mlir);
            using var context = ModuleLoader.CreateContext();
            using var module = ModuleLoader.Load(context, path);
            Lapis.Translator.Pipeline.ModuleTranslator.Lower(context, module, Lapis.Translator.Pipeline.InputClassifier.Classify(module));
            return Assert.Throws<TranslationException>(() =>
                ModuleEmitter.Emit(module, new EmitOptions("unsupported", "unsupported.hpp", "unsupported.mlir")))!;
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void VectorOpIsReportedWithItsLocation()
    {
        // vector.print and transfer_read are printed now (lapis run); a vector reduction is not.
        var error = TranslateText("""
            func.func @f(%m: memref<4xf32>) -> f32 {
              %c0 = arith.constant 0 : index
              %p = arith.constant 0.0 : f32
              %v = vector.transfer_read %m[%c0], %p : memref<4xf32>, vector<4xf32>
              %r = vector.reduction <add>, %v : vector<4xf32> into f32
              return %r : f32
            }
            """);
        var d = error.Diagnostics.Single();
        Assert.That(d.Message, Does.Contain("unsupported operation 'vector.reduction'"));
        Assert.That((d.Position.Line, d.Position.Column), Is.EqualTo((5, 8)));
        Assert.That(d.Position.File, Does.EndWith("unsupported.mlir"));
    }

    [Test]
    public void GpuOpInsideALoopIsReportedWithItsLocation()
    {
        var error = TranslateText("""
            func.func @f(%n: index) {
              %c0 = arith.constant 0 : index
              %c1 = arith.constant 1 : index
              scf.for %i = %c0 to %n step %c1 {
                    gpu.barrier
              }
              return
            }
            """);
        var d = error.Diagnostics.Single();
        Assert.That(d.Message, Does.Contain("unsupported operation 'gpu.barrier'"));
        Assert.That((d.Position.Line, d.Position.Column), Is.EqualTo((5, 9)));
    }

    [Test]
    public void UnsupportedTypeIsReportedWithTheOpLocation()
    {
        var error = TranslateText("""
            func.func @f(%a: i128, %b: i128) -> i128 {
              %s = arith.addi %a, %b : i128
              return %s : i128
            }
            """);
        var d = error.Diagnostics.Single();
        Assert.That(d.Message, Does.Contain("unsupported type 'i128'"));
        Assert.That(d.Position.Line, Is.EqualTo(1));
    }

    [Test]
    public void BranchesAreReportedAsUnsupported()
    {
        var error = TranslateText("""
            func.func @count(%n: i32) -> i32 {
              %c0 = arith.constant 0 : i32
              cf.br ^loop(%c0 : i32)
            ^loop(%i: i32):
              %more = arith.cmpi slt, %i, %n : i32
              cf.cond_br %more, ^body, ^exit
            ^body:
              %c1 = arith.constant 1 : i32
              %j = arith.addi %i, %c1 : i32
              cf.br ^loop(%j : i32)
            ^exit:
              return %i : i32
            }
            """);
        var d = error.Diagnostics.Single();
        Assert.That(d.Message, Does.Contain("unsupported operation 'cf.br'"));
        Assert.That((d.Position.Line, d.Position.Column), Is.EqualTo((3, 3)));
    }
}

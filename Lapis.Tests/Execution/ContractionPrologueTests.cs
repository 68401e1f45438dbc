using Lapis.Tests.Support;

namespace Lapis.Tests.Execution;

/// <summary>
/// Tiled contractions with operand prologues (kernels/contraction_prologues_*.mlir, also run by
/// <see cref="CheckTests"/> at the default dynamic size) at a dynamic size that is no multiple of any
/// tile, compared with MLIR's own execution; the printed kernel applies each prologue where it packs
/// the operand (never in the multiply-add loop).
/// </summary>
public sealed class ContractionPrologueTests
{
    private static string Kernel(string name) => Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "kernels", name + ".mlir");

    [Test]
    public void DynamicProloguesAtSize67MatchMlirsOwnExecution()
    {
        using var work = new TempDirectory("lapis-prologues-");
        var r = ProcessRunner.Lapis("check", Kernel("contraction_prologues_f64_dynamic"), "--dynamic-size", "67", "--seed", "7", "--work-dir", work.Path);
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
        Assert.That(lines.Count(l => l.Contains(" PASS", StringComparison.Ordinal)), Is.EqualTo(3), r.StdOut);
        Assert.That(r.StdOut, Does.Not.Contain("NaN/Inf"));
        var source = File.ReadAllText(Path.Combine(work.Path, "kernel.cpp"));
        // each prologue is a lambda of its kernel, called only where an operand element is packed
        var calls = source.Split('\n').Where(l => l.Contains("_prologue(", StringComparison.Ordinal) && !l.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToArray();
        Assert.That(calls, Is.Not.Empty);
        Assert.That(calls.All(l => l.Contains("panel", StringComparison.Ordinal) || l.Contains("_next", StringComparison.Ordinal)), Is.True, string.Join("\n", calls));
    }

    /// <summary>The printed prologue lambdas are portable Kokkos: the kernels also compile against Kokkos 5.</summary>
    [Test]
    public void ProloguesCompileAgainstKokkos5()
    {
        using var work = new TempDirectory("lapis-prologues-k5-");
        foreach (var name in new[] { "contraction_prologues_f32", "contraction_prologues_f64_dynamic" })
        {
            var r = ProcessRunner.Lapis("translate", Kernel(name), "-o", Path.Combine(work.Path, name + ".cpp"));
            Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        }
        Kokkos5SyntaxCheck.AssertCompiles([], ["contraction_prologues_f32.cpp", "contraction_prologues_f64_dynamic.cpp"], work.Path);
    }
}

using System.Globalization;
using System.Text;
using Lapis.Tests.Support;

namespace Lapis.Tests.Execution;

/// <summary>
/// The nonzero-split CSR SpMV (lapis-kokkos-loop-mapping, NonzeroSplitMapping) through `lapis
/// check` on power-law matrices written by <see cref="WritePowerLaw"/>: one huge row (all columns),
/// every fifth row empty, the others 40 / (1 + i mod 17) entries, seeded random columns and
/// integer values; sizes that are not multiples of any chunk (97, 997 rows) and a 1x1 matrix. On
/// 2 OpenMP threads a chunk is about a ninth of the entries, so the huge row is cut by several
/// chunk boundaries. Every output is compared with MLIR's own sparsifier on the same matrix.
/// </summary>
public sealed class SkewedSpmvTests
{
    private static string Kernels => Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "sparse", "spmv_skewed.mlir");

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData("split_f64", 97, 3).SetName("SkewedSpmv(split_f64, 97 rows, huge row 3)");
        yield return new TestCaseData("split_scaled_f32", 997, 500).SetName("SkewedSpmv(split_scaled_f32 i32 positions, 997 rows, huge row 500)");
        yield return new TestCaseData("split_i32", 1, 0).SetName("SkewedSpmv(split_i32 i64 positions, 1x1)");
        yield return new TestCaseData("auto_f64", 997, 996).SetName("SkewedSpmv(auto_f64 run-time choice, 997 rows, huge last row)");
        yield return new TestCaseData("auto_csr32_f64", 997, 12).SetName("SkewedSpmv(auto_csr32_f64 i32 positions and coordinates, run-time choice, 997 rows, huge row 12)");
    }

    [TestCaseSource(nameof(Cases))]
    public void NonzeroSplitSpmvMatchesMlirsOwnExecution(string entry, int rows, int hugeRow)
    {
        using var temp = new TempDirectory("lapis-skewed-");
        var mtx = Path.Combine(temp.Path, "a.mtx");
        var nonzeros = WritePowerLaw(mtx, rows, hugeRow, seed: rows + hugeRow);
        Assert.That(nonzeros, Is.GreaterThanOrEqualTo(rows), "the matrix has its huge row");
        var r = ProcessRunner.Lapis("check", Kernels, "--entry", entry, "--dynamic-size", rows.ToString(CultureInfo.InvariantCulture),
            "--arg", $"arg0={mtx}");
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
        Assert.That(lines.Count(l => l.Contains("result0", StringComparison.Ordinal) && l.Contains(" PASS", StringComparison.Ordinal)), Is.EqualTo(1), r.StdOut);
    }

    /// <summary>Writes the power-law matrix described above as Matrix Market; returns its number of entries.</summary>
    internal static int WritePowerLaw(string path, int n, int hugeRow, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            var length = i == hugeRow ? n : i % 5 == 1 ? 0 : Math.Min(n, 40 / (1 + i % 17));
            var columns = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(length).Order();
            foreach (var c in columns)
            {
                var value = random.Next(-4, 5);
                text.Append(CultureInfo.InvariantCulture, $"{i + 1} {c + 1} {(value == 0 ? 1 : value)}\n");
                count++;
            }
        }
        File.WriteAllText(path, $"%%MatrixMarket matrix coordinate real general\n{n} {n} {count}\n{text}");
        return count;
    }
}

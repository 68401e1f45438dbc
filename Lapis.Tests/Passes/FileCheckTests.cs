using System.Text.RegularExpressions;
using Lapis.Tests.Support;

namespace Lapis.Tests.Passes;

/// <summary>
/// lit-style tests: every .mlir under Lapis.Tests/Passes has `// RUN:` lines, run through bash
/// with %s (this file), %t (a temporary path), %irdl (the kokkos dialect), `lapis` (our CLI), FileCheck and `not`
/// (LLVM 22's) substituted. A case passes when every RUN line exits 0.
/// </summary>
public sealed partial class FileCheckTests
{
    private static string CasesDir => Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Passes");

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateFiles(CasesDir, "*.mlir", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetRelativePath(CasesDir, f)).SetName($"FileCheck({Path.GetRelativePath(CasesDir, f)})"));

    [TestCaseSource(nameof(Cases))]
    public void RunLinesPass(string relativePath)
    {
        var file = Path.Combine(CasesDir, relativePath);
        var runs = RunLines(File.ReadAllLines(file)).ToList();
        Assert.That(runs, Is.Not.Empty, $"{relativePath} has no RUN line");
        // A process substitution's exit status is lost: `diff <(a) <(b)` passes when a and b both fail.
        Assert.That(runs.Where(r => r.Contains("<(", StringComparison.Ordinal)), Is.Empty, $"{relativePath}: write outputs to %t files instead of <(...)");
        var temp = Path.Combine(Path.GetTempPath(), "lapis-filecheck-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(temp);
        try
        {
            foreach (var run in runs)
            {
                var command = Substitute(run, file, Path.Combine(temp, "t"));
                var result = ProcessRunner.Bash(command, workingDirectory: Path.GetDirectoryName(file));
                Assert.That(result.ExitCode, Is.Zero,
                    $"RUN: {run}\n$ {command}\n--- stdout ---\n{result.StdOut}\n--- stderr ---\n{result.StdErr}");
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>RUN lines, with trailing-backslash continuation joined.</summary>
    public static IEnumerable<string> RunLines(IEnumerable<string> lines)
    {
        var pending = "";
        foreach (var line in lines)
        {
            var m = RunLine().Match(line);
            if (!m.Success) continue;
            var text = m.Groups[1].Value.Trim();
            if (text.EndsWith('\\')) { pending += text[..^1] + " "; continue; }
            yield return pending + text;
            pending = "";
        }
    }

    /// <summary>%irdl, %s (the test file), %t (a path prefix for this test's temporary files, as lit's) and the tools.</summary>
    public static string Substitute(string run, string file, string temp)
    {
        var s = run.Replace("%irdl", Quote(TestPaths.KokkosDialectIrdl)).Replace("%s", Quote(file)).Replace("%t", Quote(temp));
        s = Tool().Replace(s, m => m.Value switch
        {
            "lapis" => Quote(TestPaths.LapisCli),
            "FileCheck" => Quote(TestPaths.FileCheck),
            "not" => Quote(Path.Combine(TestPaths.LlvmBin, "not")),
            var other => other,
        });
        return s;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"//\s*RUN:(.*)$")]
    private static partial Regex RunLine();

    // A tool name as a whole whitespace-separated word.
    [GeneratedRegex(@"(?<=^|\s)(lapis|FileCheck|not)(?=\s|$)")]
    private static partial Regex Tool();
}

using Lapis.Tests.Support;

namespace Lapis.Tests.Execution;

/// <summary>
/// The kernels under Execution/sanitized overflow on purpose (full-range random integers through
/// addi/subi/muli/shifts/sums, index arithmetic on data): MLIR defines the result, C++ leaves
/// signed overflow undefined. `lapis check` builds the printed code with UBSan, which aborts
/// the generated program on any undefined behaviour, and compares with MLIR's own execution.
/// </summary>
public sealed class SanitizedExecutionTests
{
    private const string UndefinedBehaviorSanitizer = "-fsanitize=undefined -fno-sanitize-recover=all";

    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "sanitized"), "*.mlir")
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetName($"CheckWithUbsan(sanitized/{Path.GetFileNameWithoutExtension(f)})"));

    [TestCaseSource(nameof(Cases))]
    public void PrintedCodeIsDefinedWhereMlirIs(string input)
    {
        var work = Path.Combine(Path.GetTempPath(), "lapis-ubsan-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = ProcessRunner.Lapis("check", input, "--seed", "7", "--work-dir", work, "--cxx-flags", UndefinedBehaviorSanitizer);
            Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
            var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines[^1].Trim(), Is.EqualTo("PASS"), r.StdOut);
            // Control: the sanitizer was really compiled in and linked (a flag lost on the way passes everything).
            var ldd = ProcessRunner.Run("ldd", [Path.Combine(work, "build", "check")]);
            Assert.That(ldd.StdOut, Does.Contain("libubsan"), "the generated program is not built with UBSan:\n" + ldd.StdOut);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }
}

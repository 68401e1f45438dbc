using Lapis.Tests.Support;

namespace Lapis.Tests.Python;

/// <summary>
/// The Python package's own tests (python/tests, unittest on Debian's python3): lapis.compile of a
/// PyTorch MLP and of examples/pytorch/spmv.mlir against this build's CLI and Kokkos, compared with
/// PyTorch and SciPy, bad inputs raising Python exceptions, and RSS flat over 10,000 calls.
/// Skipped without torch/onnx/scipy unless LAPIS_REQUIRE_PYTHON_MODULES=1.
/// </summary>
public sealed class PythonPackageTests
{
    private static string KokkosRoot =>
        Environment.GetEnvironmentVariable("LAPIS_KOKKOS_ROOT") is { Length: > 0 } env ? env : Path.Combine(TestPaths.RepoRoot, ".deps", "kokkos-3.4");

    [Test]
    public void PythonUnitTestsPass()
    {
        DebianPython.Require("torch", "onnx", "numpy", "scipy");
        using var cache = new TempDirectory("lapis-python-cache-");
        var r = ProcessRunner.Run("/usr/bin/env", [
            $"LAPIS_CLI={TestPaths.LapisCli}", $"LAPIS_KOKKOS_ROOT={KokkosRoot}", $"LAPIS_CACHE_DIR={cache.Path}",
            $"PYTHONPATH={Path.Combine(TestPaths.RepoRoot, "python")}", "LAPIS_REQUIRE_PYTHON_MODULES=1",
            DebianPython.Executable, "-m", "unittest", "discover", "-s", Path.Combine(TestPaths.RepoRoot, "python", "tests"), "-v"],
            timeout: TimeSpan.FromMinutes(15));
        TestContext.Out.WriteLine(r.StdErr);
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(r.StdErr, Does.Match(@"Ran \d+ tests").And.Contain("OK").And.Not.Contain("skipped"));
    }
}

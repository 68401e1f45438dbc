namespace Lapis.Tests.Support;

/// <summary>
/// Debian's python3 (/usr/bin/python3) with the modules a test needs (python3-onnx, python3-torch:
/// build.ps1 setup installs them). Without them the test is skipped with the reason, or fails when
/// LAPIS_REQUIRE_PYTHON_MODULES=1 (CI sets it: there the set-up must have installed them).
/// </summary>
public static class DebianPython
{
    public const string Executable = "/usr/bin/python3";

    public static void Require(params string[] modules)
    {
        var missing = File.Exists(Executable)
            ? modules.Where(m => ProcessRunner.Run(Executable, ["-c", $"import {m}"]).ExitCode != 0).ToArray()
            : modules;
        if (missing.Length == 0) return;
        var reason = $"Debian's python3 lacks {string.Join(", ", missing)} (build.ps1 setup installs python3-onnx python3-torch python3-torchvision)";
        if (Environment.GetEnvironmentVariable("LAPIS_REQUIRE_PYTHON_MODULES") == "1") Assert.Fail(reason);
        Assert.Ignore(reason);
    }

    public static ProcessResult Run(string script, params string[] args) =>
        ProcessRunner.Run(Executable, new[] { Path.Combine(TestPaths.RepoRoot, script) }.Concat(args), timeout: TimeSpan.FromMinutes(10));
}

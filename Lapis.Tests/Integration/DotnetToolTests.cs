using Lapis.Tests.Support;

namespace Lapis.Tests.Integration;

/// <summary>`dotnet pack` gives a .NET tool that installs with `dotnet tool install` and translates (native shim included).</summary>
public sealed class DotnetToolTests
{
    [Test]
    public void PackedToolInstallsAndTranslates()
    {
        var work = Path.Combine(Path.GetTempPath(), "lapis-tool-" + Guid.NewGuid().ToString("N"));
        try
        {
            var packages = Path.Combine(work, "packages");
            var pack = ProcessRunner.Run("dotnet", ["pack", Path.Combine(TestPaths.RepoRoot, "Lapis.Translator", "Lapis.Translator.csproj"),
                "-c", "Release", "--no-build", "-o", packages, "-nologo", "-v", "q"]);
            Assert.That(pack.ExitCode, Is.Zero, pack.StdOut + pack.StdErr);
            var tools = Path.Combine(work, "tools");
            var install = ProcessRunner.Run("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "Lapis"]);
            Assert.That(install.ExitCode, Is.Zero, install.StdOut + install.StdErr);

            var output = Path.Combine(work, "out", "mlp.cpp");
            var run = ProcessRunner.Run(Path.Combine(tools, "lapis"), ["translate", Path.Combine(TestPaths.RepoRoot, "examples", "demo", "mlp.mlir"), "-o", output],
                workingDirectory: work);
            Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);
            Assert.That(File.ReadAllText(output), Does.Contain("Kokkos::parallel_for(\"forward:"));
            Assert.That(File.Exists(Path.ChangeExtension(output, ".hpp")), Is.True);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }
}

namespace Lapis.Tests.Support;

/// <summary>
/// <c>g++ -std=c++20 -fsyntax-only</c> against the Kokkos 5 headers of Debian sid's
/// libkokkos-dev (unpacked by build.ps1 setup into .deps/kokkos5, or $LAPIS_KOKKOS5_HEADERS):
/// the printed code must also compile against current Kokkos. Debian installs the headers in
/// usr/include/kokkos; its build enables only OpenMP (so -fopenmp) and needs C++20.
/// </summary>
public static class Kokkos5SyntaxCheck
{
    /// <summary>Fails the test with g++'s output unless every source compiles (include directories first).</summary>
    public static void AssertCompiles(IEnumerable<string> includeDirectories, IEnumerable<string> sources, string? workingDirectory = null)
    {
        var headers = Environment.GetEnvironmentVariable("LAPIS_KOKKOS5_HEADERS") is { Length: > 0 } env ? env : Path.Combine(TestPaths.RepoRoot, ".deps", "kokkos5");
        var include = Path.Combine(headers, "usr", "include", "kokkos");
        if (!File.Exists(Path.Combine(include, "KokkosCore_config.h"))) include = headers;
        var config = Path.Combine(include, "KokkosCore_config.h");
        if (!File.Exists(config)) Assert.Fail($"Kokkos 5 headers not found under {headers}: set LAPIS_KOKKOS5_HEADERS or run build.ps1 setup");
        var args = new List<string> { "-std=c++20", "-fsyntax-only", $"-I{include}" };
        args.AddRange(includeDirectories.Select(d => $"-I{d}"));
        if (File.ReadAllText(config).Contains("#define KOKKOS_ENABLE_OPENMP", StringComparison.Ordinal)) args.Add("-fopenmp");
        args.AddRange(sources);
        var r = ProcessRunner.Run("g++", args, workingDirectory: workingDirectory);
        Assert.That(r.ExitCode, Is.Zero, "g++ -fsyntax-only (Kokkos 5):\n" + r.StdOut + r.StdErr);
    }
}

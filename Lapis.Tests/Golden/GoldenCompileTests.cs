using Lapis.Tests.Support;
using System.Diagnostics;
using System.Text;

namespace Lapis.Tests.Golden;

/// <summary>
/// Compiles every golden case's generated C++ (translated afresh) as one shared library
/// against Kokkos 3.4 (<c>$LAPIS_KOKKOS_ROOT</c>, default <c>.deps/kokkos-3.4</c>) with CMake,
/// with <see cref="GeneratedCodeWarnings.Flags"/> (a warning in printed code fails), then builds and runs
/// <c>run/golden_driver.cpp</c>, which calls the generated functions and checks their results against
/// MLIR's semantics, and the <see cref="GoldenRuns"/> (the cases not covered otherwise, against MLIR's
/// own execution) in the same build; and, when <c>$LAPIS_KOKKOS5_HEADERS</c> names the headers unpacked by
/// <c>Get-Kokkos5Headers</c>, checks the same sources with <c>g++ -std=c++20 -fsyntax-only</c>
/// against Kokkos 5. Each case has its own namespace, so all sources coexist in one target.
/// </summary>
[NonParallelizable]
public sealed class GoldenCompileTests
{
    private string _dir = "";
    private string[] _sources = [];

    [OneTimeSetUp]
    public void WriteSources()
    {
        _dir = Path.Combine(Path.GetTempPath(), "lapis-golden-compile-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        var sources = new List<string>();
        foreach (var name in GoldenCases.Names)
        {
            var emitted = GoldenCases.Translate(name);
            File.WriteAllText(Path.Combine(_dir, name + ".hpp"), emitted.Header);
            File.WriteAllText(Path.Combine(_dir, name + ".cpp"), emitted.Source);
            sources.Add(name + ".cpp");
        }
        _sources = sources.ToArray();
    }

    [OneTimeTearDown]
    public void RemoveSources()
    {
        if (Environment.GetEnvironmentVariable("LAPIS_KEEP_GOLDEN_BUILD") == "1")
        {
            TestContext.Out.WriteLine($"kept {_dir}");
            return;
        }
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static string KokkosRoot =>
        Environment.GetEnvironmentVariable("LAPIS_KOKKOS_ROOT") is { Length: > 0 } root
            ? root
            : Path.Combine(GoldenCases.RepoRoot, ".deps", "kokkos-3.4");

    [Test]
    public void CompilesWithoutWarningsAndRunsAgainstKokkos34()
    {
        var root = KokkosRoot;
        if (!Directory.Exists(Path.Combine(root, "lib", "cmake", "Kokkos")) && !Directory.Exists(Path.Combine(root, "lib64", "cmake", "Kokkos")))
            Assert.Fail($"no Kokkos CMake package under {root} (set LAPIS_KOKKOS_ROOT or run build.ps1 setup)");
        // The runs against MLIR: inputs, MLIR's outputs and a driver function per run, one program for all.
        var checks = Path.Combine(_dir, "runs");
        var runs = GoldenRuns.All.Select(r => GoldenRuns.Prepare(r, Path.Combine(checks, r.Name))).ToArray();
        File.WriteAllText(Path.Combine(_dir, "golden_runs.cpp"), GoldenRuns.Program(runs));

        var cmake = new StringBuilder();
        cmake.Append("cmake_minimum_required(VERSION 3.16)\n");
        cmake.Append("project(LapisGolden LANGUAGES CXX)\n");
        cmake.Append("find_package(Kokkos REQUIRED)\n");
        cmake.Append($"add_library(lapis_golden SHARED {string.Join(" ", _sources)})\n");
        cmake.Append("target_link_libraries(lapis_golden PRIVATE Kokkos::kokkos)\n");
        cmake.Append($"target_compile_options(lapis_golden PRIVATE {GeneratedCodeWarnings.Flags})\n");
        cmake.Append("add_executable(golden_driver golden_driver.cpp golden_runs.cpp)\n");
        cmake.Append("target_include_directories(golden_driver PRIVATE ${CMAKE_SOURCE_DIR})\n");
        cmake.Append($"target_compile_options(golden_driver PRIVATE {GeneratedCodeWarnings.Flags})\n");
        cmake.Append("target_link_libraries(golden_driver PRIVATE lapis_golden Kokkos::kokkos)\n");
        File.WriteAllText(Path.Combine(_dir, "CMakeLists.txt"), cmake.ToString());
        File.Copy(Path.Combine(GoldenCases.RepoRoot, "Lapis.Tests", "Golden", "run", "golden_driver.cpp"), Path.Combine(_dir, "golden_driver.cpp"));

        var build = Path.Combine(_dir, "build");
        Run("cmake", ["-S", _dir, "-B", build, "-DCMAKE_BUILD_TYPE=Release", $"-DKokkos_ROOT={root}"], "configure");
        var output = Run("cmake", ["--build", build, "-j2"], "build");
        // Warnings in the printed code (its headers included by the drivers too; the templates of
        // team-level variants are instantiated by golden_driver.cpp) fail the test.
        var generated = GoldenCases.Names.SelectMany(n => new[] { n + ".cpp", n + ".hpp" }).Select(f => Path.Combine(_dir, f));
        var warnings = GeneratedCodeWarnings.In(output, generated);
        Assert.That(warnings, Is.Empty, $"warnings in generated code ({GeneratedCodeWarnings.Flags}):\n{string.Join("\n", warnings)}");

        var run = Run(Path.Combine(build, "golden_driver"), [], "golden_driver", ("OMP_NUM_THREADS", "2"), ("OMP_PROC_BIND", "false"));
        TestContext.Out.WriteLine(run);
        var failures = new StringBuilder();
        foreach (var p in runs)
        {
            var outputs = GoldenRuns.Compare(p);
            TestContext.Out.WriteLine($"{p.Run.Name}: " + string.Join("; ", outputs.Select(o => o.ToString())));
            if (outputs.Count == 0) failures.Append($"{p.Run.Name}: 0 outputs compared\n");
            foreach (var o in outputs.Where(o => !o.Passed)) failures.Append($"{p.Run.Name}: {o}\n");
        }
        Assert.That(failures.ToString(), Is.Empty, "golden runs that differ from MLIR's own execution");
    }

    [Test]
    public void PassesSyntaxCheckAgainstKokkos5() => Kokkos5SyntaxCheck.AssertCompiles([], _sources, _dir);

    /// <summary>Runs a tool in the build folder; fails the test with its output on a non-zero exit.</summary>
    private string Run(string file, IReadOnlyList<string> args, string what, params (string Name, string Value)[] environment)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{what} timed out");
        }
        var output = stdout.Result + stderr.Result;
        if (p.ExitCode != 0)
            Assert.Fail($"{what} failed ({file} {string.Join(' ', args)}), exit {p.ExitCode}:\n{Tail(output, 200)}");
        return output;
    }

    private static string Tail(string text, int lines)
    {
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}

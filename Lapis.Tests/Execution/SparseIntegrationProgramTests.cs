using System.Text.RegularExpressions;
using Lapis.Tests.Support;
using Lapis.Translator.Check;

namespace Lapis.Tests.Execution;

/// <summary>
/// MLIR's own sparse integration programs (../shared/inputs/mlir-sparse-integration) that
/// <c>lapis run</c> prints exactly as <c>mlir-opt-22 --sparsifier | mlir-runner-22</c> does: the
/// ones listed in conformance/mlir-sparse-integration/passing.txt (written by
/// <c>build.ps1 sparse-conformance</c>) must keep doing so. For CI time the programs are
/// translated with <c>lapis run --translate-only</c> and built together: two translation units
/// (one per core) that #include the programs' sources, and one driver that runs the program named
/// by its first argument — one Kokkos build for all of them. TENSOR&lt;i&gt; is set for both runs as
/// the conformance runner sets it (tensor_data.py: the RUN lines' values, absent data files generated).
/// </summary>
public sealed partial class SparseIntegrationProgramTests
{
    private static string Directory => SharedInputs.Path("mlir-sparse-integration");

    private static string PassingList => Path.Combine(TestPaths.RepoRoot, "conformance", "mlir-sparse-integration", "passing.txt");

    private static IReadOnlyList<string> Passing() =>
        File.ReadAllLines(PassingList).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    [Test]
    public void PassingProgramsPrintWhatMlirRunnerPrints()
    {
        var names = Passing();
        Assert.That(names, Is.Not.Empty, "passing.txt lists no program");
        SharedInputs.Require(names.Select(n => Path.Combine(Directory, n)).ToArray());
        using var temp = new TempDirectory("lapis-sparse-programs-");
        var work = temp.Path;

        var programs = new List<(string Name, string Namespace, string Entry, string Folder, Dictionary<string, string?> Tensors)>();
        foreach (var name in names)
        {
            var input = Path.Combine(Directory, name);
            var entry = EntryOf(input);
            var folder = Path.GetFileNameWithoutExtension(name).Replace('-', '_');
            var r = ProcessRunner.Lapis("run", input, "-e", entry, "--translate-only", Path.Combine(work, folder));
            Assert.That(r.ExitCode, Is.Zero, $"{name}: {r.StdErr}");
            var driver = DriverLine().Match(File.ReadAllText(Path.Combine(work, folder, "main.cpp")));
            Assert.That(driver.Success, Is.True, $"{name}: no entry in the driver lapis run wrote");
            programs.Add((name, driver.Groups[1].Value, driver.Groups[2].Value, folder, TensorEnvironment(input, Path.Combine(work, "data", folder))));
        }

        var half = (programs.Count + 1) / 2;
        File.WriteAllLines(Path.Combine(work, "part0.cpp"), programs.Take(half).Select(p => $"#include \"{p.Folder}/program.cpp\""));
        File.WriteAllLines(Path.Combine(work, "part1.cpp"), programs.Skip(half).Select(p => $"#include \"{p.Folder}/program.cpp\""));
        File.WriteAllText(Path.Combine(work, "driver.cpp"),
            "#include <Kokkos_Core.hpp>\n#include <cstdio>\n#include <cstring>\n\n" +
            string.Concat(programs.Select(p => $"namespace {p.Namespace} {{ void initialize(const char* = nullptr); void finalize(); void {p.Entry}(); }}\n")) +
            "\nint main(int argc, char* argv[]) {\n  Kokkos::initialize(argc, argv);\n  int status = 2;\n  {\n" +
            string.Concat(programs.Select(p =>
                $"    if (argc > 1 && std::strcmp(argv[1], \"{p.Folder}\") == 0) {{ {p.Namespace}::initialize(); {p.Namespace}::{p.Entry}(); {p.Namespace}::finalize(); status = 0; }}\n")) +
            "  }\n  Kokkos::finalize();\n  std::fflush(stdout);\n  return status;\n}\n");
        var project = new KokkosProject(work, KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("programs", ["driver.cpp", "part0.cpp", "part1.cpp"]);
        project.Build();

        var failures = new List<string>();
        foreach (var p in programs)
        {
            var input = Path.Combine(Directory, p.Name);
            var expected = ProcessRunner.Bash(
                $"{TestPaths.MlirOpt} '{input}' --sparsifier=enable-runtime-library=false | {TestPaths.LlvmBin}/mlir-runner -e {EntryOf(input)} -entry-point-result=void " +
                "-shared-libs=/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_runner_utils.so", environment: p.Tensors);
            Assert.That(expected.ExitCode, Is.Zero, $"{p.Name}: MLIR's reference failed: {expected.StdErr}");
            var ours = ProcessRunner.Run(Path.Combine(work, "build", "programs"), [p.Folder, "--kokkos-disable-warnings"], environment: p.Tensors);
            if (ours.ExitCode != 0) failures.Add($"{p.Name}: the program exited with {ours.ExitCode}: {ours.StdErr}");
            else if (Normalize(ours.StdOut) != Normalize(expected.StdOut))
                failures.Add($"{p.Name}: output differs from mlir-runner's at line {FirstDifference(Normalize(ours.StdOut), Normalize(expected.StdOut))}");
        }
        Assert.That(failures, Is.Empty, "programs of passing.txt that no longer print what mlir-runner-22 prints:\n" + string.Join("\n", failures));
    }

    /// <summary>TENSOR&lt;i&gt; of a program as the conformance runner sets it (TENSOR0 empty unless the RUN lines set it).</summary>
    private static Dictionary<string, string?> TensorEnvironment(string input, string dataDirectory)
    {
        var script = Path.Combine(TestPaths.RepoRoot, "conformance", "mlir-sparse-integration", "tensor_data.py");
        var r = ProcessRunner.Run("/usr/bin/python3", [script, "--env", input, "--out", dataDirectory, "--search", Directory, "--search", Path.Combine(Directory, "data")]);
        Assert.That(r.ExitCode, Is.Zero, $"{Path.GetFileName(input)}: tensor_data.py failed: {r.StdErr}");
        var env = new Dictionary<string, string?> { ["TENSOR0"] = "" };
        foreach (var line in r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            env[line[..line.IndexOf('=')]] = line[(line.IndexOf('=') + 1)..];
        return env;
    }

    /// <summary>The entry a program's RUN lines name (<c>-e entry</c>), else main.</summary>
    private static string EntryOf(string input) =>
        RunOptsEntry().Match(File.ReadAllText(input)) is { Success: true } m ? m.Groups[1].Value : "main";

    /// <summary>printMemref's <c>base@ = 0x...</c> is an address, different in every run (upstream's FileCheck lines skip it too).</summary>
    private static string Normalize(string output) => BaseAddress().Replace(output, "base@ = 0x?");

    private static int FirstDifference(string a, string b)
    {
        var (x, y) = (a.Split('\n'), b.Split('\n'));
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return i + 1;
        return Math.Min(x.Length, y.Length) + 1;
    }

    [GeneratedRegex(@"run_opts\}\s*=\s*-e\s+(\w+)")]
    private static partial Regex RunOptsEntry();

    [GeneratedRegex(@"runs (\S+)::(\S+) between")]
    private static partial Regex DriverLine();

    [GeneratedRegex(@"base@ = 0x[0-9a-f]+")]
    private static partial Regex BaseAddress();
}

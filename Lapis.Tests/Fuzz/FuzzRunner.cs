using System.Diagnostics;
using System.Text.RegularExpressions;
using Lapis.Tests.Support;

namespace Lapis.Tests.Fuzz;

/// <summary>How one fuzz case ended. Crash, Hang and LostFile are failures.</summary>
public enum Outcome { Accepted, LocatedError, UnlocatedError, Crash, Hang, LostFile }

public sealed record FuzzResult(int Case, string Seed, string Source, string Mutations, string Command, Outcome Outcome, int ExitCode, string StdErr, string InputPath);

/// <summary>
/// Runs the CLI on mutated copies of the repository's .mlir files, each in its own folder where
/// the outputs already exist with known content, and classifies the run: accepted (exit 0, both
/// outputs rewritten), located error (exit 1, <c>file:line:col: error:</c>), unlocated error
/// (exit 1, <c>lapis: error:</c>), crash (any other exit, an internal error, or exit 1 without a
/// message), hang (past the time limit), lost file (outputs changed by a failed run, or files left behind).
/// </summary>
/// <remarks>
/// By default each case is one command line sent to a <c>lapis __serve</c> server (one per
/// parallel lane, see <see cref="ServeClient"/>): the same CLI code and supervisor decide exit code,
/// crash and time limit as for a one-shot <c>lapis</c> process, without starting .NET twice per
/// case. <c>LAPIS_FUZZ_MODE=process</c> starts one <c>lapis</c> process per case instead.
/// </remarks>
public sealed partial class FuzzRunner(string workDir, TimeSpan timeLimit) : IDisposable
{
    private const string Sentinel = "// sentinel: written before the run\n";

    public static bool ProcessPerCase => Environment.GetEnvironmentVariable("LAPIS_FUZZ_MODE") == "process";

    private readonly System.Collections.Concurrent.ConcurrentBag<ServeClient> _clients = [];

    public static IReadOnlyList<string> Corpus() =>
        new[] { "Lapis.Tests", "examples" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, d), "*.mlir", SearchOption.AllDirectories))
            .Where(p => !p.Contains("/bin/") && !p.Contains("/obj/") && new FileInfo(p).Length < 64 * 1024)
            .Select(p => Path.GetRelativePath(TestPaths.RepoRoot, p))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public FuzzResult RunCase(int seed, int index, IReadOnlyList<string> corpus)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index) & int.MaxValue);
        var source = corpus[random.Next(corpus.Count)];
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, source));
        var (bytes, names) = MlirMutator.Mutate(random, text);
        var dir = Path.Combine(workDir, $"case{index:D5}");
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "input.mlir");
        File.WriteAllBytes(input, bytes);
        var outDir = Path.Combine(dir, "out");
        Directory.CreateDirectory(outDir);
        var outputs = new[] { "out.cpp", "out.hpp" }.Select(n => Path.Combine(outDir, n)).ToArray();
        foreach (var o in outputs) File.WriteAllText(o, Sentinel);
        var opt = index % 3 == 2;
        string[] args = opt
            ? ["opt", input, "--pass-pipeline", "builtin.module(canonicalize,cse)", "-o", outputs[0], "--time-limit", $"{timeLimit.TotalSeconds}"]
            : ["translate", input, "-o", outputs[0], "--time-limit", $"{timeLimit.TotalSeconds}"];
        var (code, stderr, timedOut) = Run(args);
        var outcome = Classify(code, stderr, timedOut, opt, outputs, outDir);
        var result = new FuzzResult(index, $"{seed}", source, names, "lapis " + string.Join(' ', args.Select(a => a.Contains(' ') ? $"'{a}'" : a)), outcome, code, stderr, input);
        if (outcome is Outcome.Accepted or Outcome.LocatedError or Outcome.UnlocatedError) Directory.Delete(dir, recursive: true);
        return result;
    }

    private (int Code, string StdErr, bool TimedOut) Run(string[] args)
    {
        if (ProcessPerCase) return RunProcess(args);
        var client = _clients.TryTake(out var c) ? c : new ServeClient();
        try { return client.Run(args, timeLimit + TimeSpan.FromSeconds(60)); }
        finally { _clients.Add(client); }
    }

    public void Dispose()
    {
        while (_clients.TryTake(out var c)) c.Dispose();
    }

    private (int Code, string StdErr, bool TimedOut) RunProcess(string[] args)
    {
        var psi = new ProcessStartInfo(TestPaths.LapisCli) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        // The CLI's own --time-limit should fire first; this is the backstop.
        if (!p.WaitForExit(timeLimit + TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, "", true);
        }
        _ = stdout.Result;
        return (p.ExitCode, stderr.Result, false);
    }

    private static Outcome Classify(int code, string stderr, bool timedOut, bool opt, string[] outputs, string outDir)
    {
        if (timedOut || stderr.Contains("did not finish within", StringComparison.Ordinal)) return Outcome.Hang;
        if (stderr.Contains("internal compiler error", StringComparison.Ordinal) || stderr.Contains("internal error", StringComparison.Ordinal)
            || code is not (0 or 1) || (code == 1 && stderr.Trim().Length == 0))
            return Outcome.Crash;
        var expected = new HashSet<string>(outputs.Select(Path.GetFileName)!);
        if (code == 0 && !opt) expected.Add("out.weights.bin");
        var stray = Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName).Where(n => !expected.Contains(n!)).ToArray();
        if (stray.Length > 0) return Outcome.LostFile;
        if (code == 1)
            return outputs.All(o => File.Exists(o) && File.ReadAllText(o) == Sentinel)
                ? Located().IsMatch(stderr) ? Outcome.LocatedError : Outcome.UnlocatedError
                : Outcome.LostFile;
        // Accepted: translate rewrote both files; opt rewrote its output and left the other alone.
        var rewritten = opt ? [outputs[0]] : outputs;
        return rewritten.All(o => File.Exists(o) && File.ReadAllText(o) != Sentinel) ? Outcome.Accepted : Outcome.LostFile;
    }

    [GeneratedRegex(@"^[^\n]*:\d+:\d+: error: ", RegexOptions.Multiline)]
    private static partial Regex Located();
}

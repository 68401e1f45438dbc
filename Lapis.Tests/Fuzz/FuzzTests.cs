using System.Text;
using Lapis.Tests.Support;

namespace Lapis.Tests.Fuzz;

/// <summary>
/// The fixed-seed fuzz budget CI runs (<c>LAPIS_FUZZ_RUNS</c>, default 60; <c>LAPIS_FUZZ_SEED</c>,
/// default 1; <c>build.ps1 fuzz -Runs N</c> runs more). Fails on any crash, hang or lost file;
/// the cases that failed stay in artifacts/fuzz/ with their input and command, the summary
/// is written to artifacts/fuzz/summary.txt and every case's outcome to artifacts/fuzz/outcomes.tsv.
/// </summary>
[Category("Fuzz")]
public sealed class FuzzTests
{
    [Test]
    public void MutatorsAreDeterministic()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, FuzzRunner.Corpus()[0]));
        var a = Enumerable.Range(0, 50).Select(i => Convert.ToBase64String(MlirMutator.Mutate(new Random(i), text).Bytes)).ToArray();
        var b = Enumerable.Range(0, 50).Select(i => Convert.ToBase64String(MlirMutator.Mutate(new Random(i), text).Bytes)).ToArray();
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.Distinct().Count(), Is.GreaterThan(40), "mutations should differ from seed to seed");
    }

    [Test]
    public void FixedSeedBudgetHasNoCrashHangOrLostFile()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("LAPIS_FUZZ_RUNS"), out var n) ? n : 60;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LAPIS_FUZZ_SEED"), out var s) ? s : 1;
        var work = Path.Combine(TestPaths.RepoRoot, "artifacts", "fuzz");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var corpus = FuzzRunner.Corpus();
        using var runner = new FuzzRunner(work, TimeSpan.FromSeconds(30));
        var started = DateTime.UtcNow;
        var results = new FuzzResult[runs];
        var lanes = int.TryParse(Environment.GetEnvironmentVariable("LAPIS_FUZZ_LANES"), out var l) && l > 0 ? l : Math.Max(1, Math.Min(Environment.ProcessorCount, 4));
        // LAPIS_FUZZ_MINUTES: stop starting cases after that long (long runs); the summary counts the cases that ran.
        var stopAt = double.TryParse(Environment.GetEnvironmentVariable("LAPIS_FUZZ_MINUTES"), out var m) && m > 0 ? started.AddMinutes(m) : DateTime.MaxValue;
        var done = 0;
        using var progress = new StreamWriter(Path.Combine(work, "progress.txt")) { AutoFlush = true };
        Parallel.For(0, runs, new ParallelOptions { MaxDegreeOfParallelism = lanes }, (i, loop) =>
        {
            if (DateTime.UtcNow >= stopAt) { loop.Break(); return; }
            results[i] = runner.RunCase(seed, i, corpus);
            var n = Interlocked.Increment(ref done);
            if (n % 100 == 0) lock (progress) progress.WriteLine($"{n} cases in {(DateTime.UtcNow - started).TotalSeconds:F0} s");
        });
        results = results.Where(r => r is not null).ToArray();
        runs = results.Length;
        var summary = new StringBuilder();
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        summary.AppendLine($"lapis fuzz: seed {seed}, {runs} runs over {corpus.Count} files in {seconds:F0} s ({runs / seconds:F2} cases/s, " +
            $"{(FuzzRunner.ProcessPerCase ? "one process per case" : "lapis __serve")}, {lanes} lanes)");
        foreach (var outcome in Enum.GetValues<Outcome>())
            summary.AppendLine($"  {outcome,-15} {results.Count(r => r.Outcome == outcome)}");
        foreach (var group in results.GroupBy(r => r.Mutations.Split('+')[0]).OrderBy(g => g.Key))
            summary.AppendLine($"  mutator {group.Key,-16} {group.Count(),5} runs: " +
                string.Join(", ", group.GroupBy(r => r.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        var bad = results.Where(r => r.Outcome is Outcome.Crash or Outcome.Hang or Outcome.LostFile).ToArray();
        foreach (var r in bad)
            summary.AppendLine($"FAIL case {r.Case} ({r.Outcome}, exit {r.ExitCode}) from {r.Source} by {r.Mutations}: {r.Command}\n    {r.StdErr.Trim().Replace("\n", "\n    ")}");
        File.WriteAllText(Path.Combine(work, "summary.txt"), summary.ToString());
        // Every case's outcome and first error line, to compare two runs of the same seed (what a change newly rejects).
        File.WriteAllLines(Path.Combine(work, "outcomes.tsv"), results.OrderBy(r => r.Case).Select(r =>
            $"{r.Case}\t{r.Outcome}\t{r.Source}\t{r.Mutations}\t{r.StdErr.Split('\n').FirstOrDefault(l => l.Contains("error:"))?.Trim()}"));
        TestContext.Out.WriteLine(summary.ToString());
        Assert.That(bad, Is.Empty, summary.ToString());
    }
}

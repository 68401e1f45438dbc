using System.Diagnostics;
using System.Text;
using Lapis.Native.Ir;
using Lapis.Translator.Cli;
using Lapis.Translator.Import;
using Lapis.Translator.Load;
using Lapis.Translator.Pipeline;

namespace Lapis.Translator.Check;

/// <summary>One node test's outcome.</summary>
public enum ConformanceStatus { Pass, Fail, Unsupported, NotRun }

public sealed record ConformanceResult(string Test, string Op, ConformanceStatus Status, string Detail);

/// <param name="Suite">Folder written by conformance/onnx/prepare_node_tests.py (one folder per test).</param>
/// <param name="Only">When set, only these tests run.</param>
/// <param name="Jobs">Batches compiled at once (CMake -j); each batch is one translation unit.</param>
/// <param name="Budget">No new batch starts building after this long: the tests left are reported not run (the next run resumes there, see <see cref="ConformanceRunCache"/>).</param>
/// <param name="TranslateOnly">Stop after translation: tests that translate are reported as not run (a quick coverage count).</param>
public sealed record ConformanceOptions(string Suite, string WorkDirectory, string? KokkosRoot, IReadOnlySet<string>? Only = null, int BatchSize = 40, bool TranslateOnly = false, int Jobs = 2, TimeSpan? Budget = null);

/// <summary>
/// The ONNX operator conformance suite through Lapis: every node test is imported and translated,
/// its C++ and a driver function are compiled in batches (one translation unit and one program
/// per batch, one CMake build for all), each program runs its tests in turn, and every output is
/// compared with ONNX's reference output with ONNX's own tolerances (|ours - ref| ≤ atol + rtol·|ref|,
/// rtol 1e-3, atol 1e-7; integers and booleans exactly). A crash costs only the test that crashed.
/// </summary>
public static class OnnxConformanceRunner
{
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>How the batch programs are compiled and driven: part of every test's cache key.</summary>
    private const string BuildFlavour = "batch-main-v1 -O0 -w";

    /// <param name="Normwise">When set (a file <c>normwise_tolerance</c> in the test's folder, as for exported models),
    /// floats are compared normwise, max|ours - ref| / max|ref|, against this bound instead.</param>
    /// <param name="Hash">Content hash of everything the test's program and run depend on (<see cref="ConformanceRunCache"/>).</param>
    private sealed record Prepared(string Test, string Op, string Dir, EntrySignature Entry, Onnx.TensorProto[] Expected, double? Normwise, string Hash);

    public static IReadOnlyList<ConformanceResult> Run(ConformanceOptions options, TextWriter log)
    {
        var suite = Path.GetFullPath(options.Suite);
        var work = Path.GetFullPath(options.WorkDirectory);
        Directory.CreateDirectory(work);
        var results = new List<ConformanceResult>();
        var prepared = new List<Prepared>();
        var tests = Directory.GetDirectories(suite).Select(Path.GetFileName).OfType<string>()
            .Where(t => File.Exists(Path.Combine(suite, t, "model.onnx")) && (options.Only is null || options.Only.Contains(t))).Order(StringComparer.Ordinal).ToList();
        log.WriteLine($"onnx-conformance: {tests.Count} tests from {suite}");
        var clock = Stopwatch.StartNew();
        foreach (var test in tests)
        {
            var r = Prepare(suite, work, test, out var p);
            if (r is not null) results.Add(r);
            else prepared.Add(p!);
            if ((results.Count + prepared.Count) % 100 == 0)
                log.WriteLine($"onnx-conformance: translated {results.Count + prepared.Count} of {tests.Count} ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        log.WriteLine($"onnx-conformance: {prepared.Count} translated, {results.Count} not");
        if (options.TranslateOnly)
            return results.Concat(prepared.Select(p => new ConformanceResult(p.Test, p.Op, ConformanceStatus.NotRun, "translated (not built: --translate-only)")))
                .OrderBy(r => r.Test, StringComparer.Ordinal).ToList();

        var kokkos = options.KokkosRoot ?? KokkosProject.DefaultKokkosRoot();
        var pending = new List<Prepared>();
        foreach (var p in prepared)
        {
            if (ConformanceRunCache.Lookup(p.Dir, p.Hash + kokkos) is { } outcome) results.Add(outcome.Ran ? Compare(p) : new ConformanceResult(p.Test, p.Op, ConformanceStatus.Fail, outcome.Detail));
            else pending.Add(p);
        }
        log.WriteLine($"onnx-conformance: {prepared.Count - pending.Count} unchanged tests from the cache (content hash), {pending.Count} to build in batches of {options.BatchSize}, {options.Jobs} at a time");
        var queue = new Queue<Prepared[]>(pending.Chunk(Math.Max(1, options.BatchSize)));
        var done = 0;
        for (var group = 0; queue.Count > 0; group++)
        {
            if (options.Budget is { } budget && clock.Elapsed > budget)
            {
                var left = queue.SelectMany(b => b).ToList();
                log.WriteLine($"onnx-conformance: time budget of {budget.TotalMinutes:F0} min spent, {left.Count} tests left unbuilt (run again to resume)");
                results.AddRange(left.Select(p => new ConformanceResult(p.Test, p.Op, ConformanceStatus.NotRun, "translated, not built: the run's time budget was spent")));
                break;
            }
            var batches = new List<(string Name, Prepared[] Tests)>();
            while (queue.Count > 0 && batches.Count < Math.Max(1, options.Jobs)) batches.Add(($"batch{group}_{batches.Count}", queue.Dequeue()));
            var dir = Path.Combine(work, "builds", $"group{group}");
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            var (built, buildLog) = BuildAll(dir, kokkos, batches, options.Jobs, log, work);
            foreach (var (name, batch) in batches)
            {
                if (built.Contains(name))
                {
                    foreach (var r in RunBatch(Path.Combine(dir, "build", name), work, batch, kokkos)) results.Add(r);
                    done += batch.Length;
                    continue;
                }
                if (batch.Length == 1)
                {
                    var detail = $"the generated C++ does not compile: {FirstError(buildLog, batch[0].Dir)}";
                    ConformanceRunCache.Store(batch[0].Dir, batch[0].Hash + kokkos, ran: false, detail);
                    results.Add(new ConformanceResult(batch[0].Test, batch[0].Op, ConformanceStatus.Fail, detail));
                    done++;
                    continue;
                }
                // A batch that did not compile: the tests its errors name are built alone, the others again together
                // (halves when no test is named), so that one bad test fails alone.
                var suspects = batch.Where(t => buildLog.Contains(t.Dir + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && FirstError(buildLog, t.Dir).Length > 0).ToList();
                if (suspects.Count == 0 || suspects.Count == batch.Length)
                {
                    queue.Enqueue(batch[..(batch.Length / 2)]);
                    queue.Enqueue(batch[(batch.Length / 2)..]);
                }
                else
                {
                    foreach (var s in suspects) queue.Enqueue([s]);
                    queue.Enqueue(batch.Except(suspects).ToArray());
                }
            }
            log.WriteLine($"onnx-conformance: {done} of {pending.Count} built and run, {queue.Sum(b => b.Length)} queued in {queue.Count} batches; "
                + $"{results.Count(r => r.Status == ConformanceStatus.Pass)} pass so far ({clock.Elapsed.TotalMinutes:F1} min)");
        }
        return results.OrderBy(r => r.Test, StringComparer.Ordinal).ToList();
    }

    private static string OpOf(string suite, string test)
    {
        var model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(suite, test, "model.onnx")));
        return model.Graph.Node.Count == 0 ? "?" : model.Graph.Node.Count == 1 ? model.Graph.Node[0].OpType
            : string.Join("+", model.Graph.Node.Select(n => n.OpType).Distinct().Take(1)) + " (function)";
    }

    private static ConformanceResult? Prepare(string suite, string work, string test, out Prepared? prepared)
    {
        prepared = null;
        string op;
        try { op = OpOf(suite, test); }
        catch (Exception e) { return new ConformanceResult(test, "?", ConformanceStatus.Fail, $"unreadable model: {e.Message}"); }
        var dir = Path.Combine(work, test);
        Directory.CreateDirectory(dir);
        var ns = TranslationOptions.NamespaceFromPath(test);
        try
        {
            using var context = ModuleLoader.CreateContext();
            using var module = ModuleLoader.Load(context, Path.Combine(suite, test, "model.onnx"));
            var entry = EntrySignature.Find(module, null, 1);
            var result = ModuleTranslator.Translate(module, new TranslationOptions(ns, Path.Combine(dir, ns + ".cpp")), "model.onnx");
            AtomicFile.WriteAll(result.Files);
            for (var i = 0; i < entry.Arguments.Count; i++)
            {
                var file = Path.Combine(suite, test, $"input_{i}.pb");
                var data = TensorData.FromProto(Onnx.TensorProto.Parser.ParseFrom(File.ReadAllBytes(file)), m => new InvalidDataException(m));
                File.WriteAllBytes(Path.Combine(dir, $"arg{i}.bin"), entry.Arguments[i].Kind.ToDriver(data.Raw));
            }
            var expected = Enumerable.Range(0, entry.Results.Count)
                .Select(i => Onnx.TensorProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(suite, test, $"output_{i}.pb")))).ToArray();
            File.WriteAllText(Path.Combine(dir, "driver.cpp"), DriverWriter.Write(ns + ".hpp", ns, entry, functionName: $"run_{ns}"));
            var normwiseFile = Path.Combine(suite, test, "normwise_tolerance");
            double? normwise = File.Exists(normwiseFile) ? double.Parse(File.ReadAllText(normwiseFile).Trim(), System.Globalization.CultureInfo.InvariantCulture) : null;
            prepared = new Prepared(test, op, dir, entry, expected, normwise, ConformanceRunCache.Hash(dir, BuildFlavour));
            return null;
        }
        catch (TranslationException e)
        {
            var message = string.Join(" ", e.Diagnostics.Select(d => d.Message)).ReplaceLineEndings(" ");
            var unsupported = message.Contains("unsupported", StringComparison.OrdinalIgnoreCase) || message.Contains("not supported", StringComparison.OrdinalIgnoreCase)
                || message.Contains("which Lapis does not support", StringComparison.Ordinal)
                || message.Contains("must be a constant", StringComparison.Ordinal);
            return new ConformanceResult(test, op, unsupported ? ConformanceStatus.Unsupported : ConformanceStatus.Fail, message);
        }
        catch (Exception e) when (e is MlirException or InvalidDataException or IOException or NotSupportedException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return new ConformanceResult(test, op, ConformanceStatus.Fail, e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>Writes one program per batch and builds them all in one CMake build (keeps going past failures); returns the programs built and the build's output.</summary>
    private static (HashSet<string> Built, string Log) BuildAll(string dir, string kokkos, IReadOnlyList<(string Name, Prepared[] Tests)> batches, int jobs, TextWriter log, string testsRoot)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, tests) in batches)
        {
            var s = new StringBuilder();
            s.Append($"// ONNX conformance batch {name} (generated): the translated tests and their drivers in one translation unit.\n");
            s.Append("#include <Kokkos_Core.hpp>\n#include <cstdio>\n#include <cstring>\n#include <exception>\n#include <fstream>\n#include <unistd.h>\n");
            foreach (var t in tests)
            {
                var ns = TranslationOptions.NamespaceFromPath(t.Test);
                s.Append($"#include \"{Path.Combine(testsRoot, t.Test, ns + ".cpp")}\"\n#include \"{Path.Combine(testsRoot, t.Test, "driver.cpp")}\"\n");
            }
            s.Append("""

                namespace {
                struct Test { const char* name; int (*run)(); };
                const Test tests[] = {

                """);
            foreach (var t in tests) s.Append($"  {{\"{t.Test}\", &run_{TranslationOptions.NamespaceFromPath(t.Test)}}},\n");
            s.Append("""
                };
                }  // namespace

                // Runs the tests named on the command line, each in its folder; "done" marks one that returned.
                int main(int argc, char* argv[]) {
                  Kokkos::initialize(argc, argv);
                  for (int i = 1; i < argc; ++i) {
                    if (argv[i][0] == '-') continue;
                    for (const Test& t : tests) {
                      if (std::strcmp(t.name, argv[i]) != 0) continue;
                      if (chdir(t.name) != 0) { std::fprintf(stderr, "cannot enter %s\n", t.name); break; }
                      try {
                        int code = t.run();
                        std::ofstream(code == 0 ? "done" : "error") << code << "\n";
                      } catch (const std::exception& e) {
                        std::ofstream("error") << e.what() << "\n";
                      }
                      if (chdir("..") != 0) return 2;
                    }
                  }
                  Kokkos::finalize();
                  return 0;
                }

                """);
            File.WriteAllText(Path.Combine(dir, name + ".cpp"), s.ToString());
        }
        File.WriteAllText(Path.Combine(dir, "CMakeLists.txt"), $"""
            cmake_minimum_required(VERSION 3.16)
            project(lapis_onnx_conformance CXX)
            find_package(Kokkos REQUIRED)
            foreach(batch {string.Join(" ", batches.Select(b => b.Name))})
              add_executable(${"{"}batch{"}"} ${"{"}batch{"}"}.cpp)
              target_link_libraries(${"{"}batch{"}"} PRIVATE Kokkos::kokkos)
              target_compile_options(${"{"}batch{"}"} PRIVATE -O0 -w)
            endforeach()

            """);
        var build = Path.Combine(dir, "build");
        var sw = Stopwatch.StartNew();
        Exec("cmake", ["-S", dir, "-B", build, "-DCMAKE_BUILD_TYPE=Release", $"-DKokkos_ROOT={kokkos}"], dir, out var configure);
        if (!File.Exists(Path.Combine(build, "Makefile"))) throw new InvalidOperationException($"CMake configure failed in {dir}:\n{configure}");
        Exec("cmake", ["--build", build, "-j", Math.Max(1, jobs).ToString(), "--", "-k"], dir, out var output);
        File.WriteAllText(Path.Combine(dir, "build.log"), output);
        var built = batches.Select(b => b.Name).Where(n => File.Exists(Path.Combine(build, n))).ToHashSet();
        log.WriteLine($"onnx-conformance: built {built.Count} of {batches.Count} programs ({batches.Sum(b => b.Tests.Length)} tests) in {sw.Elapsed.TotalSeconds:F0} s ({dir}/build.log)");
        return (built, output);
    }

    /// <summary>Runs a batch's program on its tests (again without the first unfinished one after a crash); records each outcome in the run cache.</summary>
    private static IEnumerable<ConformanceResult> RunBatch(string exe, string work, Prepared[] batch, string kokkos)
    {
        var remaining = batch.ToList();
        foreach (var t in batch)
            foreach (var f in Directory.GetFiles(t.Dir).Where(ConformanceRunCache.IsOutput)) File.Delete(f);
        while (remaining.Count > 0)
        {
            var code = Exec(exe, remaining.Select(t => t.Test).Append("--kokkos-disable-warnings").ToArray(), work, out var output, timeoutSeconds: 120);
            var ran = remaining.TakeWhile(t => File.Exists(Path.Combine(t.Dir, "done")) || File.Exists(Path.Combine(t.Dir, "error"))).ToList();
            foreach (var t in ran)
            {
                ConformanceRunCache.Store(t.Dir, t.Hash + kokkos, ran: true, "");
                yield return Compare(t);
            }
            remaining = remaining.Skip(ran.Count).ToList();
            if (remaining.Count == 0) break;
            // The first test that did not finish crashed (or hung) the program; the rest run again.
            var crashed = remaining[0];
            var detail = $"the program crashed (exit code {code}): {string.Join(" ", output.Split('\n').TakeLast(3)).Trim()}";
            ConformanceRunCache.Store(crashed.Dir, crashed.Hash + kokkos, ran: false, detail);
            yield return new ConformanceResult(crashed.Test, crashed.Op, ConformanceStatus.Fail, detail);
            remaining.RemoveAt(0);
        }
    }

    private static ConformanceResult Compare(Prepared t)
    {
        var error = Path.Combine(t.Dir, "error");
        if (File.Exists(error)) return new ConformanceResult(t.Test, t.Op, ConformanceStatus.Fail, $"the generated code failed: {File.ReadAllText(error).Trim()}");
        var normwiseErrors = new List<string>();
        for (var i = 0; i < t.Expected.Length; i++)
        {
            var expected = TensorData.FromProto(t.Expected[i], m => new InvalidDataException(m));
            var kind = t.Entry.Results[i].Kind;
            var shapeFile = Path.Combine(t.Dir, $"result{i}.shape");
            var shapeBytes = File.Exists(shapeFile) ? File.ReadAllBytes(shapeFile) : [];
            var shape = Enumerable.Range(0, shapeBytes.Length / 8).Select(d => BitConverter.ToInt64(shapeBytes, 8 * d)).ToArray();
            if (!shape.SequenceEqual(expected.Shape))
                return new ConformanceResult(t.Test, t.Op, ConformanceStatus.Fail, $"output {i}: shape {string.Join("x", shape)}, expected {string.Join("x", expected.Shape)}");
            var ours = kind.FromDriver(File.ReadAllBytes(Path.Combine(t.Dir, $"result{i}.bin")));
            if (ours.Length != expected.Raw.Length)
                return new ConformanceResult(t.Test, t.Op, ConformanceStatus.Fail, $"output {i}: {ours.Length} bytes, expected {expected.Raw.Length}");
            if (t.Normwise is { } bound && kind.IsFloat())
            {
                var comparison = OutputComparison.Compare(new ArgSpec($"output {i}", kind, expected.Shape), expected.Raw, ours);
                if (!(comparison.MaxRelError <= bound))
                    return new ConformanceResult(t.Test, t.Op, ConformanceStatus.Fail, $"output {i}: normwise error {comparison.MaxRelError:G3} > {bound:G3}");
                normwiseErrors.Add($"output {i}: normwise error {comparison.MaxRelError:G3} ≤ {bound:G3}");
                continue;
            }
            long bad = 0;
            double worst = 0;
            for (long k = 0; k < expected.Count; k++)
            {
                var r = kind.Read(expected.Raw, k);
                var o = kind.Read(ours, k);
                bool ok;
                if (!kind.IsFloat()) ok = r == o;
                else if (double.IsNaN(r) || double.IsNaN(o)) ok = double.IsNaN(r) && double.IsNaN(o);
                else if (double.IsInfinity(r) || double.IsInfinity(o)) ok = r == o;
                else ok = Math.Abs(o - r) <= AbsoluteTolerance + RelativeTolerance * Math.Abs(r);
                if (!ok) { bad++; worst = Math.Max(worst, Math.Abs(o - r)); }
            }
            if (bad > 0)
                return new ConformanceResult(t.Test, t.Op, ConformanceStatus.Fail, $"output {i}: {bad} of {expected.Count} elements differ (max abs difference {worst:G3})");
        }
        // A model compared normwise (vs PyTorch) says how close it came.
        return new ConformanceResult(t.Test, t.Op, ConformanceStatus.Pass, string.Join("; ", normwiseErrors));
    }

    /// <summary>The compiler's first error about a test's files (or, for a build of that test alone, its first error anywhere).</summary>
    private static string FirstError(string buildLog, string testDir)
    {
        var lines = buildLog.Split('\n');
        var own = lines.FirstOrDefault(l => l.Contains(testDir + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && (l.Contains("error:", StringComparison.Ordinal) || l.Contains("required from here", StringComparison.Ordinal)));
        var first = lines.FirstOrDefault(l => l.Contains("error:", StringComparison.Ordinal));
        return (own ?? first ?? "").Replace(testDir + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Trim();
    }

    private static int Exec(string file, IReadOnlyList<string> args, string cwd, out string output, int timeoutSeconds = 3600)
    {
        var r = ChildProcess.Run(ChildProcess.Info(file, args, cwd, environment: new Dictionary<string, string>
        {
            ["OMP_PROC_BIND"] = "false",
            ["OMP_NUM_THREADS"] = "1",
        }), TimeSpan.FromSeconds(timeoutSeconds));
        output = r.StdOut + r.StdErr;
        return r.ExitCode;
    }

    /// <summary>onnx-conformance.md: the pass rate, then every test by op.</summary>
    public static string Report(IReadOnlyList<ConformanceResult> results, string provenance)
    {
        var s = new StringBuilder();
        var pass = results.Count(r => r.Status == ConformanceStatus.Pass);
        var fail = results.Count(r => r.Status == ConformanceStatus.Fail);
        var unsupported = results.Count(r => r.Status == ConformanceStatus.Unsupported);
        s.Append("# ONNX operator conformance (node tests)\n\n");
        s.Append($"{provenance}\n\n");
        var notRun = results.Count(r => r.Status == ConformanceStatus.NotRun);
        s.Append($"**{pass} of {results.Count} pass ({100.0 * pass / Math.Max(1, results.Count):F1} %)**; {fail} fail, {unsupported} unsupported{(notRun > 0 ? $", {notRun} translated but not run" : "")}.\n");
        s.Append($"Outputs are compared with ONNX's reference outputs: |ours - ref| ≤ {AbsoluteTolerance:G} + {RelativeTolerance:G}·|ref| (floats), exactly otherwise.\n\n");
        s.Append("| op | pass | fail | unsupported |\n|---|---:|---:|---:|\n");
        foreach (var g in results.GroupBy(r => r.Op).OrderBy(g => g.Key, StringComparer.Ordinal))
            s.Append($"| {g.Key} | {g.Count(r => r.Status == ConformanceStatus.Pass)} | {g.Count(r => r.Status == ConformanceStatus.Fail)} | {g.Count(r => r.Status == ConformanceStatus.Unsupported)} |\n");
        s.Append("\n## Tests\n");
        foreach (var g in results.GroupBy(r => r.Op).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            s.Append($"\n### {g.Key}\n\n");
            foreach (var r in g)
            {
                var detail = r.Detail.Length > 240 ? r.Detail[..240] + "…" : r.Detail;
                s.Append($"- `{r.Test}`: {r.Status.ToString().ToLowerInvariant()}{(detail.Length > 0 ? " — " + detail.Replace("|", "\\|") : "")}\n");
            }
        }
        return s.ToString();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lapis.Translator.Cli;

/// <summary>
/// Crash containment for <c>translate</c> and <c>opt</c>: the command runs in a child process
/// (this same executable, <see cref="WorkerStage.Variable"/> set) and this process only watches
/// it. A worker killed by a signal (a crash in upstream MLIR or in our native code, a stack
/// overflow) becomes <c>error: internal compiler error in STAGE (signal N) while processing
/// FILE</c> with a reproducer file, exit code 1; a worker past <c>--time-limit</c> is killed and
/// reported. Outputs are only renamed into place by a worker that finished its work, and temp
/// files of a dead worker are removed here. <c>LAPIS_IN_PROCESS=1</c> runs the command in this
/// process instead (debugging).
/// </summary>
public static class WorkerSupervisor
{
    public const double DefaultTimeLimitSeconds = 600;

    /// <summary>Options of translate/opt taking a value (to find the input among the arguments).</summary>
    private static readonly HashSet<string> ValuedOptions = new(StringComparer.Ordinal)
    {
        "-o", "--output", "--namespace", "--emit", "-p", "--pass-pipeline", "--time-limit", "--max-input-size",
    };

    public static bool ShouldSupervise(string[] args) =>
        args.Length > 0 && args[0] is "translate" or "opt"
        && !WorkerStage.InWorker
        && Environment.GetEnvironmentVariable("LAPIS_IN_PROCESS") != "1"
        && !args.Any(a => a is "-h" or "--help" or "-?" or "--list-lapis-passes");

    public static int Run(string[] args)
    {
        var (input, timeLimit) = Inspect(args);
        var dir = NewWorkerDir();
        try
        {
            var psi = WorkerStartInfo(args);
            psi.Environment[WorkerStage.Variable] = dir;
            using var worker = Process.Start(psi)!;
            var filter = new CrashNoiseFilter();
            worker.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null && filter.Keep(e.Data)) Console.Error.WriteLine(RewriteOptionError(e.Data));
            };
            worker.BeginErrorReadLine();
            var finished = timeLimit <= 0 ? WaitForever(worker) : worker.WaitForExit(TimeSpan.FromSeconds(timeLimit));
            if (!finished)
            {
                worker.Kill(entireProcessTree: true);
                worker.WaitForExit();
                return TimedOut(Console.Error, input, dir, timeLimit);
            }
            worker.WaitForExit(); // drains stderr
            return Finished(Console.Error, args, input, dir, worker.ExitCode);
        }
        finally
        {
            DeleteWorkerDir(dir);
        }
    }

    /// <summary>The folder a worker reports its stage, temps and moved-aside outputs in (one per command).</summary>
    internal static string NewWorkerDir() => Directory.CreateTempSubdirectory("lapis-worker-").FullName;

    internal static void DeleteWorkerDir(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>This same executable with <paramref name="args"/>, stderr redirected.</summary>
    internal static ProcessStartInfo WorkerStartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardError = true };
        // Run as `dotnet lapis.dll` (a framework-dependent launch): pass the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            psi.ArgumentList.Add(typeof(WorkerSupervisor).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>A worker killed at the time limit: its temps removed, the stage named on <paramref name="err"/>; exit code 1.</summary>
    internal static int TimedOut(TextWriter err, string input, string dir, double timeLimit)
    {
        if (RemoveTemps(dir)) return StoppedAfterCommit(err, input);
        var (stage, _) = ReadStage(dir);
        err.WriteLine($"lapis: error: {stage} of '{input}' did not finish within {timeLimit.ToString(CultureInfo.InvariantCulture)} s " +
            "(--time-limit SECONDS sets the limit, 0 for none)");
        return 1;
    }

    /// <summary>A worker that ended with <paramref name="code"/>: 0/1/2 are its own; anything else is a crash (ICE message, reproducer), exit code 1.</summary>
    internal static int Finished(TextWriter err, string[] args, string input, string dir, int code)
    {
        if (code is 0 or 1 or 2) return code;
        if (RemoveTemps(dir)) return StoppedAfterCommit(err, input);
        ReportCrash(err, args, input, dir, code);
        return 1;
    }

    private static bool WaitForever(Process p)
    {
        p.WaitForExit();
        return true;
    }

    /// <summary>The input file and the time limit, read from the arguments System.CommandLine will parse in the worker.</summary>
    internal static (string Input, double TimeLimit) Inspect(string[] args)
    {
        string? input = null;
        var limit = DefaultTimeLimitSeconds;
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--time-limit=", StringComparison.Ordinal)) limit = ParseLimit(a["--time-limit=".Length..], limit);
            else if (a == "--time-limit" && i + 1 < args.Length) limit = ParseLimit(args[++i], limit);
            else if (ValuedOptions.Contains(a)) i++;
            else if (a == "-" || !a.StartsWith('-')) input ??= a;
        }
        return (input ?? "-", limit);
    }

    private static double ParseLimit(string text, double fallback) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static (string Stage, string? Pipeline) ReadStage(string dir)
    {
        var path = Path.Combine(dir, WorkerStage.StageFile);
        if (!File.Exists(path)) return ("start-up", null);
        var text = File.ReadAllText(path);
        var nl = text.IndexOf('\n');
        return nl < 0 ? (text, null) : (text[..nl], text[(nl + 1)..]);
    }

    /// <summary>A worker stopped after its outputs were all in place: the command's work is done.</summary>
    private static int StoppedAfterCommit(TextWriter err, string input)
    {
        err.WriteLine($"lapis: warning: the worker for '{input}' was stopped after it had written every output; the outputs are complete");
        return 0;
    }

    /// <summary>
    /// After a worker died: its temp files go; before its commit point, outputs it had moved aside
    /// come back and outputs it created go; after it (every output in place), only the moved-aside
    /// copies go. True when the worker had committed its outputs.
    /// </summary>
    internal static bool RemoveTemps(string dir)
    {
        var committed = File.Exists(Path.Combine(dir, WorkerStage.CommittedFile));
        var restore = Path.Combine(dir, WorkerStage.RestoreFile);
        if (File.Exists(restore))
            foreach (var line in Enumerable.Reverse(File.ReadAllLines(restore)))
            {
                var tab = line.IndexOf('\t');
                if (tab < 0) continue;
                var (backup, final) = (line[..tab], line[(tab + 1)..]);
                try
                {
                    if (committed) { if (backup.Length > 0 && File.Exists(backup)) File.Delete(backup); }
                    else if (backup.Length == 0) { if (File.Exists(final)) File.Delete(final); }
                    else if (File.Exists(backup)) File.Move(backup, final, overwrite: true);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        var list = Path.Combine(dir, WorkerStage.TempsFile);
        if (File.Exists(list))
            foreach (var temp in File.ReadAllLines(list))
                try { if (temp.Length > 0 && File.Exists(temp)) File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return committed;
    }

    private static void ReportCrash(TextWriter err, string[] args, string input, string dir, int code)
    {
        var (stage, pipeline) = ReadStage(dir);
        var what = code > 128 ? $"signal {code - 128}" : $"exit code {code}";
        var inputName = input == "-" ? "<stdin>" : input;
        // Inside the pass pipeline: the IR before the failing pass, from MLIR's reproducer.
        if (pipeline is not null && PassCrashReproducer.Record(args, input, dir, Inspect(args).TimeLimit) is { } pass)
        {
            err.WriteLine($"lapis: error: internal compiler error in pass '{pass.Pass}' ({what}) while processing {inputName}");
            err.WriteLine($"lapis: note: reproducer written to {pass.Path} (the IR before '{pass.Pass}'; run it with: lapis opt {pass.Path} --pass-pipeline='{pass.Pipeline}')");
            err.WriteLine("lapis: note: please report this with the reproducer; no output file was written or changed");
            return;
        }
        var reproducer = WriteReproducer(args, input, dir, stage, pipeline);
        err.WriteLine($"lapis: error: internal compiler error in {stage} ({what}) while processing {inputName}");
        if (reproducer is not null)
            err.WriteLine($"lapis: note: reproducer written to {reproducer}" +
                (pipeline is not null ? $" (run it with: lapis opt {reproducer} --pass-pipeline='{pipeline}')" : ""));
        err.WriteLine("lapis: note: please report this with the reproducer; no output file was written or changed");
    }

    /// <summary>The input IR (before the failing stage's pipeline) and the command, as one .mlir file.</summary>
    private static string? WriteReproducer(string[] args, string input, string dir, string stage, string? pipeline)
    {
        try
        {
            var source = input == "-" ? Path.Combine(dir, WorkerStage.InputFile) : input;
            if (!File.Exists(source)) return null;
            var path = Path.Combine(Path.GetTempPath(), $"lapis-reproducer-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmss}.mlir");
            using var w = new StreamWriter(path, false, new UTF8Encoding(false));
            w.WriteLine("// Lapis internal compiler error reproducer");
            w.WriteLine($"// command: lapis {string.Join(' ', args.Select(Quote))}");
            w.WriteLine($"// stage: {stage}");
            if (pipeline is not null) w.WriteLine($"// pipeline: {pipeline}");
            using (var r = File.OpenRead(source))
            {
                w.Flush();
                r.CopyTo(w.BaseStream);
            }
            return path;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    internal static string Quote(string a) => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=')
        ? a : "'" + a.Replace("'", "'\\''") + "'";

    /// <summary>
    /// LLVM's option parser writes pass-option errors straight to stderr as
    /// <c>PROGRAM: for the --NAME option: REASON</c> (with an empty program name): make them ours.
    /// </summary>
    internal static string RewriteOptionError(string line)
    {
        if (!line.StartsWith(": for the --", StringComparison.Ordinal)) return line;
        var rest = line[": for the ".Length..];
        var option = rest.IndexOf(" option: ", StringComparison.Ordinal);
        return option < 0 ? "<pass-pipeline>: error: pass option " + rest
            : $"<pass-pipeline>: error: pass option {rest[..option]}: {rest[(option + " option: ".Length)..]}";
    }

    /// <summary>Drops the .NET runtime's own crash text (stack traces of a stack overflow) from a dying worker's stderr.</summary>
    internal sealed class CrashNoiseFilter
    {
        private bool _crashing;

        public bool Keep(string line)
        {
            if (line.StartsWith("Stack overflow.", StringComparison.Ordinal) || line.StartsWith("Fatal error.", StringComparison.Ordinal)
                || line.StartsWith("Unhandled exception.", StringComparison.Ordinal))
                _crashing = true;
            return !_crashing;
        }
    }
}

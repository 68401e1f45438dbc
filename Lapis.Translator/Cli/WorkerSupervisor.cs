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
        var dir = Directory.CreateTempSubdirectory("lapis-worker-").FullName;
        try
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardError = true };
            // Run as `dotnet lapis.dll` (a framework-dependent launch): pass the assembly first.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
                psi.ArgumentList.Add(typeof(WorkerSupervisor).Assembly.Location);
            foreach (var a in args) psi.ArgumentList.Add(a);
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
                RemoveTemps(dir);
                var (stage, _) = ReadStage(dir);
                Console.Error.WriteLine($"lapis: error: {stage} of '{input}' did not finish within {timeLimit.ToString(CultureInfo.InvariantCulture)} s " +
                    "(--time-limit SECONDS sets the limit, 0 for none)");
                return 1;
            }
            worker.WaitForExit(); // drains stderr
            var code = worker.ExitCode;
            if (code is 0 or 1 or 2) return code;
            RemoveTemps(dir);
            ReportCrash(args, input, dir, code);
            return 1;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
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

    /// <summary>After a worker died: its temp files go, outputs it had moved aside come back.</summary>
    private static void RemoveTemps(string dir)
    {
        var restore = Path.Combine(dir, WorkerStage.RestoreFile);
        if (File.Exists(restore))
            foreach (var line in File.ReadAllLines(restore))
            {
                var tab = line.IndexOf('\t');
                if (tab < 0) continue;
                var (backup, final) = (line[..tab], line[(tab + 1)..]);
                try { if (File.Exists(backup)) File.Move(backup, final, overwrite: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        var list = Path.Combine(dir, WorkerStage.TempsFile);
        if (!File.Exists(list)) return;
        foreach (var temp in File.ReadAllLines(list))
            try { if (temp.Length > 0 && File.Exists(temp)) File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void ReportCrash(string[] args, string input, string dir, int code)
    {
        var (stage, pipeline) = ReadStage(dir);
        var what = code > 128 ? $"signal {code - 128}" : $"exit code {code}";
        var inputName = input == "-" ? "<stdin>" : input;
        var reproducer = WriteReproducer(args, input, dir, stage, pipeline);
        Console.Error.WriteLine($"lapis: error: internal compiler error in {stage} ({what}) while processing {inputName}");
        if (reproducer is not null)
            Console.Error.WriteLine($"lapis: note: reproducer written to {reproducer}" +
                (pipeline is not null ? $" (run it with: lapis opt {reproducer} --pass-pipeline='{pipeline}')" : ""));
        Console.Error.WriteLine("lapis: note: please report this with the reproducer; no output file was written or changed");
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

    private static string Quote(string a) => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=')
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
    private sealed class CrashNoiseFilter
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

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Lapis.Translator.Cli;

/// <summary>
/// After a worker died inside the pass pipeline: runs the same command once more in a fresh
/// worker with MLIR's local crash reproducer on (<see cref="WorkerStage.ReproducerVariable"/>,
/// mlir-opt's <c>--mlir-pass-pipeline-crash-reproducer</c> with
/// <c>--mlir-pass-pipeline-local-reproducer</c>), so that normal runs pay nothing for it. If the
/// crash repeats, MLIR leaves the IR before the failing pass and a pipeline running only that
/// pass; this names the pass and adds the command as a comment. That worker stops after the
/// pipeline, so it writes no output even if the crash does not repeat.
/// </summary>
internal static partial class PassCrashReproducer
{
    public sealed record Result(string Path, string Pass, string Pipeline);

    public static Result? Record(string[] args, string input, string crashedDir, double timeLimit)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lapis-reproducer-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmssfff}.mlir");
        var dir = WorkerSupervisor.NewWorkerDir();
        try
        {
            var psi = WorkerSupervisor.WorkerStartInfo(args);
            psi.Environment[WorkerStage.Variable] = dir;
            psi.Environment[WorkerStage.ReproducerVariable] = path;
            psi.RedirectStandardInput = input == "-";
            using (var worker = Process.Start(psi)!)
            {
                worker.ErrorDataReceived += (_, _) => { };
                worker.BeginErrorReadLine();
                if (input == "-")
                {
                    var saved = Path.Combine(crashedDir, WorkerStage.InputFile);
                    if (File.Exists(saved)) worker.StandardInput.Write(File.ReadAllText(saved));
                    worker.StandardInput.Close();
                }
                if (!worker.WaitForExit(TimeSpan.FromSeconds(timeLimit <= 0 ? WorkerSupervisor.DefaultTimeLimitSeconds : timeLimit)))
                    worker.Kill(entireProcessTree: true);
                worker.WaitForExit();
            }
            WorkerSupervisor.RemoveTemps(dir);
            if (!File.Exists(path)) return null;
            var text = File.ReadAllText(path);
            if (PipelineOf(text) is not { } pipeline)
            {
                File.Delete(path);
                return null;
            }
            var pass = FailingPass(pipeline);
            var header = new StringBuilder()
                .AppendLine("// Lapis internal compiler error reproducer: the IR before the failing pass")
                .AppendLine($"// command: lapis {string.Join(' ', args.Select(WorkerSupervisor.Quote))}")
                .AppendLine($"// failing pass: {pass}")
                .AppendLine($"// run it with: lapis opt <this file> --pass-pipeline='{pipeline}'");
            File.WriteAllText(path, header + text, new UTF8Encoding(false));
            return new Result(path, pass, pipeline);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        catch (System.ComponentModel.Win32Exception) { return null; }
        finally { WorkerSupervisor.DeleteWorkerDir(dir); }
    }

    /// <summary>The pipeline of MLIR's reproducer (<c>mlir_reproducer: { pipeline: "..." }</c>), unescaped.</summary>
    internal static string? PipelineOf(string reproducer)
    {
        var m = ReproducerPipeline().Match(reproducer);
        return m.Success ? Regex.Unescape(m.Groups[1].Value) : null;
    }

    /// <summary>The pass a local reproducer's pipeline runs: <c>builtin.module(func.func(canonicalize{...}))</c> → <c>canonicalize</c>.</summary>
    internal static string FailingPass(string pipeline)
    {
        var p = pipeline.Trim();
        while (AnchoredPipeline().Match(p) is { Success: true } m) p = m.Groups[1].Value.Trim();
        var brace = p.IndexOf('{');
        return brace < 0 ? p : p[..brace];
    }

    [GeneratedRegex(@"mlir_reproducer\s*:\s*\{[^}]*?pipeline\s*:\s*""((?:[^""\\]|\\.)*)""", RegexOptions.Singleline)]
    private static partial Regex ReproducerPipeline();

    /// <summary>An op anchor (a dotted name) around the rest: <c>func.func(...)</c>.</summary>
    [GeneratedRegex(@"^[A-Za-z_][\w$]*\.[\w.$]+\((.*)\)$", RegexOptions.Singleline)]
    private static partial Regex AnchoredPipeline();
}

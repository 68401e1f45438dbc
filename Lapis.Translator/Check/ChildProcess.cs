using System.Diagnostics;

namespace Lapis.Translator.Check;

/// <summary>How a child process ended: its exit code (128 + N for signal N), what it printed, whether it was killed for taking too long.</summary>
public sealed record ChildProcessResult(int ExitCode, string StdOut, string StdErr, bool TimedOut);

/// <summary>
/// Starting and waiting for child processes: the C++ build, the programs Lapis builds
/// (<c>lapis check</c>, <c>lapis run</c>, the ONNX conformance runs) and the reference worker.
/// </summary>
public static class ChildProcess
{
    /// <summary>A start of <paramref name="file"/>; <paramref name="capture"/>: its stdout and stderr are read by <see cref="Run"/>, else they are this process's.</summary>
    public static ProcessStartInfo Info(string file, IEnumerable<string> args, string? workingDirectory = null, bool capture = true,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = capture, RedirectStandardError = capture };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        return psi;
    }

    /// <summary>
    /// A start of a Kokkos program Lapis built: <c>--kokkos-disable-warnings</c> unless the
    /// arguments choose otherwise, and <c>OMP_PROC_BIND=false</c> (Kokkos' OpenMP backend
    /// otherwise pins its threads, which a shared machine punishes).
    /// </summary>
    public static ProcessStartInfo KokkosProgram(string executable, IEnumerable<string> args, string? workingDirectory = null, bool capture = true,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var list = args.ToList();
        if (!list.Any(a => a.StartsWith("--kokkos-disable-warnings", StringComparison.Ordinal))) list.Add("--kokkos-disable-warnings");
        var psi = Info(executable, list, workingDirectory, capture);
        psi.Environment["OMP_PROC_BIND"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        return psi;
    }

    /// <summary>Runs <paramref name="psi"/> to its end; past <paramref name="timeout"/> (null: none) it is killed with its children.</summary>
    public static ChildProcessResult Run(ProcessStartInfo psi, TimeSpan? timeout)
    {
        using var p = Process.Start(psi)!;
        var stdout = psi.RedirectStandardOutput ? p.StandardOutput.ReadToEndAsync() : Task.FromResult("");
        var stderr = psi.RedirectStandardError ? p.StandardError.ReadToEndAsync() : Task.FromResult("");
        var timedOut = false;
        if (timeout is { } limit && !p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            timedOut = true;
        }
        p.WaitForExit();
        return new ChildProcessResult(p.ExitCode, stdout.Result, stderr.Result, timedOut);
    }

    /// <summary>", SIGSEGV" and the like for the signals a crashed program gets (.NET reports signal N as exit code 128 + N); "" for others.</summary>
    public static string SignalName(int signal) => signal switch
    {
        4 => ", SIGILL",
        6 => ", SIGABRT",
        7 => ", SIGBUS",
        8 => ", SIGFPE",
        9 => ", SIGKILL",
        11 => ", SIGSEGV",
        _ => "",
    };
}

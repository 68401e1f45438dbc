using System.Diagnostics;

namespace Lapis.Tests.Support;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs a child process with captured output (and optional stdin and environment changes: a null value unsets).</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string file, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? TestPaths.RepoRoot,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', psi.ArgumentList)} timed out");
        }
        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static ProcessResult Bash(string script, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        Run("/bin/bash", ["-o", "pipefail", "-c", script], workingDirectory: workingDirectory, environment: environment);

    public static ProcessResult Lapis(params string[] args) => Run(TestPaths.LapisCli, args);
}

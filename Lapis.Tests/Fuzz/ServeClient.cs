using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Lapis.Tests.Support;

namespace Lapis.Tests.Fuzz;

/// <summary>
/// A client of <c>lapis __serve</c>: sends command lines, gets back the exit code and stderr
/// that a one-shot <c>lapis ARGS</c> would have given (crashes and time limits are decided by the
/// CLI's own supervisor, in the server). If the server itself does not answer within the
/// backstop, it is killed (the case is a hang) and a new one starts with the next case.
/// </summary>
public sealed class ServeClient : IDisposable
{
    private Process? _server;

    private sealed record Request(string[] Args);

    private sealed record Response(int Exit, string Stdout, string Stderr);

    public (int Code, string StdErr, bool TimedOut) Run(string[] args, TimeSpan backstop)
    {
        var server = _server ??= Start();
        server.StandardInput.WriteLine(JsonSerializer.Serialize(new Request(args)));
        server.StandardInput.Flush();
        var answer = server.StandardOutput.ReadLineAsync();
        if (!answer.Wait(backstop) || answer.Result is null)
        {
            Stop();
            return (-1, answer.IsCompleted ? "lapis __serve ended without an answer" : "", !answer.IsCompleted);
        }
        var response = JsonSerializer.Deserialize<Response>(answer.Result)!;
        return (response.Exit, response.Stderr, false);
    }

    private static Process Start()
    {
        var psi = new ProcessStartInfo(TestPaths.LapisCli, "__serve")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return p;
    }

    private void Stop()
    {
        if (_server is null) return;
        try { _server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _server.WaitForExit();
        _server.Dispose();
        _server = null;
    }

    public void Dispose()
    {
        if (_server is null) return;
        try
        {
            _server.StandardInput.Close();
            if (!_server.WaitForExit(TimeSpan.FromSeconds(30))) Stop();
        }
        catch (IOException) { Stop(); }
        _server?.Dispose();
        _server = null;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Lapis.Translator.Cli;

/// <summary>
/// One long-lived worker process (<c>lapis __worker --serve</c>) that runs many commands, one
/// after the other, for <see cref="WorkerServer"/>. Each command gets its own worker folder
/// (stage, temps, moved-aside outputs), exactly like a one-shot worker of
/// <see cref="WorkerSupervisor"/>, and the same handling when it ends: exit 0/1/2 are the
/// command's, a death is an internal compiler error with a reproducer, a command past its
/// <c>--time-limit</c> is killed. A worker that died or was killed is replaced by the next request.
/// </summary>
internal sealed class PersistentWorker : IDisposable
{
    /// <summary>The line the worker writes on stderr after each command: the marker, the exit code, its stdout in base64.</summary>
    public const string DoneMarker = "\u001flapis-worker-done";

    private readonly Process _process;
    private readonly BlockingCollection<string?> _stderr = new();
    private readonly WorkerSupervisor.CrashNoiseFilter _filter = new();

    public int Served { get; private set; }

    public bool Alive => !_process.HasExited;

    public PersistentWorker()
    {
        var psi = WorkerSupervisor.WorkerStartInfo(["__worker", "--serve"]);
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.StandardInputEncoding = new UTF8Encoding(false);
        _process = Process.Start(psi)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            try { _stderr.Add(e.Data); } catch (InvalidOperationException) { } // after Dispose
        };
        _process.OutputDataReceived += (_, _) => { }; // native code writing to stdout: not part of any answer
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>
    /// Runs one command; the answer holds what a one-shot <c>lapis ARGS</c> would have exited with
    /// and printed. Throws <see cref="IOException"/> when the worker was gone before the command was sent.
    /// </summary>
    public WorkerServer.Response Run(WorkerServer.Request request, out bool workerLost)
    {
        var args = request.Args;
        var (input, timeLimit) = WorkerSupervisor.Inspect(args);
        var dir = WorkerSupervisor.NewWorkerDir();
        var err = new StringWriter();
        try
        {
            Served++;
            _process.StandardInput.WriteLine(JsonSerializer.Serialize(new WorkerLoop.Job(args, dir, request.Stdin)));
            _process.StandardInput.Flush();
            var deadline = timeLimit <= 0 ? (DateTime?)null : DateTime.UtcNow + TimeSpan.FromSeconds(timeLimit);
            while (true)
            {
                var wait = deadline is null ? Timeout.InfiniteTimeSpan : deadline.Value - DateTime.UtcNow;
                if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
                if (!_stderr.TryTake(out var line, wait))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                    workerLost = true;
                    return new(WorkerSupervisor.TimedOut(err, input, dir, timeLimit), "", err.ToString());
                }
                if (line is null)
                {
                    // stderr closed: the worker died inside this command.
                    _process.WaitForExit();
                    workerLost = true;
                    return new(WorkerSupervisor.Finished(err, args, input, dir, _process.ExitCode), "", err.ToString());
                }
                var marker = line.IndexOf(DoneMarker, StringComparison.Ordinal);
                if (marker >= 0)
                {
                    if (marker > 0) Keep(err, line[..marker]);
                    var fields = line[(marker + DoneMarker.Length)..].Trim().Split(' ');
                    var code = int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture);
                    var stdout = fields.Length > 1 ? Encoding.UTF8.GetString(Convert.FromBase64String(fields[1])) : "";
                    workerLost = false;
                    return new(WorkerSupervisor.Finished(err, args, input, dir, code), stdout, err.ToString());
                }
                Keep(err, line);
            }
        }
        finally
        {
            WorkerSupervisor.DeleteWorkerDir(dir);
        }
    }

    private void Keep(StringWriter err, string line)
    {
        if (_filter.Keep(line)) err.WriteLine(WorkerSupervisor.RewriteOptionError(line));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close(); // the worker's loop ends at end of input
                if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit();
        }
        catch (IOException) { }
        catch (InvalidOperationException) { }
        _stderr.CompleteAdding();
        _process.Dispose();
    }
}

using System.Text;
using System.Text.Json;

namespace Lapis.Translator.Cli;

/// <summary>
/// Hidden <c>lapis __worker --serve</c>: the worker side of <see cref="PersistentWorker"/>. Reads
/// one <see cref="Job"/> per line on stdin and runs it in this process as the command line
/// <c>lapis ARGS</c> would run in a one-shot worker (its stage reported in the job's folder,
/// its stdout captured, its stderr, native writes included, on this process's stderr), then
/// writes <see cref="PersistentWorker.DoneMarker"/>, the exit code and the captured stdout on
/// stderr. Ends at the end of stdin.
/// </summary>
public static class WorkerLoop
{
    public sealed record Job(string[] Args, string Dir, string? Stdin);

    public static int Serve()
    {
        var protocol = Console.In;
        var stdout = Console.Out;
        while (protocol.ReadLine() is { } line)
        {
            var job = JsonSerializer.Deserialize<Job>(line) ?? throw new InvalidDataException("empty worker request");
            var captured = new StringWriter();
            Console.SetIn(new StringReader(job.Stdin ?? ""));
            Console.SetOut(captured);
            WorkerStage.Use(job.Dir);
            int code;
            try
            {
                code = Program.Invoke(job.Args);
            }
            finally
            {
                WorkerStage.Use(null);
                Console.SetOut(stdout);
            }
            Console.Error.Flush();
            var text = Convert.ToBase64String(Encoding.UTF8.GetBytes(captured.ToString()));
            Console.Error.WriteLine($"{PersistentWorker.DoneMarker} {code} {text}");
            Console.Error.Flush();
        }
        return 0;
    }
}

using System.Text.Json;

namespace Lapis.Translator.Cli;

/// <summary>
/// Hidden <c>lapis __serve</c>: runs many <c>translate</c>/<c>opt</c> command lines through one
/// <see cref="PersistentWorker"/>, for clients that run thousands of them (the fuzzer). Reads one
/// <see cref="Request"/> per line on stdin and answers each with one <see cref="Response"/> line on
/// stdout: the exit code, stdout and stderr that <c>lapis ARGS</c> would have given, internal
/// compiler errors and time limits included (the same <see cref="WorkerSupervisor"/> code decides
/// them). The worker is replaced after a crash or a time-out and every
/// <see cref="RequestsPerWorker"/> requests (to bound what native code may leak).
/// </summary>
public static class WorkerServer
{
    public const string Command = "__serve";
    public const int RequestsPerWorker = 250;

    public sealed record Request(string[] Args, string? Stdin = null);

    public sealed record Response(int Exit, string Stdout, string Stderr);

    public static int Serve()
    {
        PersistentWorker? worker = null;
        try
        {
            while (Console.In.ReadLine() is { } line)
            {
                if (line.Length == 0) continue;
                var request = JsonSerializer.Deserialize<Request>(line) ?? throw new InvalidDataException("empty request");
                Response response;
                for (var attempt = 0; ; attempt++)
                {
                    if (worker is null || !worker.Alive || worker.Served >= RequestsPerWorker)
                    {
                        worker?.Dispose();
                        worker = new PersistentWorker();
                    }
                    try
                    {
                        response = worker.Run(request, out var lost);
                        if (lost)
                        {
                            worker.Dispose();
                            worker = null;
                        }
                        break;
                    }
                    catch (IOException) when (attempt == 0)
                    {
                        // The worker died between two requests: this one never reached it.
                        worker?.Dispose();
                        worker = null;
                    }
                }
                Console.Out.WriteLine(JsonSerializer.Serialize(response));
                Console.Out.Flush();
            }
            return 0;
        }
        finally
        {
            worker?.Dispose();
        }
    }
}

using System.CommandLine;
using System.Reflection;

namespace Lapis.Translator.Cli;

/// <summary>The <c>lapis</c> command line: opt, translate (and check once available).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is [WorkerServer.Command]) return WorkerServer.Serve();
        if (args is ["__worker", "--serve"]) return WorkerLoop.Serve();
        if (WorkerSupervisor.ShouldSupervise(args)) return WorkerSupervisor.Run(args);
        return Invoke(args);
    }

    /// <summary>Runs one command line in this process (in a worker, or unsupervised).</summary>
    public static int Invoke(string[] args)
    {
        var root = new RootCommand("Lapis: translate MLIR (linalg, sparse_tensor, scf/memref) into portable Kokkos C++.")
        {
            OptCommand.Create(),
            TranslateCommand.Create(),
            ImportCommand.Create(),
            OnnxConformanceCommand.Create(),
            CheckCommand.Create(),
            RunCommand.Create(),
            ReferenceWorkerCommand.Create(),
        };
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (Exception e)
        {
            // Last line of defence: a bug in Lapis, reported without a stack trace.
            Console.Error.WriteLine($"lapis: internal error: {e.Message}");
            if (Environment.GetEnvironmentVariable("LAPIS_DEBUG") == "1") Console.Error.WriteLine(e);
            return 2;
        }
    }

    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}

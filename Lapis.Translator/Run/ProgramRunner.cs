using System.Security.Cryptography;
using System.Text;
using Lapis.Native.Ir;
using Lapis.Translator.Check;
using Lapis.Translator.Load;
using Lapis.Translator.Pipeline;
using Attribute = Lapis.Native.Ir.Attribute;

namespace Lapis.Translator.Run;

/// <summary>What <c>lapis run</c> was asked to do.</summary>
/// <param name="InputPath">The whole program (.mlir) with an entry function taking and returning nothing.</param>
/// <param name="Entry">Name of the entry function (<c>-e</c>, default <c>main</c>).</param>
/// <param name="ProgramArguments">Passed to the built program (Kokkos options such as <c>--kokkos-num-threads=4</c>).</param>
/// <param name="KokkosRoot">Kokkos install prefix; null: <see cref="KokkosProject.DefaultKokkosRoot"/>.</param>
/// <param name="CacheDirectory">Where built programs are kept by content hash; null: <see cref="DefaultCacheDirectory"/>.</param>
public sealed record RunOptions(string InputPath, string Entry, IReadOnlyList<string> ProgramArguments, string? KokkosRoot, string? CacheDirectory)
{
    /// <summary>Only translate (into <see cref="TranslateOnlyDirectory"/>): program.hpp/.cpp and the driver main.cpp, no build.</summary>
    public string? TranslateOnlyDirectory { get; init; }
}

/// <summary>
/// <c>lapis run</c>: like <c>mlir-runner -e main -entry-point-result=void</c>, but the whole program
/// goes through Lapis (every other function private, so upstream's inliner folds the kernels into
/// the entry), the C++ is built against Kokkos (OpenMP, Release) in a folder named by the hash of
/// the input, the entry, the Lapis build and the Kokkos prefix (a second run of the same program
/// only runs it), and the program runs with this process's stdout and stderr.
/// </summary>
public static class ProgramRunner
{
    public const string ProgramTarget = "program";

    public static string DefaultCacheDirectory() =>
        Environment.GetEnvironmentVariable("LAPIS_CACHE_DIR") is { Length: > 0 } dir ? Path.Combine(dir, "run")
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "lapis", "run");

    /// <summary>Translates and builds (unless cached), then runs; returns the program's exit code.</summary>
    public static int Run(RunOptions options, TextWriter log)
    {
        if (options.TranslateOnlyDirectory is { } only)
        {
            Directory.CreateDirectory(only);
            var ns = TranslationOptions.NamespaceFromPath(options.InputPath);
            var entryName = Translate(options, ns, Path.Combine(only, "program.cpp"));
            File.WriteAllText(Path.Combine(only, "main.cpp"), Driver(ns, entryName));
            return 0;
        }
        var kokkos = options.KokkosRoot ?? KokkosProject.DefaultKokkosRoot();
        var executable = Build(options, kokkos);
        Console.Out.Flush();
        // Like mlir-runner: the program's output is this process's, and it runs as long as it runs.
        var exitCode = ChildProcess.Run(ChildProcess.KokkosProgram(executable, options.ProgramArguments, capture: false), timeout: null).ExitCode;
        if (exitCode == 0) return 0;
        // .NET reports a child killed by signal N as 128 + N.
        log.WriteLine(exitCode > 128 && exitCode < 160
            ? $"lapis run: error: the program of {options.InputPath} crashed (signal {exitCode - 128}{ChildProcess.SignalName(exitCode - 128)})"
            : $"lapis run: error: the program of {options.InputPath} exited with code {exitCode}");
        return exitCode;
    }

    /// <summary>The built program of <paramref name="options"/>: from the cache, else translated and built there.</summary>
    public static string Build(RunOptions options, string kokkosRoot)
    {
        var text = File.ReadAllBytes(options.InputPath);
        var key = Hash(text, options.Entry, kokkosRoot);
        var dir = Path.Combine(options.CacheDirectory ?? DefaultCacheDirectory(), key);
        var executable = Path.Combine(dir, "build", ProgramTarget);
        if (File.Exists(executable)) return executable;

        // Build in a fresh folder, then rename it into place (concurrent runs of one program do not collide).
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        var staging = dir + ".tmp-" + Environment.ProcessId;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            var ns = TranslationOptions.NamespaceFromPath(options.InputPath);
            var entryName = Translate(options, ns, Path.Combine(staging, "program.cpp"));
            File.WriteAllText(Path.Combine(staging, "main.cpp"), Driver(ns, entryName));
            var project = new KokkosProject(staging, kokkosRoot);
            project.WriteCMakeLists(ProgramTarget, ["main.cpp", "program.cpp"]);
            project.Build();
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.Move(staging, dir);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        // The CMake cache names the staging folder: the executable itself does not care.
        return executable;
    }

    /// <summary>
    /// Translates the program with the entry renamed to <c>program_ENTRY</c> (a C++ <c>main</c>
    /// inside the namespace would read as the program's own) and every other function private.
    /// </summary>
    private static string Translate(RunOptions options, string ns, string output)
    {
        using var context = ModuleLoader.CreateContext();
        using var module = ModuleLoader.Load(context, options.InputPath);
        Operation? entry = null;
        foreach (var op in module.Body.Operations)
        {
            if (op.Name != "func.func") continue;
            if (op.Attribute("sym_name").StringValue == options.Entry) entry = op;
            else if (op.Region(0).Blocks.Count > 0) op.SetAttribute("sym_visibility", Attribute.String(context, "private"));
        }
        if (entry is not { } e)
            throw new TranslationException(new Diagnostic(Severity.Error, default,
                $"{options.InputPath}: no function '@{options.Entry}' to run (choose one with -e)", []));
        var type = e.Attribute("function_type").TypeValue;
        if (type.FunctionInputCount != 0 || type.FunctionResultCount != 0)
            throw TranslationException.At(e.Location, $"@{options.Entry} must take no arguments and return nothing (as for mlir-runner -entry-point-result=void)");
        RejectUndefinedCallees(module, e);
        var renamed = "program_" + options.Entry;
        e.SetAttribute("sym_name", Attribute.String(context, renamed));
        e.RemoveAttribute("sym_visibility");
        var result = ModuleTranslator.Translate(module, new TranslationOptions(ns, output), Path.GetFileName(options.InputPath));
        Cli.AtomicFile.WriteAll(result.Files);
        return renamed;
    }

    /// <summary>
    /// A whole program links only itself and Lapis' runtime: a call, reachable from the entry, of a
    /// function that is only declared (and is not one of the runner-utilities functions Lapis
    /// prints) would fail at link time, so it is a located error naming the function. Functions the
    /// entry never reaches are dropped before printing (they are private), so their calls do not count.
    /// </summary>
    private static void RejectUndefinedCallees(Module module, Operation entry)
    {
        var functions = module.Body.Operations.Where(o => o.Name == "func.func")
            .ToDictionary(o => o.Attribute("sym_name").StringValue, StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal) { entry.Attribute("sym_name").StringValue };
        var pending = new Queue<Operation>([entry]);
        while (pending.TryDequeue(out var function))
        {
            foreach (var call in function.Collect(o => o.Name == "func.call"))
            {
                var callee = call.Attribute("callee").FlatSymbolRefValue;
                if (!functions.TryGetValue(callee, out var target) || !reached.Add(callee)) continue;
                if (target.Region(0).Blocks.Count > 0) pending.Enqueue(target);
                else if (!Emit.Printers.RuntimeCallPrinters.IsRuntimeFunction(callee))
                    throw TranslationException.At(call.Location,
                        $"unsupported call of '@{callee}': it is only declared, and lapis run links the program with Lapis' runtime alone " +
                        "(printMemref*, rtsrand/rtrand/rtdrand/shuffle, getTensorFilename and the tensor files of sparse_tensor.new/out), which has no such function");
            }
        }
    }

    private static string Driver(string ns, string entry) => $$"""
        // Generated by lapis run: runs {{ns}}::{{entry}} between Kokkos::initialize and Kokkos::finalize.
        #include <Kokkos_Core.hpp>

        #include <cstdio>

        #include "program.hpp"

        int main(int argc, char* argv[]) {
          Kokkos::initialize(argc, argv);
          {
            {{ns}}::initialize();
            {{ns}}::{{entry}}();
            {{ns}}::finalize();
          }
          Kokkos::finalize();
          std::fflush(stdout);
          return 0;
        }

        """;

    private static string Hash(byte[] input, string entry, string kokkosRoot)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(input);
        // The Lapis build: a new build may translate differently.
        sha.AppendData(Encoding.UTF8.GetBytes($"\0{entry}\0{Path.GetFullPath(kokkosRoot)}\0{typeof(ProgramRunner).Assembly.ManifestModule.ModuleVersionId}"));
        return Convert.ToHexString(sha.GetHashAndReset())[..24].ToLowerInvariant();
    }
}

using System.Diagnostics;
using Lapis.Native.Execution;
using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Translator.Check;

/// <summary>The outputs of MLIR's own run of the entry (and the storage it built for sparse arguments).</summary>
/// <param name="ArgumentsAfterCall">Each shaped dense argument's contents after the first call (null for scalars and sparse entries).</param>
public sealed record ReferenceOutputs(IReadOnlyList<CResultValue> Results, TimeSpan MeanCallTime, IReadOnlyList<PackedSparse?>? Packed,
    IReadOnlyList<byte[]?> ArgumentsAfterCall);

/// <summary>MLIR's reference crashed, hung or failed: the message says how, and the folder holds its inputs.</summary>
public sealed class ReferenceFailedException(string message, bool crashed) : Exception(message)
{
    /// <summary>True for a signal or a timeout (keep the inputs); false for an ordinary located error.</summary>
    public bool Crashed { get; } = crashed;
}

/// <summary>
/// Runs MLIR's reference (<see cref="ReferenceRunner"/>, <see cref="SparseReference"/>) in a child
/// process — this executable re-run as <c>lapis __reference DIR</c> — so that an out-of-bounds
/// access of the reference on bad inputs, or an abort of one of its <c>cf.assert</c>s, is reported
/// ("MLIR's reference crashed (signal N) ...") instead of killing <c>lapis check</c>; a run longer
/// than the timeout is killed and reported the same way.
/// </summary>
public static class ReferenceProcess
{
    public const string WorkerCommand = "__reference";

    /// <param name="worker">The lapis executable to run as the worker (default: this process's own; a test host passes the CLI).</param>
    public static ReferenceOutputs Run(string inputPath, EntrySignature entry, IReadOnlyList<byte[]> inputs, ulong seed, int repeat,
        string dir, TimeSpan timeout, string? worker = null)
    {
        Directory.CreateDirectory(dir);
        for (var i = 0; i < inputs.Count; i++) File.WriteAllBytes(ReferenceExchange.ArgumentFile(dir, i), inputs[i]);
        ReferenceExchange.Write(Path.Combine(dir, "request.json"),
            new ReferenceExchange.Request(Path.GetFullPath(inputPath), entry.Name, seed, repeat, entry.Arguments.Select(a => a.Shape).ToArray()));

        var (exitCode, stderr, timedOut) = Start(dir, timeout, worker);
        if (timedOut)
            throw new ReferenceFailedException($"MLIR's reference did not finish within {timeout.TotalSeconds:0} s on {inputPath} with these inputs: {Inputs(dir, entry)}", crashed: true);
        if (exitCode != 0)
        {
            var detail = stderr.Trim().Length > 0 ? "\n" + Tail(stderr, 20) : "";
            if (exitCode > 128)
                throw new ReferenceFailedException(
                    $"MLIR's reference crashed (signal {exitCode - 128}{ChildProcess.SignalName(exitCode - 128)}) on {inputPath} with these inputs: {Inputs(dir, entry)}{detail}", crashed: true);
            throw new ReferenceFailedException(stderr.TrimEnd(), crashed: false);
        }
        return ReadResponse(dir, entry);
    }

    /// <summary>The worker's side: reads the request in <paramref name="dir"/>, runs MLIR's reference in this process, writes the response.</summary>
    public static void Serve(string dir)
    {
        var request = ReferenceExchange.Read<ReferenceExchange.Request>(Path.Combine(dir, "request.json"));
        using var context = ModuleLoader.CreateContext();
        using var module = ModuleLoader.Load(context, request.InputPath);
        ElidedResources.Substitute(module, request.Seed);
        var entry = EntrySignature.Find(module, request.Entry, 1).WithArgumentShapes(request.ArgumentShapes);
        var inputs = entry.Arguments.Select((_, i) => File.ReadAllBytes(ReferenceExchange.ArgumentFile(dir, i))).ToArray();
        var (results, mean, packed, after) = RunInThisProcess(module, entry, inputs, request.Repeat);
        for (var i = 0; i < results.Count; i++) File.WriteAllBytes(ReferenceExchange.ResultFile(dir, i), results[i].Data);
        for (var i = 0; i < after.Count; i++)
            if (after[i] is { } contents) File.WriteAllBytes(ReferenceExchange.ArgumentAfterCallFile(dir, i), contents);
        var levels = new long[]?[entry.Arguments.Count];
        for (var i = 0; packed is not null && i < packed.Count; i++)
        {
            if (packed[i] is not { } storage) continue;
            for (var f = 0; f < storage.Fields.Count; f++) File.WriteAllBytes(ReferenceExchange.PackedFile(dir, i, f), storage.Fields[f]);
            levels[i] = storage.LevelSizes.ToArray();
        }
        ReferenceExchange.Write(Path.Combine(dir, "response.json"),
            new ReferenceExchange.Response(mean.TotalMilliseconds, results.Select(r => r.Shape.ToArray()).ToArray(), levels,
                entry.Arguments.Select((_, i) => i < after.Count && after[i] is not null).ToArray()));
    }

    /// <summary>
    /// MLIR's reference in this process (what the worker runs): for trusted modules, such as the
    /// golden cases, whose crash would be a bug of the test itself.
    /// </summary>
    public static ReferenceOutputs RunInThisProcess(Module module, EntrySignature entry, IReadOnlyList<byte[]> inputs, int repeat = 0)
    {
        IReadOnlyList<PackedSparse?>? packed = null;
        TimeSpan mean;
        IReadOnlyList<byte[]?> after = [];
        var results = entry.IsSparse
            ? SparseReference.Run(module, entry, inputs, repeat, out mean, out packed)
            : ReferenceRunner.Run(module, entry, inputs, repeat, out mean, out after);
        return new ReferenceOutputs(results, mean, packed, after);
    }

    private static ReferenceOutputs ReadResponse(string dir, EntrySignature entry)
    {
        var response = ReferenceExchange.Read<ReferenceExchange.Response>(Path.Combine(dir, "response.json"));
        var results = response.Results.Select((shape, i) => new CResultValue(File.ReadAllBytes(ReferenceExchange.ResultFile(dir, i)), shape)).ToArray();
        PackedSparse?[]? packed = null;
        if (entry.IsSparse)
        {
            packed = new PackedSparse?[entry.Arguments.Count];
            for (var i = 0; i < packed.Length; i++)
                if (response.PackedLevelSizes[i] is { } levels && entry.Arguments[i].Sparse is { } sparse)
                    packed[i] = new PackedSparse(sparse.Fields.Select((_, f) => File.ReadAllBytes(ReferenceExchange.PackedFile(dir, i, f))).ToArray(), levels);
        }
        var after = entry.Arguments.Select((_, i) => response.ArgumentWritten is { } w && i < w.Length && w[i]
            ? File.ReadAllBytes(ReferenceExchange.ArgumentAfterCallFile(dir, i)) : null).ToArray();
        return new ReferenceOutputs(results, TimeSpan.FromMilliseconds(response.MeanCallMilliseconds), packed, after);
    }

    /// <summary>Starts this executable as the worker; returns its exit code (128 + N for signal N) and standard error.</summary>
    private static (int ExitCode, string StdErr, bool TimedOut) Start(string dir, TimeSpan timeout, string? worker)
    {
        var self = worker ?? Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the lapis executable");
        // Run as `dotnet lapis.dll` (e.g. a .NET tool): the assembly comes first.
        string[] args = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? [typeof(ReferenceProcess).Assembly.Location, WorkerCommand, dir]
            : [WorkerCommand, dir];
        // A crash of the reference is expected on bad inputs: no core or .NET crash dump for it.
        var r = ChildProcess.Run(ChildProcess.Info(self, args, environment: new Dictionary<string, string>
        {
            ["DOTNET_DbgEnableMiniDump"] = "0",
            ["DOTNET_EnableCrashReport"] = "0",
        }), timeout);
        return r.TimedOut ? (-1, r.StdErr, true) : (r.ExitCode, r.StdOut + r.StdErr, false);
    }

    private static string Inputs(string dir, EntrySignature entry) =>
        entry.Arguments.Count == 0 ? "(none)" :
        string.Join(", ", entry.Arguments.Select((a, i) => $"{ReferenceExchange.ArgumentFile(dir, i)} ({a.Kind.ToString().ToLowerInvariant()} {a.ShapeText})"));

    private static string Tail(string text, int lines) => string.Join("\n", text.TrimEnd().Split('\n').TakeLast(lines));
}

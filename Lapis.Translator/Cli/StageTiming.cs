using System.Diagnostics;

namespace Lapis.Translator.Cli;

/// <summary>
/// <c>LAPIS_TIMING=1</c>: wall time, CPU time and managed heap of every stage (parsing, pass pipeline, C++
/// emission, writing outputs) on stderr as each ends, plus MLIR's own per-pass report (like
/// <c>mlir-opt --mlir-timing</c>) for the translation pipeline. For profiling how time grows with input size.
/// </summary>
public static class StageTiming
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("LAPIS_TIMING") == "1";

    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static string? _stage;
    private static TimeSpan _since, _cpuSince;

    /// <summary>Ends the current stage (printing its time) and starts <paramref name="stage"/>.</summary>
    public static void Enter(string stage)
    {
        if (!Enabled) return;
        End();
        _stage = stage;
        _since = Clock.Elapsed;
        _cpuSince = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>Ends the current stage, if any.</summary>
    public static void End()
    {
        if (!Enabled || _stage is null) return;
        var took = Clock.Elapsed - _since;
        // CPU time too: on a shared machine the wall time says more about the load than about the stage.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuSince;
        Console.Error.WriteLine($"lapis: timing: {_stage,-16} {took.TotalSeconds,9:F3} s   (cpu {cpu.TotalSeconds:F3} s, managed heap {GC.GetTotalMemory(false) >> 20} MB, " +
            $"process peak {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MB)");
        _stage = null;
    }
}

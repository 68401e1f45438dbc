namespace Lapis.Translator.Cli;

/// <summary>
/// The worker side of <see cref="WorkerSupervisor"/>: records which stage the native work is in
/// (and what a reproducer needs: the input read from stdin, the pass pipeline), so that the
/// supervising process can name the stage and write a reproducer if this process dies.
/// Outside a worker every call is a no-op.
/// </summary>
public static class WorkerStage
{
    /// <summary>Environment variable naming the folder the supervisor watches; set only in a worker.</summary>
    public const string Variable = "LAPIS_WORKER_DIR";

    private static string? Dir = Environment.GetEnvironmentVariable(Variable);

    public static bool InWorker => Dir is not null;

    /// <summary>A persistent worker (<see cref="PersistentWorker"/>) watches one folder per request.</summary>
    internal static void Use(string? dir) => Dir = dir;

    /// <summary>
    /// Set by <see cref="PassCrashReproducer"/> in the worker it runs after a crash in the pass
    /// pipeline: the path for MLIR's crash reproducer. That worker stops after the pipeline.
    /// </summary>
    public const string ReproducerVariable = "LAPIS_CRASH_REPRODUCER";

    private static readonly string? ReproducerPath = Environment.GetEnvironmentVariable(ReproducerVariable);
    private static bool _pipelineEntered;

    /// <summary>In a reproducer run: turns MLIR's local crash reproducer on for <paramref name="pm"/>.</summary>
    public static void PrepareReproducer(Lapis.Native.Passes.PassManager pm)
    {
        if (Dir is not null && ReproducerPath is not null) pm.EnableCrashReproducer(ReproducerPath);
    }

    /// <summary>Test-only passes (<c>lapis-test-crash</c>), registered when <see cref="CrashVariable"/> is set.</summary>
    public static void RegisterTestPasses()
    {
        if (Environment.GetEnvironmentVariable(CrashVariable) is not null) Lapis.Native.Support.PlantedCrash.RegisterTestPass();
    }

    /// <summary>Enters <paramref name="stage"/> ("parsing", "pass pipeline", "C++ emission"...).</summary>
    public static void Enter(string stage, string? pipeline = null)
    {
        StageTiming.Enter(stage);
        if (Dir is null) return;
        // A reproducer run whose pipeline finished (the crash did not repeat): stop, write nothing.
        if (ReproducerPath is not null && _pipelineEntered) Environment.Exit(3);
        if (pipeline is not null) _pipelineEntered = true;
        File.WriteAllText(Path.Combine(Dir, StageFile), pipeline is null ? stage : stage + "\n" + pipeline);
        // Test-only: a planted native crash on entering the named stage (crash-containment tests).
        if (Environment.GetEnvironmentVariable(CrashVariable) == stage) Lapis.Native.Support.PlantedCrash.Now();
    }

    /// <summary>Test-only: the stage ("parsing", "pass pipeline"...) in which a worker crashes on purpose.</summary>
    public const string CrashVariable = "LAPIS_TEST_CRASH_IN";

    /// <summary>Keeps a copy of an input that cannot be read again (stdin) for the reproducer.</summary>
    public static void SaveInput(string text)
    {
        if (Dir is null) return;
        File.WriteAllText(Path.Combine(Dir, InputFile), text);
    }

    /// <summary>Registers an output temp file, so that it is removed even if the worker is killed.</summary>
    public static void AddTemp(string path)
    {
        if (Dir is null) return;
        File.AppendAllText(Path.Combine(Dir, TempsFile), path + "\n");
    }

    /// <summary>Registers an existing output moved aside to <paramref name="backup"/>: put back if the worker dies.</summary>
    public static void AddRestore(string backup, string final)
    {
        if (Dir is null) return;
        File.AppendAllText(Path.Combine(Dir, RestoreFile), backup + "\t" + final + "\n");
    }

    /// <summary>Registers an output that did not exist before: removed if the worker dies before <see cref="Committed"/>.</summary>
    public static void AddCreated(string final) => AddRestore("", final);

    /// <summary>Every output is in place: a worker killed from now on leaves them (only moved-aside files go).</summary>
    public static void Committed()
    {
        if (Dir is null) return;
        File.WriteAllText(Path.Combine(Dir, CommittedFile), "");
    }

    internal const string CommittedFile = "committed";
    internal const string StageFile = "stage";
    internal const string InputFile = "stdin.mlir";
    internal const string TempsFile = "temps";
    internal const string RestoreFile = "restore";
}

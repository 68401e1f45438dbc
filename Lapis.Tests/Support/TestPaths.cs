namespace Lapis.Tests.Support;

/// <summary>Where the repository, the built CLI and the LLVM tools are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared/inputs next to the repository, or $LAPIS_SHARED_INPUTS (a worktree elsewhere).</summary>
    public static string SharedInputs =>
        Environment.GetEnvironmentVariable("LAPIS_SHARED_INPUTS") is { Length: > 0 } env ? Path.GetFullPath(env)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "inputs"));

    /// <summary>The published CLI (build.ps1 build), or $LAPIS_CLI.</summary>
    public static string LapisCli =>
        Environment.GetEnvironmentVariable("LAPIS_CLI") is { Length: > 0 } env ? env : Path.Combine(RepoRoot, "artifacts", "bin", "lapis");

    public static string LlvmBin => "/usr/lib/llvm-22/bin";
    public static string FileCheck => Path.Combine(LlvmBin, "FileCheck");
    public static string MlirOpt => "/usr/bin/mlir-opt-22";

    public static string KokkosDialectIrdl => Path.Combine(RepoRoot, "Lapis.Translator", "Dialect", "kokkos.irdl.mlir");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lapis.sln"))) return dir.FullName;
        throw new InvalidOperationException("Lapis.sln not found above " + AppContext.BaseDirectory);
    }
}

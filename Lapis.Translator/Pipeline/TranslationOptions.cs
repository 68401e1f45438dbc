namespace Lapis.Translator.Pipeline;

/// <summary>What the user chose for one translation.</summary>
/// <param name="TeamLevel">Also generate team-level variants (<c>f_team</c>) of the public functions with static shapes.</param>
public sealed record TranslationOptions(string Namespace, string OutputPath, bool TeamLevel = false)
{
    /// <summary>
    /// Keeps every loop MLIR's sparsifier parallelized, races included (lapis-sparse-parallel-safety
    /// is skipped). Only for showing that the race stress test catches races; never for real use.
    /// </summary>
    public bool UnsafeSparseParallelism { get; init; }

    /// <summary>
    /// Prints the module as loaded, without stages 2–3 (hand-written kokkos-level IR that the
    /// lowering would change: the golden cases marked emit-only).
    /// </summary>
    public bool EmitOnly { get; init; }

    /// <summary>
    /// Where dense GEMMs and matvecs come from (<c>--kernels</c>): our tiled kernels (default), or
    /// Kokkos Kernels' KokkosBlas::gemm / gemv (the program then links Kokkos::kokkoskernels).
    /// </summary>
    public KernelSource Kernels { get; init; } = KernelSource.Generated;

    /// <summary>Print a check before every use of a DualView that its side is up to date (<c>--check-syncs</c>, see SyncChecks).</summary>
    public bool CheckSyncs { get; init; }

    /// <summary>
    /// Erases the N-th <c>kokkos.sync</c> (in walk order) after the Kokkos mapping. Only for the
    /// negative control of the sync checks (the code is then wrong on GPUs); never for real use.
    /// </summary>
    public int? DropSync { get; init; }

    /// <summary>The same for the N-th <c>kokkos.modify</c>.</summary>
    public int? DropModify { get; init; }

    /// <summary><c>models/mala_forward.mlir</c> → <c>mala_forward</c> (a valid C++ identifier; <c>class.mlir</c> → <c>class_</c>, <c>nan.mlir</c> → <c>nan_</c>).</summary>
    public static string NamespaceFromPath(string path)
    {
        var stem = path == "-" ? "lapis_module" : Path.GetFileNameWithoutExtension(path);
        var chars = stem.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray();
        var name = new string(chars);
        return Emit.CppNames.GlobalName(name.Length == 0 || char.IsDigit(name[0]) ? "m_" + name : name);
    }
}

/// <summary>What prints dense contractions: <c>--kernels generated</c> or <c>--kernels kokkos-kernels</c>.</summary>
public enum KernelSource { Generated, KokkosKernels }

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

    /// <summary><c>models/mala_forward.mlir</c> → <c>mala_forward</c> (a valid C++ identifier; <c>class.mlir</c> → <c>class_</c>).</summary>
    public static string NamespaceFromPath(string path)
    {
        var stem = path == "-" ? "lapis_module" : Path.GetFileNameWithoutExtension(path);
        var chars = stem.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray();
        var name = new string(chars);
        if (name.Length == 0 || char.IsDigit(name[0])) name = "m_" + name;
        return Emit.CppNames.IsReserved(name) ? Emit.CppNames.Sanitize(name) : name;
    }
}

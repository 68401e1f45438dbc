namespace Lapis.Translator.Sparse;

/// <summary>
/// lapis_sparse.hpp, the sparse runtime: storage structs, builders from CSR/COO arrays and a
/// Matrix Market reader. Embedded in every generated header whose API has sparse tensors (so
/// generated code stays self-contained) and installed as &lt;lapis/sparse.hpp&gt;.
/// </summary>
public static class SparseRuntime
{
    public const string FileName = "lapis_sparse.hpp";

    public static string Header { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(SparseRuntime).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"embedded resource {FileName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

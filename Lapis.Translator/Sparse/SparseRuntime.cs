namespace Lapis.Translator.Sparse;

/// <summary>
/// lapis_sparse.hpp, the sparse runtime: storage structs, builders from CSR/COO arrays and a
/// Matrix Market reader. Embedded in every generated header whose API has sparse tensors (so
/// generated code stays self-contained) and installed as &lt;lapis/sparse.hpp&gt;.
/// </summary>
public static class SparseRuntime
{
    public const string FileName = "lapis_sparse.hpp";

    public static string Header { get; } = Load(FileName);

    /// <summary>
    /// lapis_tensor_files.hpp: MLIR's tensor-file reader and writer (what sparse_tensor.new/out
    /// lower to without the runtime library), the body of the <c>lapis_rt</c> helper
    /// <see cref="Emit.Helper.TensorFiles"/>.
    /// </summary>
    public static string TensorFiles { get; } = Load("lapis_tensor_files.hpp");

    private static string Load(string fileName)
    {
        using var stream = typeof(SparseRuntime).Assembly.GetManifestResourceStream(fileName)
            ?? throw new InvalidOperationException($"embedded resource {fileName} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

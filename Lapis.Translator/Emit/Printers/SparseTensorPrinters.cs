using Lapis.Native.Ir;
using Lapis.Translator.Sparse;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// What MLIR's sparse codegen leaves of the sparse_tensor dialect: the storage specifier, a
/// small struct of sizes (<c>lapis::StorageSizes&lt;L&gt;</c>) passed by value next to a
/// tensor's buffers (<c>lapis_rt::SliceSizes&lt;L&gt;</c> for a slice, with dimension offsets and
/// strides). <c>get</c> reads a member, <c>set</c> copies and changes one, <c>init</c> starts from zeros.
/// </summary>
internal static class SparseTensorPrinters
{
    public static void Register(OpPrinterTable table)
    {
        table.Add("sparse_tensor.storage_specifier.init", Init);
        table.Add("sparse_tensor.storage_specifier.get", Get);
        table.Add("sparse_tensor.storage_specifier.set", Set);
    }

    /// <summary>
    /// <c>init</c> starts from zeros; <c>init with %source</c> (a slice's specifier) copies the
    /// memory sizes of the source, as MLIR's lowering does, and nothing else.
    /// </summary>
    private static void Init(CppEmitter e, Operation op)
    {
        var result = op.Result(0);
        var name = e.Name(result);
        e.W.Line($"{e.TypeOf(result)} {name}{{}};");
        if (op.OperandCount == 0) return;
        var source = e.Expr(op.Operand(0));
        var levels = (SparseEncoding.OfStorageSpecifier(result.Type) ?? Encoding(op)).LevelCount;
        e.W.Line($"for (int l = 0; l < {levels}; ++l) {{");
        e.W.Line($"  {name}.positions_sizes[l] = {source}.positions_sizes[l];");
        e.W.Line($"  {name}.coordinates_sizes[l] = {source}.coordinates_sizes[l];");
        e.W.Line("}");
        e.W.Line($"{name}.values_size = {source}.values_size;");
    }

    private static void Get(CppEmitter e, Operation op) =>
        e.Define(op.Result(0), $"{e.Expr(op.Operand(0))}.{Member(op)}");

    private static void Set(CppEmitter e, Operation op)
    {
        var result = op.Result(0);
        var name = e.Name(result);
        e.W.Line($"{e.TypeOf(result)} {name} = {e.Expr(op.Operand(0))};");
        e.W.Line($"{name}.{Member(op)} = {e.Expr(op.Operand(1))};");
    }

    /// <summary>
    /// <c>level_sizes[1]</c>, <c>positions_sizes[1]</c>, <c>coordinates_sizes[1]</c> or
    /// <c>values_size</c>. The levels of an array-of-structs COO segment share one coordinates
    /// buffer and so one used size: <c>crd_mem_sz at 1</c> of a COO tensor is
    /// <c>coordinates_sizes[0]</c> (codegen appends a row then a column coordinate to it).
    /// </summary>
    private static string Member(Operation op)
    {
        var kind = op.Attribute("specifierKind").ToString();
        var level = op.Attribute("level");
        string At(string member, Func<int, int>? buffer = null) => level.IsNull
            ? throw CppEmitter.Unsupported(op, $"'{kind}' without a level")
            : $"{member}[{(buffer ?? (l => l))((int)level.IntegerValue)}]";
        return kind switch
        {
            _ when kind.Contains("lvl_sz", StringComparison.Ordinal) => At("level_sizes"),
            _ when kind.Contains("pos_mem_sz", StringComparison.Ordinal) => At("positions_sizes"),
            _ when kind.Contains("crd_mem_sz", StringComparison.Ordinal) => At("coordinates_sizes", l => SparseStorageLayout.CoordinateBufferLevel(Encoding(op), l)),
            _ when kind.Contains("val_mem_sz", StringComparison.Ordinal) => "values_size",
            _ when kind.Contains("dim_offset", StringComparison.Ordinal) => At("dim_offsets"),
            _ when kind.Contains("dim_stride", StringComparison.Ordinal) => At("dim_strides"),
            _ => throw CppEmitter.Unsupported(op, $"specifier field '{kind}'"),
        };
    }

    private static SparseEncoding Encoding(Operation op) =>
        SparseEncoding.OfStorageSpecifier(op.Operand(0).Type) ?? throw CppEmitter.Unsupported(op, "a storage specifier without a sparse encoding");
}

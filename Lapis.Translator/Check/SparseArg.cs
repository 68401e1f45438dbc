using Lapis.Native.Ir;
using Lapis.Translator.Sparse;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Check;

/// <param name="MemRefType">Type of the buffer as MLIR's sparse_tensor.positions/coordinates/values give it.</param>
/// <param name="Operation">The op reading it back from a tensor %t (printed with <c>%TENSOR%</c> standing for the tensor).</param>
public sealed record SparseFieldSpec(SparseField Field, ElementKind Kind, string MemRefType, string Operation);

/// <summary>
/// A sparse argument or result of the entry, for `lapis check`: its type as written, the dense
/// type random inputs are drawn in, the C++ storage type and the buffers it is stored in.
/// </summary>
public sealed record SparseArg(string TensorType, string DenseType, string CppType, int Levels, IReadOnlyList<SparseFieldSpec> Fields)
{
    public static SparseArg For(Type tensor)
    {
        var layout = SparseStorageLayout.For(tensor);
        var tensorText = tensor.ToString();
        var element = ElementKinds.Of(tensor.ElementType);
        var elementText = tensor.ElementType.ToString();
        var dense = $"tensor<{string.Concat(tensor.Shape.Select(d => (d?.ToString() ?? "?") + "x"))}{elementText}>";
        var position = Width(layout.Encoding.PositionWidth);
        var coordinate = Width(layout.Encoding.CoordinateWidth);
        var fields = layout.Fields.Select(f => f.Kind switch
        {
            SparseFieldKind.Positions => new SparseFieldSpec(f, position.Kind, $"memref<?x{position.Mlir}>",
                $"sparse_tensor.positions %TENSOR% {{level = {f.Level} : index}} : {tensorText} to memref<?x{position.Mlir}>"),
            SparseFieldKind.Coordinates when layout.CoordinateStride(f.Level) > 1 => new SparseFieldSpec(f, coordinate.Kind, $"memref<?x{coordinate.Mlir}>",
                $"sparse_tensor.coordinates_buffer %TENSOR% : {tensorText} to memref<?x{coordinate.Mlir}>"),
            SparseFieldKind.Coordinates => new SparseFieldSpec(f, coordinate.Kind, $"memref<?x{coordinate.Mlir}>",
                $"sparse_tensor.coordinates %TENSOR% {{level = {f.Level} : index}} : {tensorText} to memref<?x{coordinate.Mlir}>"),
            _ => new SparseFieldSpec(f, element, $"memref<?x{elementText}>",
                $"sparse_tensor.values %TENSOR% : {tensorText} to memref<?x{elementText}>"),
        }).ToArray();
        var cpp = layout.CppType(t => DriverWriter.CppElement(ElementKinds.Of(t)));
        return new SparseArg(tensorText, dense, cpp, layout.LevelCount, fields);
    }

    private static (ElementKind Kind, string Mlir) Width(int bits) => bits switch
    {
        0 => (ElementKind.Index, "index"),
        64 => (ElementKind.I64, "i64"),
        32 => (ElementKind.I32, "i32"),
        16 => (ElementKind.I16, "i16"),
        _ => (ElementKind.I8, "i8"),
    };
}

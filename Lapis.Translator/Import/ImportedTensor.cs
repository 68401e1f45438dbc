namespace Lapis.Translator.Import;

/// <summary>
/// A tensor of the graph being imported: its element type and shape (-1 = dynamic), the SSA
/// name of the value holding it once materialized, and its contents when known at import time
/// (initializers, Constant nodes, shape computations folded by <see cref="ConstantFolding"/>).
/// </summary>
public sealed class ImportedTensor(ElementType element, long[] shape, string? ssa = null, TensorData? data = null)
{
    public ElementType Element { get; } = element;
    public long[] Shape { get; } = shape;
    public string? Ssa { get; set; } = ssa;
    public TensorData? Data { get; } = data;

    public int Rank => Shape.Length;
    public bool IsStatic => Shape.All(d => d >= 0);
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
    public string Type => TypeText(Element, Shape);

    public static string TypeText(ElementType element, IReadOnlyList<long> shape) =>
        $"tensor<{string.Concat(shape.Select(d => (d < 0 ? "?" : d.ToString()) + "x"))}{element.Mlir}>";

    public static ImportedTensor Constant(TensorData data) => new(data.Element, data.Shape, null, data);
}

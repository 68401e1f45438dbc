namespace Lapis.Translator.Import;

/// <summary>
/// Compress with a constant condition → Gather of the positions where it holds (the input
/// flattened first when there is no axis). The condition must be known at import time: it fixes
/// the result's shape.
/// </summary>
public static class CompressOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["Compress"] = n =>
    {
        var x = n.Input(0);
        var condition = n.ConstantInput(1, "condition");
        if (condition.Shape.Length != 1) throw n.Error($"condition must be 1-d, not {ImportedTensor.TypeText(condition.Element, condition.Shape)}");
        var axisAttr = n.Has("axis") ? n.Int("axis", 0) : (long?)null;
        if (axisAttr is null)
        {
            if (!x.IsStatic) throw n.Unsupported($"Compress without an axis of a dynamic tensor ({x.Type})");
            x = ShapeOps.Reshape(n, x, [x.ElementCount], _ => throw n.Error("dynamic extent"));
        }
        var axis = (int)(axisAttr ?? 0);
        if (axis < 0) axis += x.Rank;
        if (axis < 0 || axis >= x.Rank) throw n.Error($"axis {axisAttr} is out of range for {x.Type}");
        if (x.Shape[axis] >= 0 && condition.Count > x.Shape[axis])
            throw n.Error($"condition has {condition.Count} elements, more than dimension {axis} of {x.Type}");
        var kept = Enumerable.Range(0, (int)condition.Count).Where(i => condition.GetInt(i) != 0).Select(i => (long)i).ToArray();
        var indices = ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [kept.Length], kept));
        return [ShapeOps.Gather(n, x, indices, axis)];
    };
}

namespace Lapis.Translator.Import;

/// <summary>
/// Ops whose result is known at import time: Constant, Shape, Size, ConstantOfShape, Range,
/// EyeLike. They become import-time contents (<see cref="TensorData"/>), materialized as
/// arith.constant only where a computation uses them.
/// </summary>
public static class ConstantOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["Constant"] = n =>
        {
            if (n.Tensor("value") is { } v) return [ImportedTensor.Constant(v)];
            if (n.Has("value_float")) return [Scalar(ElementType.F32, n.Float("value_float", 0))];
            if (n.Has("value_int")) return [ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [], [n.Int("value_int", 0)]))];
            if (n.Floats("value_floats") is { } fs) return [ImportedTensor.Constant(TensorData.FromDoubles(ElementType.F32, [fs.Length], fs.Select(f => (double)f).ToArray()))];
            if (n.Ints("value_ints") is { } ints) return [ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [ints.Length], ints))];
            throw n.Unsupported("constant kind (only value, value_float(s), value_int(s))");
        };
        t["Shape"] = n =>
        {
            var x = n.Input(0);
            var rank = x.Rank;
            long start = n.Int("start", 0), end = n.Int("end", rank);
            if (start < 0) start += rank;
            if (end < 0) end += rank;
            start = Math.Clamp(start, 0, rank);
            end = Math.Clamp(end, 0, rank);
            var dims = x.Shape[(int)start..(int)Math.Max(start, end)];
            if (dims.Any(d => d < 0)) throw n.Unsupported($"Shape of a dynamic dimension ({x.Type}): Lapis needs shapes known at import time");
            return [ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [dims.Length], dims))];
        };
        t["Size"] = n =>
        {
            var x = n.Input(0);
            if (!x.IsStatic) throw n.Unsupported($"Size of a dynamic shape ({x.Type})");
            return [ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [], [x.ElementCount]))];
        };
        t["ConstantOfShape"] = n =>
        {
            var shape = n.ConstantInput(0, "shape").Ints();
            var value = n.Tensor("value") ?? TensorData.FromDoubles(ElementType.F32, [1], [0.0]);
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var raw = new byte[count * value.Element.Bytes];
            for (long i = 0; i < count; i++) value.Raw.AsSpan(0, value.Element.Bytes).CopyTo(raw.AsSpan((int)(i * value.Element.Bytes)));
            return [ImportedTensor.Constant(new TensorData(value.Element, shape, raw))];
        };
        t["Range"] = n =>
        {
            var (start, limit, delta) = (n.ConstantInput(0, "start"), n.ConstantInput(1, "limit"), n.ConstantInput(2, "delta"));
            var e = start.Element;
            var (s, l, d) = (start.GetDouble(0), limit.GetDouble(0), delta.GetDouble(0));
            var count = (long)Math.Max(0, Math.Ceiling((l - s) / d));
            if (e.IsFloat) return [ImportedTensor.Constant(TensorData.FromDoubles(e, [count], Enumerable.Range(0, (int)count).Select(i => s + i * d).ToArray()))];
            var (si, di) = (start.GetInt(0), delta.GetInt(0));
            return [ImportedTensor.Constant(TensorData.FromInts(e, [count], Enumerable.Range(0, (int)count).Select(i => si + i * di).ToArray()))];
        };
        t["EyeLike"] = n =>
        {
            var x = n.Input(0);
            var k = n.Int("k", 0);
            var e = n.Has("dtype") ? ElementType.FromOnnx((int)n.Int("dtype", 1)) ?? throw n.Unsupported("dtype") : x.Element;
            if (x.Rank != 2 || !x.IsStatic) throw n.Error($"EyeLike needs a static 2-D input, not {x.Type}");
            var values = new double[x.ElementCount];
            for (long i = 0; i < x.Shape[0]; i++)
                if (i + k >= 0 && i + k < x.Shape[1]) values[i * x.Shape[1] + i + k] = 1;
            return [ImportedTensor.Constant(TensorData.FromDoubles(e, x.Shape, values))];
        };
    }

    private static ImportedTensor Scalar(ElementType e, double v) => ImportedTensor.Constant(TensorData.FromDoubles(e, [], [v]));
}

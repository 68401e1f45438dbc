namespace Lapis.Translator.Import;

/// <summary>
/// NumPy-style broadcasting as ONNX defines it, expressed as linalg.generic indexing maps
/// (a size-1 dimension broadcast against a larger one reads index 0, as torch-mlir prints it).
/// </summary>
public static class Broadcast
{
    public static long[] Shape(NodeContext n, IReadOnlyList<ImportedTensor> ts)
    {
        var rank = ts.Max(t => t.Rank);
        var shape = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            long size = 1;
            foreach (var t in ts)
            {
                var k = d - (rank - t.Rank);
                if (k < 0) continue;
                var s = t.Shape[k];
                if (s == 1) continue;
                if (size == 1) size = s;
                else if (s >= 0 && size >= 0 && s != size)
                    throw n.Error($"operands of shapes {string.Join(" and ", ts.Select(x => x.Type))} do not broadcast");
                else if (size < 0) size = s;
            }
            shape[d] = size;
        }
        return shape;
    }

    /// <summary>The indexing map reading <paramref name="t"/> at each point of a result of shape <paramref name="result"/>.</summary>
    public static string Map(ImportedTensor t, long[] result)
    {
        var offset = result.Length - t.Rank;
        return TextualIrBuilder.Map(result.Length, Enumerable.Range(0, t.Rank)
            .Select(k => t.Shape[k] == 1 && result[k + offset] != 1 ? "0" : $"d{k + offset}"));
    }

    /// <summary>The index value of every dynamic result extent, read from an operand that has it.</summary>
    public static Func<int, string> DynamicExtents(NodeContext n, IReadOnlyList<ImportedTensor> ts, long[] result) => d =>
    {
        foreach (var t in ts)
        {
            var k = d - (result.Length - t.Rank);
            if (k >= 0 && t.Shape[k] < 0) return n.B.Dim(t, k);
        }
        throw n.Error("a dynamic extent of the result has no operand to take it from");
    };

    /// <summary>
    /// An elementwise linalg.generic over broadcast operands: <paramref name="body"/> maps the
    /// block arguments (one per input) to the result element.
    /// </summary>
    public static ImportedTensor Elementwise(NodeContext n, IReadOnlyList<ImportedTensor> ins, ElementType result, Func<string[], string> body, long[]? shape = null)
    {
        shape ??= Shape(n, ins);
        var ssa = ins.Select(n.Use).ToArray();
        var init = n.B.Empty(result, shape, DynamicExtents(n, ins, shape));
        var type = ImportedTensor.TypeText(result, shape);
        var operands = ins.Select((t, i) => new TextualIrBuilder.Operand(ssa[i], t.Type, Map(t, shape), t.Element.Mlir)).ToArray();
        var r = n.B.Generic(operands, [new(init, type, TextualIrBuilder.IdentityMap(shape.Length), result.Mlir)],
            Enumerable.Repeat(false, shape.Length).ToArray(), args => [body(args[..ins.Count])]);
        return new ImportedTensor(result, shape, r[0]);
    }

    /// <summary>Row-major strides of a static shape.</summary>
    public static long[] Strides(long[] shape)
    {
        var s = new long[shape.Length];
        long acc = 1;
        for (var d = shape.Length - 1; d >= 0; d--) { s[d] = acc; acc *= shape[d]; }
        return s;
    }

    /// <summary>For import-time folding: the element of <paramref name="t"/> read at flat result index <paramref name="i"/>.</summary>
    public static long SourceIndex(long[] tShape, long[] result, long i)
    {
        var rs = Strides(result);
        var ts = Strides(tShape);
        var offset = result.Length - tShape.Length;
        long flat = 0;
        for (var d = 0; d < result.Length; d++)
        {
            var coord = i / rs[d] % result[d];
            var k = d - offset;
            if (k >= 0 && tShape[k] != 1) flat += coord * ts[k];
        }
        return flat;
    }
}

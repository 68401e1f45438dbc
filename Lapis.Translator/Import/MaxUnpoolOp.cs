namespace Lapis.Translator.Import;

/// <summary>
/// MaxUnpool → a linalg.generic over the output [N, C, spatial...] reducing over X's spatial
/// positions of the same (n, c): each output element takes the X value whose index (I, flat over
/// the whole output as MaxPool's Indices) names it, 0 where none does. The output's spatial shape
/// is output_shape's (a constant) or (in - 1) · stride + kernel - pads.
/// </summary>
public static class MaxUnpoolOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["MaxUnpool"] = n =>
    {
        var (x, indices) = (n.Input(0), n.Input(1));
        var k = x.Rank - 2;
        var kernel = n.Ints("kernel_shape") ?? throw n.Error("attribute 'kernel_shape' is required");
        var strides = n.Ints("strides") ?? Enumerable.Repeat(1L, k).ToArray();
        var pads = n.Ints("pads") ?? new long[2 * k];
        if (kernel.Length != k || strides.Length != k || pads.Length != 2 * k) throw n.Error("kernel_shape, strides and pads must match the spatial rank");
        if (!x.IsStatic || !indices.Shape.SequenceEqual(x.Shape)) throw n.Unsupported("MaxUnpool of a dynamic shape, or indices of another shape than X");
        var shape = n.Optional(2) is not null ? n.ConstantInput(2, "output_shape").Ints()
            : x.Shape[..2].Concat(Enumerable.Range(0, k).Select(i => (x.Shape[2 + i] - 1) * strides[i] + kernel[i] - pads[i] - pads[k + i])).ToArray();
        if (shape.Length != x.Rank || shape[0] != x.Shape[0] || shape[1] != x.Shape[1]) throw n.Error($"output_shape must be [N, C, spatial...] of X {x.Type}");
        var e = x.Element;
        var loops = 2 + 2 * k;
        var inMap = TextualIrBuilder.Map(loops, new[] { "d0", "d1" }.Concat(Enumerable.Range(0, k).Select(i => $"d{2 + k + i}")));
        var outMap = TextualIrBuilder.Map(loops, Enumerable.Range(0, 2 + k).Select(d => $"d{d}"));
        var type = ImportedTensor.TypeText(e, shape);
        var init = e.IsFloat ? n.B.Fill(e, 0, n.B.Empty(e, shape), type)
            : n.B.Op($"linalg.fill ins({n.B.IntConstant(e, 0)} : {e.Mlir}) outs({n.B.Empty(e, shape)} : {type}) -> {type}");
        var r = n.B.Generic([new(n.Use(x), x.Type, inMap, e.Mlir), new(n.Use(indices), indices.Type, inMap, indices.Element.Mlir)],
            [new(init, type, outMap, e.Mlir)], Enumerable.Range(0, loops).Select(d => d >= 2 + k).ToArray(), a =>
            {
                var flat = n.B.Op("linalg.index 0 : index");
                for (var d = 1; d < 2 + k; d++)
                    flat = n.B.Op($"arith.addi {n.B.Op($"arith.muli {flat}, {n.B.Index(shape[d])} : index")}, {n.B.Op($"linalg.index {d} : index")} : index");
                var target = n.B.Op($"arith.index_cast {a[1]} : {indices.Element.Mlir} to index");
                var hit = n.B.Op($"arith.cmpi eq, {target}, {flat} : index");
                return [n.B.Op($"arith.select {hit}, {a[0]}, {a[2]} : {e.Mlir}")];
            });
        return [new ImportedTensor(e, shape, r[0])];
    };
}

namespace Lapis.Translator.Import;

/// <summary>
/// Resize and Upsample, modes nearest and linear (any number of resized dimensions) → a
/// linalg.generic that reads the input with tensor.extract at source indices computed at import
/// time per output position and dimension (constant i64 tensors; linear also reads the next index
/// and a constant weight), following the coordinate transformations of ONNX's reference.
/// </summary>
public static class ResizeOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["Resize"] = n =>
        {
            var x = n.Input(0);
            var mode = n.String("mode", "nearest");
            var transform = n.String("coordinate_transformation_mode", n.Opset >= 11 ? "half_pixel" : "asymmetric");
            var nearest = n.String("nearest_mode", "round_prefer_floor");
            n.Float("cubic_coeff_a", -0.75f);
            if (n.Int("exclude_outside", 0) != 0) throw n.Unsupported("exclude_outside = 1");
            n.Float("extrapolation_value", 0f);
            if (n.Has("antialias") && n.Int("antialias", 0) != 0) throw n.Unsupported("antialias");
            if (n.Has("keep_aspect_ratio_policy")) n.String("keep_aspect_ratio_policy", "stretch");
            if (n.Has("axes")) throw n.Unsupported("attribute 'axes'");
            double[]? scales = null;
            long[]? sizes = null;
            if (n.Opset < 11) scales = n.ConstantInput(1, "scales").Doubles();
            else
            {
                if (n.Optional(2) is { } s && s.ElementCount > 0) scales = n.ConstantInput(2, "scales").Doubles();
                if (n.Optional(3) is { } z && z.ElementCount > 0) sizes = n.ConstantInput(3, "sizes").Ints();
            }
            return [Resize(n, x, mode, transform, nearest, scales, sizes)];
        };
        t["Upsample"] = n =>
        {
            var x = n.Input(0);
            var mode = n.String("mode", "nearest");
            var scales = n.Opset >= 9 ? n.ConstantInput(1, "scales").Doubles() : n.Floats("scales")?.Select(f => (double)f).ToArray() ?? throw n.Error("attribute 'scales' is required");
            return [Resize(n, x, mode, "asymmetric", "floor", scales, null)];
        };
    }

    private static ImportedTensor Resize(NodeContext n, ImportedTensor x, string mode, string transform, string nearestMode, double[]? scales, long[]? sizes)
    {
        if (mode is not ("nearest" or "linear")) throw n.Unsupported($"mode '{mode}'");
        if (transform is not ("half_pixel" or "pytorch_half_pixel" or "align_corners" or "asymmetric" or "tf_half_pixel_for_nn"))
            throw n.Unsupported($"coordinate_transformation_mode '{transform}'");
        if (nearestMode is not ("round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil")) throw n.Unsupported($"nearest_mode '{nearestMode}'");
        if (!x.IsStatic) throw n.Unsupported("Resize of a dynamic shape");
        var rank = x.Rank;
        var outShape = new long[rank];
        var scale = new double[rank];
        for (var d = 0; d < rank; d++)
        {
            if (sizes is not null) { outShape[d] = sizes[d]; scale[d] = (double)sizes[d] / x.Shape[d]; }
            else if (scales is not null) { scale[d] = scales[d]; outShape[d] = (long)Math.Floor(x.Shape[d] * scales[d]); }
            else throw n.Error("one of scales and sizes is required");
        }
        var e = x.Element;
        var resized = Enumerable.Range(0, rank).Where(d => outShape[d] != x.Shape[d] || scale[d] != 1).ToArray();
        var linear = mode == "linear";
        if (linear && !e.IsFloat) throw n.Unsupported($"linear mode on {e}");
        var inputs = new List<ImportedTensor>();
        var maps = new List<string>();
        foreach (var d in resized)
        {
            var count = outShape[d];
            var first = new long[count];
            var weight = new double[count];
            var inSize = x.Shape[d];
            for (long o = 0; o < count; o++)
            {
                var c = transform switch
                {
                    "half_pixel" => (o + 0.5) / scale[d] - 0.5,
                    "pytorch_half_pixel" => count > 1 ? (o + 0.5) / scale[d] - 0.5 : 0,
                    "align_corners" => count == 1 ? 0 : o * (inSize - 1.0) / (count - 1),
                    "tf_half_pixel_for_nn" => (o + 0.5) / scale[d],
                    _ => o / scale[d],
                };
                var lo = Math.Floor(c);
                var ratio = c - lo;
                if (linear)
                {
                    first[o] = (long)lo;
                    weight[o] = ratio;
                }
                else
                {
                    var second = ratio == 0 ? false : nearestMode switch
                    {
                        "round_prefer_floor" => ratio > 0.5,
                        "round_prefer_ceil" => ratio >= 0.5,
                        "floor" => false,
                        _ => true,
                    };
                    first[o] = Math.Clamp((long)lo + (second ? 1 : 0), 0, inSize - 1);
                }
            }
            if (linear)
            {
                inputs.Add(ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [count], first.Select(v => Math.Clamp(v, 0, inSize - 1)).ToArray())));
                inputs.Add(ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [count], first.Select(v => Math.Clamp(v + 1, 0, inSize - 1)).ToArray())));
                inputs.Add(ImportedTensor.Constant(TensorData.FromDoubles(e, [count], weight)));
                maps.AddRange(Enumerable.Repeat(TextualIrBuilder.Map(rank, [$"d{d}"]), 3));
            }
            else
            {
                inputs.Add(ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [count], first)));
                maps.Add(TextualIrBuilder.Map(rank, [$"d{d}"]));
            }
        }
        var src = n.Use(x);
        var ssa = inputs.Select(n.Use).ToArray();
        var type = ImportedTensor.TypeText(e, outShape);
        var init = n.B.Empty(e, outShape);
        var operands = inputs.Select((t, i) => new TextualIrBuilder.Operand(ssa[i], t.Type, maps[i], t.Element.Mlir)).ToArray();
        var r = n.B.Generic(operands, [new(init, type, TextualIrBuilder.IdentityMap(rank), e.Mlir)], new bool[rank], a =>
        {
            var per = linear ? 3 : 1;
            string Index(string v) => n.B.Op($"arith.index_cast {v} : i64 to index");
            var plain = Enumerable.Range(0, rank).Select(d => resized.Contains(d) ? null : n.B.Op($"linalg.index {d} : index")).ToArray();
            if (!linear)
            {
                var coords = Enumerable.Range(0, rank).Select(d => plain[d] ?? Index(a[Array.IndexOf(resized, d)])).ToArray();
                return [n.B.Op($"tensor.extract {src}[{string.Join(", ", coords)}] : {x.Type}")];
            }
            // Σ over the 2^k corners of Π (1 - w or w) · x[corner].
            var lows = resized.Select((_, i) => Index(a[i * per])).ToArray();
            var highs = resized.Select((_, i) => Index(a[i * per + 1])).ToArray();
            var w = resized.Select((_, i) => a[i * per + 2]).ToArray();
            var oneMinus = w.Select(v => n.B.Op($"arith.subf {n.B.Constant(e, 1)}, {v} : {e.Mlir}")).ToArray();
            string? sum = null;
            for (var corner = 0; corner < 1 << resized.Length; corner++)
            {
                var coords = Enumerable.Range(0, rank).Select(d =>
                {
                    if (plain[d] is { } p) return p;
                    var i = Array.IndexOf(resized, d);
                    return (corner >> i & 1) == 1 ? highs[i] : lows[i];
                }).ToArray();
                var value = n.B.Op($"tensor.extract {src}[{string.Join(", ", coords)}] : {x.Type}");
                for (var i = 0; i < resized.Length; i++)
                    value = n.B.Op($"arith.mulf {value}, {((corner >> i & 1) == 1 ? w[i] : oneMinus[i])} : {e.Mlir}");
                sum = sum is null ? value : n.B.Op($"arith.addf {sum}, {value} : {e.Mlir}");
            }
            return [sum!];
        });
        return new ImportedTensor(e, outShape, r[0]);
    }
}

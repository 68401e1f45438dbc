namespace Lapis.Translator.Import;

/// <summary>
/// Resize and Upsample, modes nearest, linear and cubic (any number of resized dimensions) → a
/// linalg.generic that reads the input with tensor.extract at source indices computed at import
/// time per output position and dimension (constant i64 tensors: one per tap, with a constant
/// weight per tap for linear and cubic), following ONNX's reference (coordinate transformations,
/// cubic_coeff_a, exclude_outside, tf_crop_and_resize's roi and extrapolation_value).
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
            var cubicA = n.Float("cubic_coeff_a", -0.75f);
            var excludeOutside = n.Int("exclude_outside", 0) != 0;
            var extrapolation = n.Float("extrapolation_value", 0f);
            if (n.Has("antialias") && n.Int("antialias", 0) != 0) throw n.Unsupported("antialias");
            if (n.String("keep_aspect_ratio_policy", "stretch") != "stretch") throw n.Unsupported("keep_aspect_ratio_policy other than stretch");
            if (n.Has("axes")) throw n.Unsupported("attribute 'axes'");
            double[]? scales = null;
            long[]? sizes = null;
            double[]? roi = null;
            if (n.Opset < 11) scales = n.ConstantInput(1, "scales").Doubles();
            else
            {
                if (transform == "tf_crop_and_resize") roi = n.ConstantInput(1, "roi").Doubles();
                if (n.Optional(2) is { } s && s.ElementCount > 0) scales = n.ConstantInput(2, "scales").Doubles();
                if (n.Optional(3) is { } z && z.ElementCount > 0) sizes = n.ConstantInput(3, "sizes").Ints();
            }
            return [Resize(n, x, mode, transform, nearest, scales, sizes, cubicA, excludeOutside, roi, extrapolation)];
        };
        t["Upsample"] = n =>
        {
            var x = n.Input(0);
            var mode = n.String("mode", "nearest");
            var scales = n.Opset >= 9 ? n.ConstantInput(1, "scales").Doubles() : n.Floats("scales")?.Select(f => (double)f).ToArray() ?? throw n.Error("attribute 'scales' is required");
            return [Resize(n, x, mode, "asymmetric", "floor", scales, null)];
        };
    }

    private static ImportedTensor Resize(NodeContext n, ImportedTensor x, string mode, string transform, string nearestMode, double[]? scales, long[]? sizes,
        double cubicA = -0.75, bool excludeOutside = false, double[]? roi = null, double extrapolation = 0)
    {
        if (mode is not ("nearest" or "linear" or "cubic")) throw n.Unsupported($"mode '{mode}'");
        if (transform is not ("half_pixel" or "pytorch_half_pixel" or "align_corners" or "asymmetric" or "tf_half_pixel_for_nn" or "tf_crop_and_resize"))
            throw n.Unsupported($"coordinate_transformation_mode '{transform}'");
        if (nearestMode is not ("round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil")) throw n.Unsupported($"nearest_mode '{nearestMode}'");
        if (!x.IsStatic) throw n.Unsupported("Resize of a dynamic shape");
        var rank = x.Rank;
        if (transform == "tf_crop_and_resize" && (roi is null || roi.Length != 2 * rank)) throw n.Error($"tf_crop_and_resize needs a constant roi of {2 * rank} values");
        var outShape = new long[rank];
        var scale = new double[rank];
        for (var d = 0; d < rank; d++)
        {
            if (sizes is not null) { outShape[d] = sizes[d]; scale[d] = (double)sizes[d] / x.Shape[d]; }
            else if (scales is not null) { scale[d] = scales[d]; outShape[d] = (long)Math.Floor(x.Shape[d] * scales[d]); }
            else throw n.Error("one of scales and sizes is required");
        }
        var e = x.Element;
        var resized = Enumerable.Range(0, rank).Where(d => outShape[d] != x.Shape[d] || scale[d] != 1 || transform == "tf_crop_and_resize").ToArray();
        if (mode != "nearest" && !e.IsFloat) throw n.Unsupported($"{mode} mode on {e}");
        var taps = resized.Select(d => DimensionTaps(n, mode, transform, nearestMode, cubicA, excludeOutside, x.Shape[d], outShape[d], scale[d],
            roi?[d] ?? 0, roi?[rank + d] ?? 1)).ToArray();
        var inputs = new List<ImportedTensor>();
        var maps = new List<string>();
        void Add(ImportedTensor t, int d) { inputs.Add(t); maps.Add(TextualIrBuilder.Map(rank, [$"d{d}"])); }
        for (var i = 0; i < resized.Length; i++)
        {
            var d = resized[i];
            var count = outShape[d];
            foreach (var idx in taps[i].Index) Add(ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [count], idx)), d);
            if (taps[i].Weight is { } ws) foreach (var w in ws) Add(ImportedTensor.Constant(TensorData.FromDoubles(e, [count], w)), d);
            if (taps[i].Inside is { } ins) Add(ImportedTensor.Constant(TensorData.FromInts(ElementType.I64, [count], ins.Select(b => b ? 1L : 0L).ToArray())), d);
        }
        var src = n.Use(x);
        var ssa = inputs.Select(n.Use).ToArray();
        var type = ImportedTensor.TypeText(e, outShape);
        var init = n.B.Empty(e, outShape);
        var operands = inputs.Select((t, i) => new TextualIrBuilder.Operand(ssa[i], t.Type, maps[i], t.Element.Mlir)).ToArray();
        var r = n.B.Generic(operands, [new(init, type, TextualIrBuilder.IdentityMap(rank), e.Mlir)], new bool[rank], a =>
        {
            string Index(string v) => n.B.Op($"arith.index_cast {v} : i64 to index");
            var plain = Enumerable.Range(0, rank).Select(d => resized.Contains(d) ? null : n.B.Op($"linalg.index {d} : index")).ToArray();
            // Block arguments per resized dimension: its tap indexes, then its weights, then its inside flag.
            var at = 0;
            var tapIndex = new string[resized.Length][];
            var tapWeight = new string[resized.Length][];
            var insideFlag = new string?[resized.Length];
            for (var i = 0; i < resized.Length; i++)
            {
                var width = taps[i].Index.Length;
                tapIndex[i] = Enumerable.Range(0, width).Select(k => Index(a[at + k])).ToArray();
                at += width;
                if (taps[i].Weight is not null) { tapWeight[i] = a[at..(at + width)]; at += width; }
                if (taps[i].Inside is not null) insideFlag[i] = a[at++];
            }
            // Σ over the corners (one tap per resized dimension) of Π weight · x[corner].
            var corners = resized.Select((_, i) => tapIndex[i].Length).Aggregate(1, (p, w) => p * w);
            string? sum = null;
            for (var corner = 0; corner < corners; corner++)
            {
                var pick = new int[resized.Length];
                for (int i = 0, rest = corner; i < resized.Length; i++) { pick[i] = rest % tapIndex[i].Length; rest /= tapIndex[i].Length; }
                var coords = Enumerable.Range(0, rank).Select(d => plain[d] ?? tapIndex[Array.IndexOf(resized, d)][pick[Array.IndexOf(resized, d)]]).ToArray();
                var value = n.B.Op($"tensor.extract {src}[{string.Join(", ", coords)}] : {x.Type}");
                for (var i = 0; i < resized.Length; i++)
                    if (taps[i].Weight is not null) value = n.B.Op($"arith.mulf {value}, {tapWeight[i][pick[i]]} : {e.Mlir}");
                sum = sum is null ? value : n.B.Op($"arith.addf {sum}, {value} : {e.Mlir}");
            }
            // tf_crop_and_resize: a source coordinate outside the input gives extrapolation_value.
            foreach (var flag in insideFlag.OfType<string>())
            {
                var zero = n.B.IntConstant(ElementType.I64, 0);
                var outside = n.B.Op($"arith.cmpi eq, {flag}, {zero} : i64");
                sum = n.B.Op($"arith.select {outside}, {n.B.Constant(e, extrapolation)}, {sum} : {e.Mlir}");
            }
            return [sum!];
        });
        return new ImportedTensor(e, outShape, r[0]);
    }

    private sealed record Taps(long[][] Index, double[][]? Weight, bool[]? Inside);

    /// <summary>
    /// The taps of one resized dimension, per output position, as ONNX's reference computes them
    /// (onnx/backend/test/case/node/resize.py, interpolate_1d_with_x): the source coordinate x of the
    /// coordinate transformation (whose "output length" is scale · input length, unrounded), its floor
    /// and ratio in (0, 1], the n = |coefficients| nearest source indexes (edge-clamped), and their weights.
    /// </summary>
    private static Taps DimensionTaps(NodeContext n, string mode, string transform, string nearestMode, double cubicA, bool excludeOutside,
        long inSize, long count, double scale, double roiStart, double roiEnd)
    {
        var width = mode switch { "nearest" => 1, "linear" => 2, _ => 4 };
        var index = Enumerable.Range(0, width).Select(_ => new long[count]).ToArray();
        var weight = mode == "nearest" ? null : Enumerable.Range(0, width).Select(_ => new double[count]).ToArray();
        var inside = transform == "tf_crop_and_resize" ? new bool[count] : null;
        var outLength = scale * inSize;
        for (long o = 0; o < count; o++)
        {
            var c = transform switch
            {
                "half_pixel" => (o + 0.5) / scale - 0.5,
                "pytorch_half_pixel" => count > 1 ? (o + 0.5) / scale - 0.5 : 0,
                "align_corners" => outLength == 1 ? 0 : o * (inSize - 1.0) / (outLength - 1),
                "tf_half_pixel_for_nn" => (o + 0.5) / scale,
                "tf_crop_and_resize" => (count > 1 ? o * (roiEnd - roiStart) * (inSize - 1.0) / (count - 1) : (roiEnd - roiStart) * (inSize - 1.0) / 2) + roiStart * (inSize - 1.0),
                _ => o / scale,
            };
            if (inside is not null) inside[o] = c >= 0 && c <= inSize - 1;
            var integral = c == Math.Floor(c);
            // The reference's window: ratio in (0, 1] from the index below it (x - 1 when x is integral).
            var below = integral ? (long)c - 1 : (long)Math.Floor(c);
            var ratio = integral ? 1.0 : c - Math.Floor(c);
            if (mode == "nearest")
            {
                var up = integral || nearestMode switch
                {
                    "round_prefer_floor" => ratio > 0.5,
                    "round_prefer_ceil" => ratio >= 0.5,
                    "floor" => false,
                    _ => true,
                };
                index[0][o] = Math.Clamp(below + (up ? 1 : 0), 0, inSize - 1);
                continue;
            }
            double[] coeffs = mode == "linear" ? [1 - ratio, ratio] : CubicCoefficients(ratio, cubicA);
            var first = below - (width / 2 - 1);
            var total = 0.0;
            for (var k = 0; k < width; k++)
            {
                var src = first + k;
                if (excludeOutside && (src < 0 || src >= inSize)) coeffs[k] = 0;
                total += coeffs[k];
            }
            for (var k = 0; k < width; k++)
            {
                index[k][o] = Math.Clamp(first + k, 0, inSize - 1);
                weight![k][o] = excludeOutside ? coeffs[k] / total : coeffs[k];
            }
        }
        return new Taps(index, weight, inside);
    }

    private static double[] CubicCoefficients(double r, double a) =>
    [
        ((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a,
        ((a + 2) * r - (a + 3)) * r * r + 1,
        ((a + 2) * (1 - r) - (a + 3)) * (1 - r) * (1 - r) + 1,
        ((a * (2 - r) - 5 * a) * (2 - r) + 8 * a) * (2 - r) - 4 * a,
    ];
}

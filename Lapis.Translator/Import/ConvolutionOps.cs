namespace Lapis.Translator.Import;

/// <summary>
/// Conv and ConvTranspose (any spatial rank, groups, strides, dilations, pads/auto_pad, bias).
/// A 2-D ungrouped Conv is linalg.conv_2d_nchw_fchw on a tensor.pad'ed input, as torch-mlir prints
/// it, a 2-D depthwise one (group = channels, one filter each) linalg.depthwise_conv_2d_nchw_chw; otherwise a contraction linalg.generic over [n, group, m, out..., c, k...] on the grouped
/// views. ConvTranspose is a stride-1 convolution of the stride-dilated, padded input with the
/// flipped kernel.
/// </summary>
public static class ConvolutionOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["Conv"] = n => [Conv(n, n.Input(0), n.Input(1), n.Optional(2))];
        t["ConvTranspose"] = n =>
        {
            var (x, w, bias) = (n.Input(0), n.Input(1), n.Optional(2));
            var k = x.Rank - 2;
            var p = Attributes.Read(n, k, w.Shape[2..]);
            var group = (int)n.Int("group", 1);
            var outputPadding = n.Ints("output_padding") ?? new long[k];
            var outputShape = n.Ints("output_shape");
            var spatial = x.Shape[2..];
            if (spatial.Any(s => s < 0)) throw n.Unsupported("dynamic spatial dimensions");
            var full = Enumerable.Range(0, k).Select(i => p.Strides[i] * (spatial[i] - 1) + outputPadding[i] + (p.Kernel[i] - 1) * p.Dilations[i] + 1).ToArray();
            long[] padB, padE;
            if (outputShape is not null || p.AutoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                var target = outputShape?[^k..] ?? spatial.Select((s, i) => s * p.Strides[i]).ToArray();
                var total = full.Select((f, i) => f - target[i]).ToArray();
                var upper = p.AutoPad != "SAME_LOWER";
                padB = total.Select(tp => upper ? tp / 2 : tp - tp / 2).ToArray();
                padE = total.Select((tp, i) => tp - padB[i]).ToArray();
            }
            else (padB, padE) = (p.ExplicitPads[..k], p.ExplicitPads[k..]);
            var outSpatial = full.Select((f, i) => f - padB[i] - padE[i]).ToArray();
            // Dilate the input by the stride, then pad by dilation*(K-1) - pad on each side (+ output_padding after:
            // it is part of the full extent with or without output_shape, as in ONNX's total_padding).
            var e = x.Element;
            var dilatedShape = x.Shape[..2].Concat(spatial.Select((s, i) => (s - 1) * p.Strides[i] + 1)).ToArray();
            var dilated = x;
            if (p.Strides.Any(s => s != 1))
            {
                var src = n.Use(x);
                var dtype = ImportedTensor.TypeText(e, dilatedShape);
                var zeros = n.B.Fill(e, 0, n.B.Empty(e, dilatedShape, d => n.B.Dim(x, d)), dtype);
                var sizes = Enumerable.Range(0, x.Rank).Select(d => x.Shape[d] >= 0 ? x.Shape[d].ToString() : n.B.Dim(x, d));
                dilated = new ImportedTensor(e, dilatedShape, n.B.Op(
                    $"tensor.insert_slice {src} into {zeros}[{string.Join(", ", Enumerable.Repeat("0", x.Rank))}] [{string.Join(", ", sizes)}] [1, 1, {string.Join(", ", p.Strides)}] : {x.Type} into {dtype}"));
            }
            var low = Enumerable.Range(0, k).Select(i => p.Dilations[i] * (p.Kernel[i] - 1) - padB[i]).ToArray();
            var high = Enumerable.Range(0, k).Select(i => p.Dilations[i] * (p.Kernel[i] - 1) - padE[i] + outputPadding[i]).ToArray();
            var padded = PadZero(n, dilated, low, high);
            var expected = padded.Shape[2..].Select((s, i) => s - p.Dilations[i] * (p.Kernel[i] - 1)).ToArray();
            if (!expected.SequenceEqual(outSpatial)) throw n.Error("internal error: ConvTranspose output extents do not add up");
            return [Convolve(n, padded, w, bias, group, outSpatial, Enumerable.Repeat(1L, k).ToArray(), p.Dilations, flipped: true)];
        };
    }

    /// <summary>Conv of <paramref name="x"/> by <paramref name="w"/> (+ bias) with the node's attributes (kernel_shape, strides, dilations, pads/auto_pad, group).</summary>
    public static ImportedTensor Conv(NodeContext n, ImportedTensor x, ImportedTensor w, ImportedTensor? bias)
    {
        var k = x.Rank - 2;
        var p = Attributes.Read(n, k, w.Shape[2..]);
        var group = (int)n.Int("group", 1);
        if (x.Shape[1] >= 0 && x.Shape[1] != w.Shape[1] * group) throw n.Error($"input channels of {x.Type} do not match the weights {w.Type} and group = {group}");
        var spatial = x.Shape[2..];
        if (spatial.Any(s => s < 0)) throw n.Unsupported("dynamic spatial dimensions");
        var (padB, padE) = p.Pads(n, spatial);
        var outSpatial = Enumerable.Range(0, k).Select(i => (spatial[i] + padB[i] + padE[i] - p.Dilations[i] * (p.Kernel[i] - 1) - 1) / p.Strides[i] + 1).ToArray();
        var padded = PadZero(n, x, padB, padE);
        return Convolve(n, padded, w, bias, group, outSpatial, p.Strides, p.Dilations, flipped: false);
    }

    /// <summary>kernel_shape, strides, dilations, pads and auto_pad of a convolution or pooling node.</summary>
    public sealed record Attributes(long[] Kernel, long[] Strides, long[] Dilations, long[] ExplicitPads, string AutoPad)
    {
        public static Attributes Read(NodeContext n, int k, long[]? weightKernel)
        {
            var kernel = n.Ints("kernel_shape") ?? weightKernel ?? throw n.Error("attribute 'kernel_shape' is required");
            if (kernel.Any(s => s < 0)) throw n.Unsupported("dynamic kernel extents");
            return new Attributes(kernel, n.Ints("strides") ?? Enumerable.Repeat(1L, k).ToArray(), n.Ints("dilations") ?? Enumerable.Repeat(1L, k).ToArray(),
                n.Ints("pads") ?? new long[2 * k], n.String("auto_pad", "NOTSET"));
        }

        /// <summary>Padding before and after each spatial dimension (auto_pad SAME_* pads so that out = ceil(in / stride)).</summary>
        public (long[] Begin, long[] End) Pads(NodeContext n, long[] spatial)
        {
            var k = spatial.Length;
            switch (AutoPad)
            {
                case "NOTSET": return (ExplicitPads[..k], ExplicitPads[k..]);
                case "VALID": return (new long[k], new long[k]);
                case "SAME_UPPER" or "SAME_LOWER":
                    var total = Enumerable.Range(0, k).Select(i =>
                        Math.Max(0, ((spatial[i] + Strides[i] - 1) / Strides[i] - 1) * Strides[i] + (Kernel[i] - 1) * Dilations[i] + 1 - spatial[i])).ToArray();
                    var begin = total.Select(t => AutoPad == "SAME_UPPER" ? t / 2 : t - t / 2).ToArray();
                    return (begin, total.Select((t, i) => t - begin[i]).ToArray());
                default: throw n.Unsupported($"auto_pad '{AutoPad}'");
            }
        }
    }

    /// <summary>Pads the spatial dimensions with <paramref name="value"/> (negative pads crop).</summary>
    public static ImportedTensor PadZero(NodeContext n, ImportedTensor x, long[] low, long[] high, double value = 0)
    {
        if (low.All(p => p == 0) && high.All(p => p == 0)) return x;
        var e = x.Element;
        var lo = new long[] { 0, 0 }.Concat(low.Select(p => Math.Max(0, p))).ToArray();
        var hi = new long[] { 0, 0 }.Concat(high.Select(p => Math.Max(0, p))).ToArray();
        var shape = x.Shape.Select((s, d) => s < 0 ? s : s + lo[d] + hi[d]).ToArray();
        var padded = x;
        if (lo.Any(p => p > 0) || hi.Any(p => p > 0))
        {
            var src = n.Use(x);
            var scalar = n.B.Constant(e, value);
            var r = n.B.Fresh();
            var args = string.Join(", ", shape.Select(_ => $"{n.B.Fresh()}: index"));
            n.B.Line($"{r} = tensor.pad {src} low[{string.Join(", ", lo)}] high[{string.Join(", ", hi)}] {{\n    ^bb0({args}):\n      tensor.yield {scalar} : {e.Mlir}\n    }} : {x.Type} to {ImportedTensor.TypeText(e, shape)}");
            padded = new ImportedTensor(e, shape, r);
        }
        if (low.All(p => p >= 0) && high.All(p => p >= 0)) return padded;
        var begin = new long[] { 0, 0 }.Concat(low.Select(p => p < 0 ? -p : 0)).ToArray();
        var size = shape.Select((s, d) => d < 2 ? s : s - begin[d] - (high[d - 2] < 0 ? -high[d - 2] : 0)).ToArray();
        return ShapeOps.ExtractSlice(n, padded, begin, size, Enumerable.Repeat(1L, x.Rank).ToArray());
    }

    /// <summary>
    /// out[n, m, o...] = bias[m] + Σ_{c, k...} x[n, g·Cg + c, o·s + k·d] · w[...] on an already padded input.
    /// Conv weights are [M, Cg, K...]; ConvTranspose weights (<paramref name="flipped"/>) are [C, Mg, K...], read flipped.
    /// </summary>
    private static ImportedTensor Convolve(NodeContext n, ImportedTensor x, ImportedTensor w, ImportedTensor? bias, int group,
        long[] outSpatial, long[] strides, long[] dilations, bool flipped)
    {
        var e = x.Element;
        var k = x.Rank - 2;
        var kernel = w.Shape[2..];
        var channels = x.Shape[1];
        var cg = flipped ? w.Shape[0] / group : w.Shape[1];
        var m = flipped ? w.Shape[1] * group : w.Shape[0];
        var mg = m / group;
        var batch = x.Shape[0];
        var outShape = new[] { batch, m }.Concat(outSpatial).ToArray();
        var outType = ImportedTensor.TypeText(e, outShape);
        string BatchExtent(int d) => n.B.Dim(x, 0);
        if (group == 1 && k == 2 && !flipped)
        {
            var xs = n.Use(x);
            var ws = n.Use(w);
            var init = BiasInit(n, bias, outShape, e, BatchExtent, 1);
            return new ImportedTensor(e, outShape, n.B.Op(
                $"linalg.conv_2d_nchw_fchw {{dilations = dense<[{string.Join(", ", dilations)}]> : vector<2xi64>, strides = dense<[{string.Join(", ", strides)}]> : vector<2xi64>}} ins({xs}, {ws} : {x.Type}, {w.Type}) outs({init} : {outType}) -> {outType}"));
        }
        if (k == 2 && !flipped && group > 1 && group == channels && cg == 1 && mg == 1)
        {
            // Depthwise (one filter per channel, as MobileNet's): linalg.depthwise_conv_2d_nchw_chw on weights [C, KH, KW],
            // the named op torch-mlir prints and lapis-tile-windows tiles.
            var wd = ShapeOps.Reshape(n, w, new[] { m }.Concat(kernel).ToArray(), _ => throw n.Error("dynamic weights"));
            var xs = n.Use(x);
            var ws = n.Use(wd);
            var init = BiasInit(n, bias, outShape, e, BatchExtent, 1);
            return new ImportedTensor(e, outShape, n.B.Op(
                $"linalg.depthwise_conv_2d_nchw_chw {{dilations = dense<[{string.Join(", ", dilations)}]> : vector<2xi64>, strides = dense<[{string.Join(", ", strides)}]> : vector<2xi64>}} ins({xs}, {ws} : {x.Type}, {wd.Type}) outs({init} : {outType}) -> {outType}"));
        }
        // Grouped views: x [N, G, Cg, S...], w [G, Mg, Cg, K...] (ConvTranspose: [G, Cg, Mg, K...]), out [N, G, Mg, O...].
        var xg = ShapeOps.Reshape(n, x, new[] { batch, group, cg }.Concat(x.Shape[2..]).ToArray(), BatchExtent);
        var wg = ShapeOps.Reshape(n, w, (flipped ? new long[] { group, cg, mg } : [group, mg, cg]).Concat(kernel).ToArray(), _ => throw n.Error("dynamic weights"));
        var gShape = new[] { batch, group, mg }.Concat(outSpatial).ToArray();
        var gType = ImportedTensor.TypeText(e, gShape);
        var gInit = BiasInit(n, bias is null ? null : ShapeOps.Reshape(n, bias, [group, mg], _ => throw n.Error("dynamic bias")), gShape, e, BatchExtent, 2);
        if (flipped) wg = Flip(n, wg, 3);
        var xs2 = n.Use(xg);
        var ws2 = n.Use(wg);
        // Loops: n, g, m, o_1..o_k, c, k_1..k_k.
        var loops = 3 + k + 1 + k;
        var c = 3 + k;
        string O(int i) => $"d{3 + i}";
        string K(int i) => $"d{c + 1 + i}";
        var xMap = TextualIrBuilder.Map(loops, new[] { "d0", "d1", $"d{c}" }.Concat(Enumerable.Range(0, k).Select(i =>
            $"{O(i)}{(strides[i] == 1 ? "" : $" * {strides[i]}")} + {K(i)}{(dilations[i] == 1 ? "" : $" * {dilations[i]}")}")));
        var kIdx = Enumerable.Range(0, k).Select(K);
        var wMap = TextualIrBuilder.Map(loops, (flipped ? new[] { "d1", $"d{c}", "d2" } : ["d1", "d2", $"d{c}"]).Concat(kIdx));
        var oMap = TextualIrBuilder.Map(loops, new[] { "d0", "d1", "d2" }.Concat(Enumerable.Range(0, k).Select(O)));
        var r = n.B.Generic([new(xs2, xg.Type, xMap, e.Mlir), new(ws2, wg.Type, wMap, e.Mlir)], [new(gInit, gType, oMap, e.Mlir)],
            Enumerable.Range(0, loops).Select(d => d >= c).ToArray(),
            a => [n.B.Op($"arith.add{(e.IsFloat ? "f" : "i")} {a[2]}, {n.B.Op($"arith.mul{(e.IsFloat ? "f" : "i")} {a[0]}, {a[1]} : {e.Mlir}")} : {e.Mlir}")]);
        return ShapeOps.Reshape(n, new ImportedTensor(e, gShape, r[0]), outShape, BatchExtent);
    }

    /// <summary>Reverses dimensions <paramref name="from"/>.. (the kernel window of a ConvTranspose).</summary>
    private static ImportedTensor Flip(NodeContext n, ImportedTensor w, int from)
    {
        var rank = w.Rank;
        var src = n.Use(w);
        var init = n.B.Empty(w.Element, w.Shape);
        var map = TextualIrBuilder.Map(rank, Enumerable.Range(0, rank).Select(d => d < from ? $"d{d}" : $"{w.Shape[d] - 1} - d{d}"));
        var r = n.B.Generic([new(src, w.Type, map, w.Element.Mlir)], [new(init, w.Type, TextualIrBuilder.IdentityMap(rank), w.Element.Mlir)], new bool[rank], a => [a[0]]);
        return new ImportedTensor(w.Element, w.Shape, r[0]);
    }

    /// <summary>The accumulator: the bias broadcast along dimension(s) starting at <paramref name="channelDim"/>, or zeros.</summary>
    private static string BiasInit(NodeContext n, ImportedTensor? bias, long[] shape, ElementType e, Func<int, string> dynamic, int channelDims)
    {
        var type = ImportedTensor.TypeText(e, shape);
        var empty = n.B.Empty(e, shape, dynamic);
        if (bias is null) return n.B.Fill(e, 0, empty, type);
        var b = n.Use(bias);
        var map = TextualIrBuilder.Map(shape.Length, Enumerable.Range(1, channelDims).Select(d => $"d{d}"));
        return n.B.Generic([new(b, bias.Type, map, e.Mlir)], [new(empty, type, TextualIrBuilder.IdentityMap(shape.Length), e.Mlir)],
            new bool[shape.Length], a => [a[0]])[0];
    }
}

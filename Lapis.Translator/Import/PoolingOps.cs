namespace Lapis.Translator.Import;

/// <summary>
/// MaxPool (with its Indices output too), AveragePool, LpPool (windows with strides, dilations, pads/auto_pad, ceil_mode) →
/// a linalg.generic reducing over the window (a tensor.empty of the kernel's shape gives the
/// window loops their extents, as linalg.pooling_* do) on the padded input; an average divides by
/// an import-time constant count of the window elements each output covers. Global pools are
/// reductions over the spatial dimensions. A 2-D f32/f64 MaxPool without Indices or AveragePool,
/// and a static GlobalMaxPool/GlobalAveragePool (one window of the whole image), is instead the named
/// linalg.pooling_nchw_max / pooling_nchw_sum torch-mlir prints, so that lapis-tile-windows tiles it.
/// </summary>
public static class PoolingOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["MaxPool"] = n =>
        {
            var columnMajor = n.Int("storage_order", 0) != 0;
            if (!n.WantsOutput(1)) return [Pool(n, Kind.Max)];
            var (values, indices) = MaxPoolWithIndices(n, columnMajor);
            return [values, indices];
        };
        t["AveragePool"] = n => [Pool(n, Kind.Average)];
        t["LpPool"] = n => [Pool(n, Kind.Lp)];
        t["GlobalAveragePool"] = n => [Global(n, Kind.Average)];
        t["GlobalMaxPool"] = n => [Global(n, Kind.Max)];
        t["GlobalLpPool"] = n => [Global(n, Kind.Lp)];
    }

    private enum Kind { Max, Average, Lp }

    private static ImportedTensor Global(NodeContext n, Kind kind)
    {
        var x = n.Input(0);
        if (NamedGlobal(n, kind, x) is { } named) return named;
        var p = kind == Kind.Lp ? n.Int("p", 2) : 0;
        var axes = Enumerable.Range(2, x.Rank - 2).ToHashSet();
        return kind switch
        {
            Kind.Max => ReductionOps.Reduce(n, x, axes, true, double.NegativeInfinity, (c, e, a, v) => c.B.Op($"arith.maximumf {a}, {v} : {e.Mlir}")),
            Kind.Average => ReductionOps.Reduce(n, x, axes, true, 0, (c, e, a, v) => c.B.Op($"arith.addf {a}, {v} : {e.Mlir}"), null,
                (c, e, v, count) => c.B.Op($"arith.divf {v}, {c.B.Constant(e, count)} : {e.Mlir}")),
            _ => ReductionOps.Reduce(n, x, axes, true, 0, (c, e, a, v) => c.B.Op($"arith.addf {a}, {v} : {e.Mlir}"),
                (c, e, v) => Power(c, e, c.B.Op($"math.absf {v} : {e.Mlir}"), p), (c, e, v, _) => Power(c, e, v, 1.0 / p)),
        };
    }

    /// <summary>
    /// A static 2-D GlobalMaxPool/GlobalAveragePool of f32/f64 as one window of the whole image with
    /// that stride (windows do not overlap: read straight from the input), the average divided by
    /// its size; null for anything else.
    /// </summary>
    private static ImportedTensor? NamedGlobal(NodeContext n, Kind kind, ImportedTensor x)
    {
        var e = x.Element;
        if (x.Rank != 4 || NamedPool(kind, e) is not { } name || x.Shape[2..].Any(s => s <= 0)) return null;
        var window = x.Shape[2..];
        var outShape = new[] { x.Shape[0], x.Shape[1], 1L, 1L };
        var outType = ImportedTensor.TypeText(e, outShape);
        var acc = n.B.Fill(e, Neutral(kind, e), n.B.Empty(e, outShape, d => n.B.Dim(x, d)), outType);
        var pooled = new ImportedTensor(e, outShape, NamedPoolOp(n, name, e, n.Use(x), x.Type, window, window, [1, 1], acc, outType));
        return kind == Kind.Max ? pooled : Average(n, pooled, [window[0] * window[1]], [1, 1]);
    }

    /// <summary>The linalg.pooling_nchw_* op of a 2-D f32/f64 max or average pool (the ops lapis-tile-windows tiles), or null.</summary>
    private static string? NamedPool(Kind kind, ElementType e) =>
        e.Mlir is not ("f32" or "f64") ? null : kind switch { Kind.Max => "linalg.pooling_nchw_max", Kind.Average => "linalg.pooling_nchw_sum", _ => null };

    /// <summary><paramref name="name"/> over the (padded) input <paramref name="src"/> with a tensor.empty of the kernel's shape as its window operand.</summary>
    private static string NamedPoolOp(NodeContext n, string name, ElementType e, string src, string srcType, long[] kernel, long[] strides, long[] dilations, string acc, string outType)
    {
        var windowType = ImportedTensor.TypeText(e, kernel);
        var window = n.B.Op($"tensor.empty() : {windowType}");
        return n.B.Op($"{name} {{dilations = dense<[{string.Join(", ", dilations)}]> : vector<2xi64>, strides = dense<[{string.Join(", ", strides)}]> : vector<2xi64>}} ins({src}, {window} : {srcType}, {windowType}) outs({acc} : {outType}) -> {outType}");
    }

    /// <summary>What a window reduction starts from: -inf (or the integer type's lowest) for a max, 0 for a sum.</summary>
    private static double Neutral(Kind kind, ElementType e) =>
        kind != Kind.Max ? 0 : e.IsFloat ? double.NegativeInfinity : e.IsUnsigned ? 0 : e.Bits >= 64 ? long.MinValue : -(1L << (e.Bits - 1));

    /// <summary>
    /// The window sums divided by the count of each output's window (row-major over
    /// <paramref name="outSpatial"/>): by one constant when all are equal, else by a constant tensor.
    /// </summary>
    private static ImportedTensor Average(NodeContext n, ImportedTensor sums, double[] counts, long[] outSpatial)
    {
        var e = sums.Element;
        if (counts.All(c => c == counts[0]))
            return Broadcast.Elementwise(n, [sums], e, v => n.B.Op($"arith.divf {v[0]}, {n.B.Constant(e, counts[0])} : {e.Mlir}"));
        var count = ImportedTensor.Constant(TensorData.FromDoubles(e, outSpatial, counts));
        return Broadcast.Elementwise(n, [sums, count], e, v => n.B.Op($"arith.divf {v[0]}, {v[1]} : {e.Mlir}"), sums.Shape);
    }

    private static string Power(NodeContext n, ElementType e, string v, double p) =>
        p == 1 ? v : p == 2 ? n.B.Op($"arith.mulf {v}, {v} : {e.Mlir}") : n.B.Op($"math.powf {v}, {n.B.Constant(e, p)} : {e.Mlir}");

    private static ImportedTensor Pool(NodeContext n, Kind kind) => PoolWith(n, kind, null).Values;

    /// <summary>MaxPool's values and Indices: the flat position (row-major, or column-major over the spatial dimensions) in X of each window's first maximum.</summary>
    private static (ImportedTensor, ImportedTensor) MaxPoolWithIndices(NodeContext n, bool columnMajor)
    {
        var r = PoolWith(n, Kind.Max, columnMajor);
        return (r.Values, r.Indices!);
    }

    private static (ImportedTensor Values, ImportedTensor? Indices) PoolWith(NodeContext n, Kind kind, bool? indicesColumnMajor)
    {
        var x = n.Input(0);
        var e = x.Element;
        var k = x.Rank - 2;
        var a = ConvolutionOps.Attributes.Read(n, k, null);
        var ceil = n.Int("ceil_mode", 0) != 0;
        var includePad = kind == Kind.Average && n.Int("count_include_pad", 0) != 0;
        var p = kind == Kind.Lp ? n.Int("p", 2) : 0;
        var spatial = x.Shape[2..];
        if (spatial.Any(s => s < 0)) throw n.Unsupported("dynamic spatial dimensions");
        var (padB, padE) = a.Pads(n, spatial);
        var outSpatial = new long[k];
        var extra = new long[k];
        for (var i = 0; i < k; i++)
        {
            var span = spatial[i] + padB[i] + padE[i] - a.Dilations[i] * (a.Kernel[i] - 1) - 1;
            var o = (ceil ? (span + a.Strides[i] - 1) / a.Strides[i] : span / a.Strides[i]) + 1;
            if (ceil && (o - 1) * a.Strides[i] >= spatial[i] + padB[i]) o--;  // the last window must start inside the input or its left padding
            outSpatial[i] = o;
            extra[i] = Math.Max(0, (o - 1) * a.Strides[i] + a.Dilations[i] * (a.Kernel[i] - 1) + 1 - (spatial[i] + padB[i] + padE[i]));
        }
        if (kind != Kind.Max && !e.IsFloat) throw n.Unsupported($"element type {e}");
        var neutral = Neutral(kind, e);
        var padded = ConvolutionOps.PadZero(n, x, padB, padE.Select((pe, i) => pe + extra[i]).ToArray(), neutral);
        var src = n.Use(padded);
        var outShape = x.Shape[..2].Concat(outSpatial).ToArray();
        var outType = ImportedTensor.TypeText(e, outShape);
        var empty = n.B.Empty(e, outShape, d => n.B.Dim(x, d));
        var acc = n.B.Fill(e, neutral, empty, outType);
        if (k == 2 && indicesColumnMajor is null && NamedPool(kind, e) is { } name)
        {
            var named = new ImportedTensor(e, outShape, NamedPoolOp(n, name, e, src, padded.Type, a.Kernel, a.Strides, a.Dilations, acc, outType));
            return (kind == Kind.Max ? named : Average(n, named, WindowCounts(spatial, outSpatial, a, padB, padE, includePad), outSpatial), null);
        }
        var window = n.B.Op($"tensor.empty() : {ImportedTensor.TypeText(e, a.Kernel)}");
        var loops = 2 + 2 * k;
        var xMap = TextualIrBuilder.Map(loops, new[] { "d0", "d1" }.Concat(Enumerable.Range(0, k).Select(i =>
            $"d{2 + i}{(a.Strides[i] == 1 ? "" : $" * {a.Strides[i]}")} + d{2 + k + i}{(a.Dilations[i] == 1 ? "" : $" * {a.Dilations[i]}")}")));
        var wMap = TextualIrBuilder.Map(loops, Enumerable.Range(0, k).Select(i => $"d{2 + k + i}"));
        var oMap = TextualIrBuilder.Map(loops, Enumerable.Range(0, 2 + k).Select(d => $"d{d}"));
        var reductionDims = Enumerable.Range(0, loops).Select(d => d >= 2 + k).ToArray();
        if (indicesColumnMajor is { } columnMajor)
        {
            if (!x.IsStatic) throw n.Unsupported("MaxPool's Indices of a dynamic shape");
            var indexType = ImportedTensor.TypeText(ElementType.I64, outShape);
            var indexInit = n.B.Op($"linalg.fill ins({n.B.IntConstant(ElementType.I64, 0)} : i64) outs({n.B.Empty(ElementType.I64, outShape)} : {indexType}) -> {indexType}");
            var both = n.B.Generic([new(src, padded.Type, xMap, e.Mlir), new(window, ImportedTensor.TypeText(e, a.Kernel), wMap, e.Mlir)],
                [new(acc, outType, oMap, e.Mlir), new(indexInit, indexType, oMap, "i64")], reductionDims, v =>
                {
                    // Position in X (unpadded) along each spatial dimension, then the flat index over (N, C, spatial...).
                    var pos = Enumerable.Range(0, k).Select(i =>
                    {
                        var o = n.B.Op($"arith.muli {n.B.Op($"linalg.index {2 + i} : index")}, {n.B.Index(a.Strides[i])} : index");
                        var w = n.B.Op($"arith.muli {n.B.Op($"linalg.index {2 + k + i} : index")}, {n.B.Index(a.Dilations[i])} : index");
                        return n.B.Op($"arith.subi {n.B.Op($"arith.addi {o}, {w} : index")}, {n.B.Index(padB[i])} : index");
                    }).ToArray();
                    var flat = n.B.Op($"arith.addi {n.B.Op($"arith.muli {n.B.Op("linalg.index 0 : index")}, {n.B.Index(x.Shape[1])} : index")}, {n.B.Op("linalg.index 1 : index")} : index");
                    var order = columnMajor ? Enumerable.Range(0, k).Reverse().ToArray() : Enumerable.Range(0, k).ToArray();
                    foreach (var i in order)
                        flat = n.B.Op($"arith.addi {n.B.Op($"arith.muli {flat}, {n.B.Index(spatial[i])} : index")}, {pos[i]} : index");
                    var better = e.IsFloat ? n.B.Op($"arith.cmpf ogt, {v[0]}, {v[2]} : {e.Mlir}") : n.B.Op($"arith.cmpi {(e.IsUnsigned ? "ugt" : "sgt")}, {v[0]}, {v[2]} : {e.Mlir}");
                    var index = n.B.Op($"arith.index_cast {flat} : index to i64");
                    return [n.B.Op($"arith.select {better}, {v[0]}, {v[2]} : {e.Mlir}"), n.B.Op($"arith.select {better}, {index}, {v[3]} : i64")];
                });
            return (new ImportedTensor(e, outShape, both[0]), new ImportedTensor(ElementType.I64, outShape, both[1]));
        }
        var r = n.B.Generic([new(src, padded.Type, xMap, e.Mlir), new(window, ImportedTensor.TypeText(e, a.Kernel), wMap, e.Mlir)],
            [new(acc, outType, oMap, e.Mlir)], reductionDims, v => [kind switch
            {
                Kind.Max => n.B.Op($"arith.{(e.IsFloat ? "maximumf" : e.IsUnsigned ? "maxui" : "maxsi")} {v[2]}, {v[0]} : {e.Mlir}"),
                Kind.Lp => n.B.Op($"arith.addf {v[2]}, {Power(n, e, n.B.Op($"math.absf {v[0]} : {e.Mlir}"), p)} : {e.Mlir}"),
                _ => n.B.Op($"arith.addf {v[2]}, {v[0]} : {e.Mlir}"),
            }]);
        var pooled = new ImportedTensor(e, outShape, r[0]);
        if (kind == Kind.Max) return (pooled, null);
        if (kind == Kind.Lp) return (Broadcast.Elementwise(n, [pooled], e, v => Power(n, e, v[0], 1.0 / p)), null);
        return (Average(n, pooled, WindowCounts(spatial, outSpatial, a, padB, padE, includePad), outSpatial), null);
    }

    /// <summary>How many elements each output's window averages: inside the input (and its explicit padding when counted).</summary>
    private static double[] WindowCounts(long[] spatial, long[] outSpatial, ConvolutionOps.Attributes a, long[] padB, long[] padE, bool includePad)
    {
        var k = spatial.Length;
        var total = outSpatial.Aggregate(1L, (x, y) => x * y);
        var counts = new double[total];
        var strides = Broadcast.Strides(outSpatial);
        for (long i = 0; i < total; i++)
        {
            double c = 1;
            for (var d = 0; d < k; d++)
            {
                var o = i / strides[d] % outSpatial[d];
                long inside = 0;
                for (long w = 0; w < a.Kernel[d]; w++)
                {
                    var pos = o * a.Strides[d] + w * a.Dilations[d] - padB[d];
                    var lo = includePad ? -padB[d] : 0;
                    var hi = includePad ? spatial[d] + padE[d] : spatial[d];
                    if (pos >= lo && pos < hi) inside++;
                }
                c *= inside;
            }
            counts[i] = c;
        }
        return counts;
    }
}

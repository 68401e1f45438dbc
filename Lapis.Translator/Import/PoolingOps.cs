namespace Lapis.Translator.Import;

/// <summary>
/// MaxPool (with its Indices output too), AveragePool, LpPool (windows with strides, dilations, pads/auto_pad, ceil_mode) →
/// a linalg.generic reducing over the window (a tensor.empty of the kernel's shape gives the
/// window loops their extents, as linalg.pooling_* do) on the padded input; an average divides by
/// an import-time constant count of the window elements each output covers. Global pools are
/// reductions over the spatial dimensions.
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
        var neutral = kind != Kind.Max ? 0 : e.IsFloat ? double.NegativeInfinity : e.IsUnsigned ? 0 : e.Bits >= 64 ? long.MinValue : -(1L << (e.Bits - 1));
        var padded = ConvolutionOps.PadZero(n, x, padB, padE.Select((pe, i) => pe + extra[i]).ToArray(), neutral);
        var src = n.Use(padded);
        var outShape = x.Shape[..2].Concat(outSpatial).ToArray();
        var outType = ImportedTensor.TypeText(e, outShape);
        var empty = n.B.Empty(e, outShape, d => n.B.Dim(x, d));
        var acc = n.B.Fill(e, neutral, empty, outType);
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
        var counts = WindowCounts(spatial, outSpatial, a, padB, padE, includePad);
        var count = ImportedTensor.Constant(TensorData.FromDoubles(e, outSpatial, counts));
        return (Broadcast.Elementwise(n, [pooled, count], e, v => n.B.Op($"arith.divf {v[0]}, {v[1]} : {e.Mlir}"), outShape), null);
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

namespace Lapis.Translator.Import;

/// <summary>
/// BatchNormalization (inference, and training_mode's batch statistics and running mean/variance), InstanceNormalization, LayerNormalization, LpNormalization,
/// MeanVarianceNormalization, Softmax/LogSoftmax/Hardmax → reductions and elementwise generics
/// (<see cref="ReductionOps.Reduce"/>, <see cref="Broadcast.Elementwise"/>).
/// </summary>
public static class NormalizationOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["BatchNormalization"] = n =>
        {
            var (x, scale, bias, mean, variance) = (n.Input(0), n.Input(1), n.Input(2), n.Input(3), n.Input(4));
            var eps = n.Float("epsilon", 1e-5f);
            var momentum = n.Float("momentum", 0.9f);
            if (n.Opset < 9 && n.Int("spatial", 1) != 1) throw n.Unsupported("spatial = 0");
            var training = n.Opset >= 14 && n.Int("training_mode", 0) != 0;
            if (!training && Enumerable.Range(1, Math.Max(0, n.OutputCount - 1)).Any(n.WantsOutput))
                throw n.Unsupported("statistics outputs without training_mode = 1 (opset 14 and later)");
            if (n.Opset < 7) n.Ints("consumed_inputs");
            var e = x.Element;
            ImportedTensor? runningMean = null, runningVar = null;
            if (training)
            {
                // Statistics of the batch (population variance) normalize x; the running ones blend in with momentum.
                var axes = Enumerable.Range(0, x.Rank).Where(d => d != 1).ToHashSet();
                ReductionOps.Combine add = (c, el, acc, v) => c.B.Op($"arith.addf {acc}, {v} : {el.Mlir}");
                Func<NodeContext, ElementType, string, long, string> average = (c, el, v, count) => c.B.Op($"arith.divf {v}, {c.B.Constant(el, count)} : {el.Mlir}");
                var batchMean = ReductionOps.Reduce(n, x, axes, false, 0, add, null, average);
                var centered = Broadcast.Elementwise(n, [x, AlongAxis(n, batchMean, x.Rank, 1)], e, a => n.B.Op($"arith.subf {a[0]}, {a[1]} : {e.Mlir}"));
                var batchVar = ReductionOps.Reduce(n, centered, axes, false, 0, add, (c, el, v) => c.B.Op($"arith.mulf {v}, {v} : {el.Mlir}"), average);
                ImportedTensor Blend(ImportedTensor running, ImportedTensor current) => Broadcast.Elementwise(n, [running, current], e, a =>
                    n.B.Op($"arith.addf {n.B.Op($"arith.mulf {a[0]}, {n.B.Constant(e, momentum)} : {e.Mlir}")}, {n.B.Op($"arith.mulf {a[1]}, {n.B.Constant(e, 1 - (double)momentum)} : {e.Mlir}")} : {e.Mlir}"));
                runningMean = Blend(mean, batchMean);
                runningVar = Blend(variance, batchVar);
                (mean, variance) = (batchMean, batchVar);
            }
            var channel = new[] { scale, bias, mean, variance }.Select(c => AlongAxis(n, c, x.Rank, 1)).ToArray();
            return [Broadcast.Elementwise(n, [x, .. channel], e, a =>
            {
                var b = n.B;
                var centered = b.Op($"arith.subf {a[0]}, {a[3]} : {e.Mlir}");
                var std = b.Op($"math.sqrt {b.Op($"arith.addf {a[4]}, {b.Constant(e, eps)} : {e.Mlir}")} : {e.Mlir}");
                var normalized = b.Op($"arith.divf {centered}, {std} : {e.Mlir}");
                return b.Op($"arith.addf {b.Op($"arith.mulf {normalized}, {a[1]} : {e.Mlir}")}, {a[2]} : {e.Mlir}");
            }, x.Shape), runningMean, runningVar];
        };
        t["InstanceNormalization"] = n =>
        {
            var (x, scale, bias) = (n.Input(0), n.Input(1), n.Input(2));
            var eps = n.Float("epsilon", 1e-5f);
            var axes = Enumerable.Range(2, x.Rank - 2).ToHashSet();
            return [Normalize(n, x, axes, eps, AlongAxis(n, scale, x.Rank, 1), AlongAxis(n, bias, x.Rank, 1)).Y];
        };
        t["LayerNormalization"] = n =>
        {
            var (x, scale, bias) = (n.Input(0), n.Input(1), n.Optional(2));
            var axis = (int)n.Int("axis", -1);
            if (axis < 0) axis += x.Rank;
            var eps = n.Float("epsilon", 1e-5f);
            if (n.Int("stash_type", 1) != 1) throw n.Unsupported("stash_type other than 1 (float)");
            var axes = Enumerable.Range(axis, x.Rank - axis).ToHashSet();
            var r = Normalize(n, x, axes, eps, scale, bias);
            return [r.Y, r.Mean, r.InvStd];
        };
        t["MeanVarianceNormalization"] = n =>
        {
            var x = n.Input(0);
            var axes = ReductionOps.Axes(x, n.Ints("axes") ?? [0, 2, 3]);
            return [Normalize(n, x, axes, 0, null, null, addEpsilonAfterSqrt: 1e-9).Y];
        };
        t["LpNormalization"] = n =>
        {
            var x = n.Input(0);
            var axis = (int)n.Int("axis", -1);
            var p = n.Int("p", 2);
            if (p is not (1 or 2)) throw n.Unsupported($"p = {p}");
            var e = x.Element;
            var axes = ReductionOps.Axes(x, [axis]);
            var norm = ReductionOps.Reduce(n, x, axes, true, 0, (c, el, acc, v) => c.B.Op($"arith.addf {acc}, {v} : {el.Mlir}"),
                (c, el, v) => p == 1 ? c.B.Op($"math.absf {v} : {el.Mlir}") : c.B.Op($"arith.mulf {v}, {v} : {el.Mlir}"),
                p == 2 ? (c, el, v, _) => c.B.Op($"math.sqrt {v} : {el.Mlir}") : null);
            return [Broadcast.Elementwise(n, [x, norm], e, a => n.B.Op($"arith.divf {a[0]}, {a[1]} : {e.Mlir}"))];
        };
        t["Softmax"] = n => [Softmax(n, log: false)];
        t["LogSoftmax"] = n => [Softmax(n, log: true)];
        t["Hardmax"] = n =>
        {
            var x = n.Input(0);
            var axes = SoftmaxAxes(n, x);
            if (axes.Count != 1) throw n.Unsupported("Hardmax over several axes (opset < 13 with axis < rank - 1)");
            var axis = axes.Single();
            var e = x.Element;
            var index = ReductionOps.ArgIndex(n, x, axis, keep: true, last: false, max: true);
            return [Broadcast.Elementwise(n, [x, index], e, a =>
            {
                var position = n.B.Op($"arith.index_cast {n.B.Op($"linalg.index {axis} : index")} : index to i64");
                var hit = n.B.Op($"arith.cmpi eq, {position}, {a[1]} : i64");
                return n.B.Op($"arith.select {hit}, {n.B.Constant(e, 1)}, {n.B.Constant(e, 0)} : {e.Mlir}");
            }, x.Shape)];
        };
    }

    /// <summary>A per-channel vector viewed along <paramref name="axis"/> of a rank-<paramref name="rank"/> tensor (for broadcasting).</summary>
    private static ImportedTensor AlongAxis(NodeContext n, ImportedTensor c, int rank, int axis)
    {
        if (c.Rank != 1) return c;
        var shape = Enumerable.Range(0, rank - axis).Select(d => d == 0 ? c.Shape[0] : 1L).ToArray();
        return ShapeOps.Reshape(n, c, shape, _ => n.B.Dim(c, 0));
    }

    private sealed record Normalized(ImportedTensor Y, ImportedTensor Mean, ImportedTensor InvStd);

    /// <summary>(x - mean) / sqrt(var + eps) * scale + bias over <paramref name="axes"/> (biased variance).</summary>
    private static Normalized Normalize(NodeContext n, ImportedTensor x, HashSet<int> axes, float eps, ImportedTensor? scale, ImportedTensor? bias, double addEpsilonAfterSqrt = 0)
    {
        var e = x.Element;
        ReductionOps.Combine add = (c, el, a, v) => c.B.Op($"arith.addf {a}, {v} : {el.Mlir}");
        Func<NodeContext, ElementType, string, long, string> mean = (c, el, v, count) => c.B.Op($"arith.divf {v}, {c.B.Constant(el, count)} : {el.Mlir}");
        var mu = ReductionOps.Reduce(n, x, axes, true, 0, add, null, mean);
        var centered = Broadcast.Elementwise(n, [x, mu], e, a => n.B.Op($"arith.subf {a[0]}, {a[1]} : {e.Mlir}"));
        var variance = ReductionOps.Reduce(n, centered, axes, true, 0, add, (c, el, v) => c.B.Op($"arith.mulf {v}, {v} : {el.Mlir}"), mean);
        var invStd = Broadcast.Elementwise(n, [variance], e, a => addEpsilonAfterSqrt > 0
            ? n.B.Op($"arith.divf {n.B.Constant(e, 1)}, {n.B.Op($"arith.addf {n.B.Op($"math.sqrt {a[0]} : {e.Mlir}")}, {n.B.Constant(e, addEpsilonAfterSqrt)} : {e.Mlir}")} : {e.Mlir}")
            : n.B.Op($"math.rsqrt {n.B.Op($"arith.addf {a[0]}, {n.B.Constant(e, eps)} : {e.Mlir}")} : {e.Mlir}"));
        var ins = new List<ImportedTensor> { centered, invStd };
        if (scale is not null) ins.Add(scale);
        if (bias is not null) ins.Add(bias);
        var y = Broadcast.Elementwise(n, ins, e, a =>
        {
            var v = n.B.Op($"arith.mulf {a[0]}, {a[1]} : {e.Mlir}");
            if (scale is not null) v = n.B.Op($"arith.mulf {v}, {a[2]} : {e.Mlir}");
            if (bias is not null) v = n.B.Op($"arith.addf {v}, {a[scale is null ? 2 : 3]} : {e.Mlir}");
            return v;
        }, x.Shape);
        return new Normalized(y, mu, invStd);
    }

    private static HashSet<int> SoftmaxAxes(NodeContext n, ImportedTensor x)
    {
        var axis = (int)n.Int("axis", n.Opset >= 13 ? -1 : 1);
        if (axis < 0) axis += x.Rank;
        return n.Opset >= 13 ? [axis] : Enumerable.Range(axis, x.Rank - axis).ToHashSet();
    }

    private static ImportedTensor Softmax(NodeContext n, bool log) => Softmax(n, n.Input(0), SoftmaxAxes(n, n.Input(0)), log);

    /// <summary>(Log)softmax of <paramref name="x"/> over <paramref name="axes"/>, shifted by the maximum for stability.</summary>
    public static ImportedTensor Softmax(NodeContext n, ImportedTensor x, HashSet<int> axes, bool log)
    {
        var e = x.Element;
        var max = ReductionOps.Reduce(n, x, axes, true, double.NegativeInfinity, (c, el, a, v) => c.B.Op($"arith.maximumf {a}, {v} : {el.Mlir}"));
        var shifted = Broadcast.Elementwise(n, [x, max], e, a => n.B.Op($"arith.subf {a[0]}, {a[1]} : {e.Mlir}"));
        var sum = ReductionOps.Reduce(n, shifted, axes, true, 0, (c, el, a, v) => c.B.Op($"arith.addf {a}, {v} : {el.Mlir}"),
            (c, el, v) => c.B.Op($"math.exp {v} : {el.Mlir}"));
        return Broadcast.Elementwise(n, [shifted, sum], e, a => log
            ? n.B.Op($"arith.subf {a[0]}, {n.B.Op($"math.log {a[1]} : {e.Mlir}")} : {e.Mlir}")
            : n.B.Op($"arith.divf {n.B.Op($"math.exp {a[0]} : {e.Mlir}")}, {a[1]} : {e.Mlir}"));
    }
}

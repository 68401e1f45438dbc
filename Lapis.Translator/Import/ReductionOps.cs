namespace Lapis.Translator.Import;

/// <summary>
/// Reductions (ReduceSum/Mean/Max/Min/Prod/L1/L2/LogSum/LogSumExp/SumSquare, ArgMax/ArgMin)
/// → linalg.generic with reduction iterators into a linalg.fill'ed accumulator (kept dimensions
/// read index 0, as torch-mlir prints keepdim); finishing steps are an elementwise generic.
/// </summary>
public static class ReductionOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        string Add(NodeContext n, ElementType e, string a, string b) => n.B.Op($"arith.add{(e.IsFloat ? "f" : "i")} {a}, {b} : {e.Mlir}");
        string Mul(NodeContext n, ElementType e, string a, string b) => n.B.Op($"arith.mul{(e.IsFloat ? "f" : "i")} {a}, {b} : {e.Mlir}");
        string Abs(NodeContext n, ElementType e, string a) => e.IsFloat ? n.B.Op($"math.absf {a} : {e.Mlir}") : n.B.Op($"math.absi {a} : {e.Mlir}");
        Reduction(t, "ReduceSum", 0, Add, null, null, axesInputFrom: 13);
        Reduction(t, "ReduceSumSquare", 0, Add, (n, e, v) => Mul(n, e, v, v), null);
        Reduction(t, "ReduceL1", 0, Add, (n, e, v) => Abs(n, e, v), null);
        Reduction(t, "ReduceL2", 0, Add, (n, e, v) => Mul(n, e, v, v), (n, e, v, _) => n.B.Op($"math.sqrt {v} : {e.Mlir}"));
        Reduction(t, "ReduceLogSum", 0, Add, null, (n, e, v, _) => n.B.Op($"math.log {v} : {e.Mlir}"));
        Reduction(t, "ReduceLogSumExp", 0, Add, (n, e, v) => n.B.Op($"math.exp {v} : {e.Mlir}"), (n, e, v, _) => n.B.Op($"math.log {v} : {e.Mlir}"));
        Reduction(t, "ReduceProd", 1, Mul, null, null);
        Reduction(t, "ReduceMean", 0, Add, null, (n, e, v, count) => e.IsFloat
            ? n.B.Op($"arith.divf {v}, {n.B.Constant(e, count)} : {e.Mlir}") : n.B.Op($"arith.divsi {v}, {n.B.IntConstant(e, count)} : {e.Mlir}"));
        Reduction(t, "ReduceMax", double.NegativeInfinity, (n, e, a, b) => n.B.Op($"arith.{(e.IsFloat ? "maximumf" : e.IsUnsigned ? "maxui" : "maxsi")} {a}, {b} : {e.Mlir}"), null, null);
        Reduction(t, "ReduceMin", double.PositiveInfinity, (n, e, a, b) => n.B.Op($"arith.{(e.IsFloat ? "minimumf" : e.IsUnsigned ? "minui" : "minsi")} {a}, {b} : {e.Mlir}"), null, null);
        t["ArgMax"] = n => [ArgExtreme(n, max: true)];
        t["ArgMin"] = n => [ArgExtreme(n, max: false)];
    }

    public delegate string Combine(NodeContext n, ElementType e, string acc, string v);

    private static void Reduction(Dictionary<string, OpImporter> t, string op, double init, Combine combine,
        Func<NodeContext, ElementType, string, string>? pre, Func<NodeContext, ElementType, string, long, string>? post, int axesInputFrom = 18) =>
        t[op] = n =>
        {
            var x = n.Input(0);
            var keep = n.Int("keepdims", 1) != 0;
            long[]? axes;
            if (n.Opset >= axesInputFrom)
            {
                var noop = n.Int("noop_with_empty_axes", 0) != 0;
                axes = n.Optional(1) is null ? null : n.ConstantInput(1, "axes").Ints();
                if ((axes is null || axes.Length == 0) && noop) return [x];
                if (axes is { Length: 0 }) axes = null;
            }
            else axes = n.Ints("axes");
            var set = Axes(x, axes);
            return [Reduce(n, x, set, keep, init, combine, pre, post)];
        };

    public static HashSet<int> Axes(ImportedTensor x, IEnumerable<long>? axes) =>
        (axes ?? Enumerable.Range(0, x.Rank).Select(d => (long)d)).Select(a => (int)(a < 0 ? a + x.Rank : a)).ToHashSet();

    public static long[] ReducedShape(ImportedTensor x, HashSet<int> axes, bool keep) =>
        Enumerable.Range(0, x.Rank).Where(d => keep || !axes.Contains(d)).Select(d => axes.Contains(d) ? 1 : x.Shape[d]).ToArray();

    public static string OutputMap(int rank, HashSet<int> axes, bool keep) =>
        TextualIrBuilder.Map(rank, Enumerable.Range(0, rank).Where(d => keep || !axes.Contains(d)).Select(d => axes.Contains(d) ? "0" : $"d{d}"));

    /// <summary>Reduces <paramref name="x"/> over <paramref name="axes"/>: acc = combine(acc, pre(x)), then post(acc, count).</summary>
    public static ImportedTensor Reduce(NodeContext n, ImportedTensor x, HashSet<int> axes, bool keep, double init, Combine combine,
        Func<NodeContext, ElementType, string, string>? pre = null, Func<NodeContext, ElementType, string, long, string>? post = null)
    {
        var e = x.Element;
        var shape = ReducedShape(x, axes, keep);
        var src = n.Use(x);
        var kept = Enumerable.Range(0, x.Rank).Where(d => keep || !axes.Contains(d)).ToArray();
        var type = ImportedTensor.TypeText(e, shape);
        var empty = n.B.Empty(e, shape, d => n.B.Dim(x, kept[d]));
        var fill = e.IsFloat ? n.B.Constant(e, init)
            : n.B.IntConstant(e, double.IsNegativeInfinity(init) ? (e.IsUnsigned ? 0 : MinInt(e)) : double.IsPositiveInfinity(init) ? (e.IsUnsigned ? -1 : MaxInt(e)) : (long)init);
        var acc = n.B.Op($"linalg.fill ins({fill} : {e.Mlir}) outs({empty} : {type}) -> {type}");
        var r = n.B.Generic([new(src, x.Type, TextualIrBuilder.IdentityMap(x.Rank), e.Mlir)], [new(acc, type, OutputMap(x.Rank, axes, keep), e.Mlir)],
            Enumerable.Range(0, x.Rank).Select(axes.Contains).ToArray(),
            a => [combine(n, e, a[1], pre is null ? a[0] : pre(n, e, a[0]))]);
        var result = new ImportedTensor(e, shape, r[0]);
        if (post is null) return result;
        var count = axes.Aggregate(1L, (p, d) => p * x.Shape[d]);
        if (count < 0) throw n.Unsupported("a mean over a dynamic dimension");
        return Broadcast.Elementwise(n, [result], e, v => post(n, e, v[0], count));
    }

    private static long MinInt(ElementType e) => e.Bits >= 64 ? long.MinValue : -(1L << (e.Bits - 1));
    private static long MaxInt(ElementType e) => e.Bits >= 64 ? long.MaxValue : (1L << (e.Bits - 1)) - 1;

    private static ImportedTensor ArgExtreme(NodeContext n, bool max)
    {
        var x = n.Input(0);
        var axis = (int)n.Int("axis", 0);
        if (axis < 0) axis += x.Rank;
        var keep = n.Int("keepdims", 1) != 0;
        var last = n.Int("select_last_index", 0) != 0;
        return ArgIndex(n, x, axis, keep, last, max);
    }

    /// <summary>The (first, or last) index of the maximum or minimum along <paramref name="axis"/>, as i64.</summary>
    public static ImportedTensor ArgIndex(NodeContext n, ImportedTensor x, int axis, bool keep, bool last, bool max)
    {
        var e = x.Element;
        var axes = new HashSet<int> { axis };
        var shape = ReducedShape(x, axes, keep);
        var kept = Enumerable.Range(0, x.Rank).Where(d => keep || d != axis).ToArray();
        var src = n.Use(x);
        var vtype = ImportedTensor.TypeText(e, shape);
        var itype = ImportedTensor.TypeText(ElementType.I64, shape);
        var vinit = n.B.Empty(e, shape, d => n.B.Dim(x, kept[d]));
        var start = e.IsFloat ? n.B.Constant(e, max ? double.NegativeInfinity : double.PositiveInfinity)
            : n.B.IntConstant(e, max ? (e.IsUnsigned ? 0 : MinInt(e)) : (e.IsUnsigned ? -1 : MaxInt(e)));
        var vacc = n.B.Op($"linalg.fill ins({start} : {e.Mlir}) outs({vinit} : {vtype}) -> {vtype}");
        var iinit = n.B.Empty(ElementType.I64, shape, d => n.B.Dim(x, kept[d]));
        var iacc = n.B.Fill(ElementType.I64, -1, iinit, itype);
        var map = OutputMap(x.Rank, axes, keep);
        var r = n.B.Generic([new(src, x.Type, TextualIrBuilder.IdentityMap(x.Rank), e.Mlir)],
            [new(vacc, vtype, map, e.Mlir), new(iacc, itype, map, "i64")], Enumerable.Range(0, x.Rank).Select(d => d == axis).ToArray(), a =>
            {
                var pred = e.IsFloat ? (max ? (last ? "oge" : "ogt") : (last ? "ole" : "olt")) : (max ? (last ? "sge" : "sgt") : (last ? "sle" : "slt"));
                if (!e.IsFloat && e.IsUnsigned) pred = "u" + pred[1..];
                var better = e.IsFloat ? n.B.Op($"arith.cmpf {pred}, {a[0]}, {a[1]} : {e.Mlir}") : n.B.Op($"arith.cmpi {pred}, {a[0]}, {a[1]} : {e.Mlir}");
                var first = n.B.Op($"arith.cmpi slt, {a[2]}, {n.B.IntConstant(ElementType.I64, 0)} : i64");
                var take = n.B.Op($"arith.ori {better}, {first} : i1");
                var index = n.B.Op($"arith.index_cast {n.B.Op($"linalg.index {axis} : index")} : index to i64");
                return [n.B.Op($"arith.select {take}, {a[0]}, {a[1]} : {e.Mlir}"), n.B.Op($"arith.select {take}, {index}, {a[2]} : i64")];
            });
        return new ImportedTensor(ElementType.I64, shape, r[1]);
    }
}

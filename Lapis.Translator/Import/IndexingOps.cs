namespace Lapis.Translator.Import;

/// <summary>
/// Ops that read at computed positions: GatherElements (tensor.extract at the given index),
/// Trilu (a mask on the last two indices), CumSum (a reduction over the scanned axis masked by
/// position), and the losses NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (the target's
/// class read with tensor.extract, then the reduction).
/// </summary>
public static class IndexingOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["GatherElements"] = n =>
        {
            var (data, indices) = (n.Input(0), n.Input(1));
            var axis = (int)n.Int("axis", 0);
            if (axis < 0) axis += data.Rank;
            var src = n.Use(data);
            var idx = n.Use(indices);
            var extent = n.B.Dim(data, axis);
            var init = n.B.Empty(data.Element, indices.Shape, d => n.B.Dim(indices, d));
            var type = ImportedTensor.TypeText(data.Element, indices.Shape);
            var rank = indices.Rank;
            var r = n.B.Generic([new(idx, indices.Type, TextualIrBuilder.IdentityMap(rank), indices.Element.Mlir)],
                [new(init, type, TextualIrBuilder.IdentityMap(rank), data.Element.Mlir)], new bool[rank], a =>
                {
                    var i = Wrap(n, n.B.Op($"arith.index_cast {a[0]} : {indices.Element.Mlir} to index"), extent);
                    var coords = Enumerable.Range(0, rank).Select(d => d == axis ? i : n.B.Op($"linalg.index {d} : index"));
                    return [n.B.Op($"tensor.extract {src}[{string.Join(", ", coords)}] : {data.Type}")];
                });
            return [new ImportedTensor(data.Element, indices.Shape, r[0])];
        };
        t["Trilu"] = n =>
        {
            var x = n.Input(0);
            var upper = n.Int("upper", 1) != 0;
            var k = n.Optional(1) is null ? 0 : n.ConstantInput(1, "k").GetInt(0);
            var e = x.Element;
            return [Broadcast.Elementwise(n, [x], e, a =>
            {
                var i = n.B.Op($"arith.index_cast {n.B.Op($"linalg.index {x.Rank - 2} : index")} : index to i64");
                var j = n.B.Op($"arith.index_cast {n.B.Op($"linalg.index {x.Rank - 1} : index")} : index to i64");
                var diff = n.B.Op($"arith.subi {j}, {i} : i64");
                var keep = n.B.Op($"arith.cmpi {(upper ? "sge" : "sle")}, {diff}, {n.B.IntConstant(ElementType.I64, k)} : i64");
                var zero = e.IsFloat ? n.B.Constant(e, 0) : n.B.IntConstant(e, 0);
                return n.B.Op($"arith.select {keep}, {a[0]}, {zero} : {e.Mlir}");
            })];
        };
        t["CumSum"] = n =>
        {
            var x = n.Input(0);
            var axis = (int)n.ConstantInput(1, "axis").GetInt(0);
            if (axis < 0) axis += x.Rank;
            var exclusive = n.Int("exclusive", 0) != 0;
            var reverse = n.Int("reverse", 0) != 0;
            var e = x.Element;
            var rank = x.Rank;
            var src = n.Use(x);
            var acc = n.B.Fill(e, 0, n.B.Empty(e, x.Shape, d => n.B.Dim(x, d)), x.Type);
            var j = rank;
            var xMap = TextualIrBuilder.Map(rank + 1, Enumerable.Range(0, rank).Select(d => d == axis ? $"d{j}" : $"d{d}"));
            var oMap = TextualIrBuilder.Map(rank + 1, Enumerable.Range(0, rank).Select(d => $"d{d}"));
            var window = n.B.Op($"tensor.empty() : {ImportedTensor.TypeText(e, [x.Shape[axis]])}");
            var r = n.B.Generic([new(src, x.Type, xMap, e.Mlir), new(window, ImportedTensor.TypeText(e, [x.Shape[axis]]), TextualIrBuilder.Map(rank + 1, [$"d{j}"]), e.Mlir)],
                [new(acc, x.Type, oMap, e.Mlir)], Enumerable.Range(0, rank + 1).Select(d => d == j).ToArray(), a =>
                {
                    var pos = n.B.Op($"linalg.index {axis} : index");
                    var other = n.B.Op($"linalg.index {j} : index");
                    var pred = reverse ? (exclusive ? "ugt" : "uge") : (exclusive ? "ult" : "ule");
                    var include = n.B.Op($"arith.cmpi {pred}, {other}, {pos} : index");
                    var zero = e.IsFloat ? n.B.Constant(e, 0) : n.B.IntConstant(e, 0);
                    var v = n.B.Op($"arith.select {include}, {a[0]}, {zero} : {e.Mlir}");
                    return [n.B.Op($"arith.add{(e.IsFloat ? "f" : "i")} {a[2]}, {v} : {e.Mlir}")];
                });
            return [new ImportedTensor(e, x.Shape, r[0])];
        };
        t["NegativeLogLikelihoodLoss"] = n =>
        {
            var reduction = n.String("reduction", "mean");
            long? ignore = n.Has("ignore_index") ? n.Int("ignore_index", 0) : null;
            return [Nll(n, n.Input(0), n.Input(1), n.Optional(2), reduction, ignore)];
        };
        t["SoftmaxCrossEntropyLoss"] = n =>
        {
            var reduction = n.String("reduction", "mean");
            long? ignore = n.Has("ignore_index") ? n.Int("ignore_index", 0) : null;
            var logProb = NormalizationOps.Softmax(n, n.Input(0), [1], log: true);
            return [Nll(n, logProb, n.Input(1), n.Optional(2), reduction, ignore), logProb];
        };
    }

    internal static string Wrap(NodeContext n, string i, string extent)
    {
        var negative = n.B.Op($"arith.cmpi slt, {i}, {n.B.Op("arith.constant 0 : index")} : index");
        return n.B.Op($"arith.select {negative}, {n.B.Op($"arith.addi {i}, {extent} : index")}, {i} : index");
    }

    /// <summary>loss[n, d...] = -input[n, target[n, d...], d...] · weight[target] (0 where ignored), then none/sum/mean (mean divides by the summed weights).</summary>
    private static ImportedTensor Nll(NodeContext n, ImportedTensor input, ImportedTensor target, ImportedTensor? weight, string reduction, long? ignore)
    {
        if (reduction is not ("none" or "sum" or "mean")) throw n.Unsupported($"reduction '{reduction}'");
        var e = input.Element;
        var src = n.Use(input);
        var tgt = n.Use(target);
        var w = weight is null ? null : n.Use(weight);
        var shape = target.Shape;
        var rank = target.Rank;
        var type = ImportedTensor.TypeText(e, shape);
        var lossInit = n.B.Empty(e, shape, d => n.B.Dim(target, d));
        var weightInit = n.B.Empty(e, shape, d => n.B.Dim(target, d));
        var map = TextualIrBuilder.IdentityMap(rank);
        var r = n.B.Generic([new(tgt, target.Type, map, target.Element.Mlir)], [new(lossInit, type, map, e.Mlir), new(weightInit, type, map, e.Mlir)], new bool[rank], a =>
        {
            var te = target.Element.Mlir;
            var ignored = ignore is { } ig ? n.B.Op($"arith.cmpi eq, {a[0]}, {n.B.IntConstant(target.Element, ig)} : {te}") : null;
            var cls = n.B.Op($"arith.index_cast {a[0]} : {te} to index");
            if (ignored is not null) cls = n.B.Op($"arith.select {ignored}, {n.B.Op("arith.constant 0 : index")}, {cls} : index");
            var coords = new List<string> { n.B.Op("linalg.index 0 : index"), cls };
            for (var d = 1; d < rank; d++) coords.Add(n.B.Op($"linalg.index {d} : index"));
            var v = n.B.Op($"tensor.extract {src}[{string.Join(", ", coords)}] : {input.Type}");
            var wt = w is null ? n.B.Constant(e, 1) : n.B.Op($"tensor.extract {w}[{cls}] : {weight!.Type}");
            if (ignored is not null) wt = n.B.Op($"arith.select {ignored}, {n.B.Constant(e, 0)}, {wt} : {e.Mlir}");
            var loss = n.B.Op($"arith.negf {n.B.Op($"arith.mulf {v}, {wt} : {e.Mlir}")} : {e.Mlir}");
            return [loss, wt];
        });
        var lossT = new ImportedTensor(e, shape, r[0]);
        if (reduction == "none") return lossT;
        var all = Enumerable.Range(0, rank).ToHashSet();
        ReductionOps.Combine add = (c, el, acc, x) => c.B.Op($"arith.addf {acc}, {x} : {el.Mlir}");
        var sum = ReductionOps.Reduce(n, lossT, all, false, 0, add);
        if (reduction == "sum") return sum;
        var weights = ReductionOps.Reduce(n, new ImportedTensor(e, shape, r[1]), all, false, 0, add);
        return Broadcast.Elementwise(n, [sum, weights], e, a => n.B.Op($"arith.divf {a[0]}, {a[1]} : {e.Mlir}"));
    }
}

namespace Lapis.Translator.Import;

/// <summary>
/// GatherND (tensor.extract at the index tuple read from <c>indices</c>) and the scatters
/// (ScatterElements, Scatter, ScatterND) → a linalg.generic over the data's positions whose
/// reduction dimensions walk the updates in order: each output element starts as the data's and
/// combines (reduction none/add/mul/max/min) every update whose target is that element, so later
/// updates win as in ONNX's sequential reference. The work is |data| × (updates per target row).
/// </summary>
public static class ScatterGatherOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["GatherND"] = n => [GatherNd(n, n.Input(0), n.Input(1), (int)(n.Opset >= 12 ? n.Int("batch_dims", 0) : 0))];
        t["ScatterElements"] = n => [ScatterElements(n, n.Input(0), n.Input(1), n.Input(2), (int)n.Int("axis", 0), Reduction(n))];
        t["Scatter"] = n => [ScatterElements(n, n.Input(0), n.Input(1), n.Input(2), (int)n.Int("axis", 0), "none")];
        t["ScatterND"] = n => [ScatterNd(n, n.Input(0), n.Input(1), n.Input(2), Reduction(n))];
    }

    private static string Reduction(NodeContext n)
    {
        var r = n.Opset >= 16 ? n.String("reduction", "none") : "none";
        if (r is not ("none" or "add" or "mul" or "max" or "min")) throw n.Unsupported($"reduction '{r}'");
        return r;
    }

    private static string Index(NodeContext n, int d) => n.B.Op($"linalg.index {d} : index");

    private static string ToIndex(NodeContext n, string v, ElementType e) => n.B.Op($"arith.index_cast {v} : {e.Mlir} to index");

    private static string Combine(NodeContext n, ElementType e, string reduction, string acc, string v) => reduction switch
    {
        "none" => v,
        "add" => n.B.Op($"arith.add{(e.IsFloat ? "f" : "i")} {acc}, {v} : {e.Mlir}"),
        "mul" => n.B.Op($"arith.mul{(e.IsFloat ? "f" : "i")} {acc}, {v} : {e.Mlir}"),
        "max" => n.B.Op($"arith.{(e.IsFloat ? "maximumf" : e.IsUnsigned ? "maxui" : "maxsi")} {acc}, {v} : {e.Mlir}"),
        _ => n.B.Op($"arith.{(e.IsFloat ? "minimumf" : e.IsUnsigned ? "minui" : "minsi")} {acc}, {v} : {e.Mlir}"),
    };

    private static string Eq(NodeContext n, string a, string b) => n.B.Op($"arith.cmpi eq, {a}, {b} : index");
    private static string And(NodeContext n, string a, string b) => n.B.Op($"arith.andi {a}, {b} : i1");

    /// <summary>out[b..., i..., rest...] = data[b..., indices[b..., i..., 0..k), rest...] (batch_dims b).</summary>
    private static ImportedTensor GatherNd(NodeContext n, ImportedTensor data, ImportedTensor indices, int batch)
    {
        if (!data.IsStatic || !indices.IsStatic) throw n.Unsupported("GatherND of a dynamic shape");
        var k = (int)indices.Shape[^1];
        if (k < 1 || batch + k > data.Rank) throw n.Error($"the last dimension of the indices ({k}) and batch_dims ({batch}) do not fit the data's rank {data.Rank}");
        var shape = indices.Shape[..^1].Concat(data.Shape[(batch + k)..]).ToArray();
        var e = data.Element;
        var src = n.Use(data);
        var idx = n.Use(indices);
        var type = ImportedTensor.TypeText(e, shape);
        var init = n.B.Empty(e, shape);
        var q = indices.Rank - 1;
        var r = n.B.Generic([], [new(init, type, TextualIrBuilder.IdentityMap(shape.Length), e.Mlir)], new bool[shape.Length], a =>
        {
            var outer = Enumerable.Range(0, q).Select(d => Index(n, d)).ToArray();
            var coords = new List<string>(outer[..batch]);
            for (var j = 0; j < k; j++)
            {
                var v = n.B.Op($"tensor.extract {idx}[{string.Join(", ", outer.Append(n.B.Index(j)))}] : {indices.Type}");
                coords.Add(IndexingOps.Wrap(n, ToIndex(n, v, indices.Element), n.B.Index(data.Shape[batch + j])));
            }
            for (var d = q; d < shape.Length; d++) coords.Add(Index(n, d));
            return [n.B.Op($"tensor.extract {src}[{string.Join(", ", coords)}] : {data.Type}")];
        });
        return new ImportedTensor(e, shape, r[0]);
    }

    /// <summary>
    /// out = data; for every position p of indices (in order): out[p with p[axis] = indices[p]] = combine(·, updates[p]).
    /// Loops: the data's dimensions, then j along the indices' axis; position p = out's with p[axis] = j,
    /// counted where p lies inside the indices' shape and indices[p] targets out's position on the axis.
    /// </summary>
    private static ImportedTensor ScatterElements(NodeContext n, ImportedTensor data, ImportedTensor indices, ImportedTensor updates, int axis, string reduction)
    {
        var rank = data.Rank;
        if (axis < 0) axis += rank;
        if (!data.IsStatic || !indices.IsStatic) throw n.Unsupported("a scatter of a dynamic shape");
        if (indices.Rank != rank || !indices.Shape.SequenceEqual(updates.Shape)) throw n.Error("indices and updates must have the data's rank and one shape");
        var e = data.Element;
        var idx = n.Use(indices);
        var upd = n.Use(updates);
        var init = n.Use(data);
        var loops = rank + 1;
        // An operand over j only gives the loop its extent (linalg infers loop ranges from operand shapes).
        var steps = ImportedTensor.Constant(TensorData.FromInts(ElementType.I8, [indices.Shape[axis]], new long[indices.Shape[axis]]));
        var r = n.B.Generic([new(n.Use(steps), steps.Type, TextualIrBuilder.Map(loops, [$"d{rank}"]), "i8")],
            [new(init, data.Type, TextualIrBuilder.Map(loops, Enumerable.Range(0, rank).Select(d => $"d{d}")), e.Mlir)],
            Enumerable.Range(0, loops).Select(d => d == rank).ToArray(), a =>
            {
                var inside = n.B.Op("arith.constant true");
                var p = new string[rank];
                for (var d = 0; d < rank; d++)
                {
                    if (d == axis) { p[d] = Index(n, rank); continue; }
                    var o = Index(n, d);
                    var extent = n.B.Index(indices.Shape[d]);
                    inside = And(n, inside, n.B.Op($"arith.cmpi ult, {o}, {extent} : index"));
                    p[d] = n.B.Op($"arith.minui {o}, {n.B.Index(Math.Max(0, indices.Shape[d] - 1))} : index");
                }
                var target = IndexingOps.Wrap(n, ToIndex(n, n.B.Op($"tensor.extract {idx}[{string.Join(", ", p)}] : {indices.Type}"), indices.Element), n.B.Index(data.Shape[axis]));
                var hit = And(n, inside, Eq(n, target, Index(n, axis)));
                var v = n.B.Op($"tensor.extract {upd}[{string.Join(", ", p)}] : {updates.Type}");
                return [n.B.Op($"arith.select {hit}, {Combine(n, e, reduction, a[1], v)}, {a[1]} : {e.Mlir}")];
            });
        return new ImportedTensor(e, data.Shape, r[0]);
    }

    /// <summary>
    /// out = data; for every update position u (in order): out[indices[u, 0..k), rest...] = combine(·, updates[u, rest...]).
    /// Loops: the data's dimensions, then the update positions u.
    /// </summary>
    private static ImportedTensor ScatterNd(NodeContext n, ImportedTensor data, ImportedTensor indices, ImportedTensor updates, string reduction)
    {
        if (!data.IsStatic || !indices.IsStatic || !updates.IsStatic) throw n.Unsupported("a scatter of a dynamic shape");
        var rank = data.Rank;
        var k = (int)indices.Shape[^1];
        var q = indices.Rank - 1;
        if (k < 1 || k > rank || !updates.Shape.SequenceEqual(indices.Shape[..^1].Concat(data.Shape[k..]))) throw n.Error("indices and updates do not fit the data's shape");
        var e = data.Element;
        var idx = n.Use(indices);
        var upd = n.Use(updates);
        var init = n.Use(data);
        var loops = rank + q;
        var updMap = TextualIrBuilder.Map(loops, Enumerable.Range(rank, q).Concat(Enumerable.Range(k, rank - k)).Select(d => $"d{d}"));
        var r = n.B.Generic([new(upd, updates.Type, updMap, e.Mlir)], [new(init, data.Type, TextualIrBuilder.Map(loops, Enumerable.Range(0, rank).Select(d => $"d{d}")), e.Mlir)],
            Enumerable.Range(0, loops).Select(d => d >= rank).ToArray(), a =>
            {
                var u = Enumerable.Range(rank, q).Select(d => Index(n, d)).ToArray();
                var hit = n.B.Op("arith.constant true");
                for (var j = 0; j < k; j++)
                {
                    var v = n.B.Op($"tensor.extract {idx}[{string.Join(", ", u.Append(n.B.Index(j)))}] : {indices.Type}");
                    var target = IndexingOps.Wrap(n, ToIndex(n, v, indices.Element), n.B.Index(data.Shape[j]));
                    hit = And(n, hit, Eq(n, target, Index(n, j)));
                }
                return [n.B.Op($"arith.select {hit}, {Combine(n, e, reduction, a[1], a[0])}, {a[1]} : {e.Mlir}")];
            });
        return new ImportedTensor(e, data.Shape, r[0]);
    }
}

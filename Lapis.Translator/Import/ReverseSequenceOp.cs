namespace Lapis.Translator.Import;

/// <summary>
/// ReverseSequence → a linalg.generic: y[.., b, .., t, ..] = x[.., b, .., len[b] - 1 - t, ..] where
/// t &lt; len[b] (b along batch_axis, t along time_axis), x's element otherwise.
/// </summary>
public static class ReverseSequenceOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["ReverseSequence"] = n =>
    {
        var (x, lengths) = (n.Input(0), n.Input(1));
        var batch = (int)n.Int("batch_axis", 1);
        var time = (int)n.Int("time_axis", 0);
        if (batch < 0) batch += x.Rank;
        if (time < 0) time += x.Rank;
        if (x.Rank < 2 || batch == time || batch >= x.Rank || time >= x.Rank) throw n.Error("batch_axis and time_axis must be two different dimensions of the input");
        var src = n.Use(x);
        var type = x.Type;
        var init = n.B.Empty(x.Element, x.Shape, d => n.B.Dim(x, d));
        var lenMap = TextualIrBuilder.Map(x.Rank, [$"d{batch}"]);
        var r = n.B.Generic([new(n.Use(lengths), lengths.Type, lenMap, lengths.Element.Mlir)], [new(init, type, TextualIrBuilder.IdentityMap(x.Rank), x.Element.Mlir)],
            new bool[x.Rank], a =>
            {
                var length = n.B.Op($"arith.index_cast {a[0]} : {lengths.Element.Mlir} to index");
                var at = n.B.Op($"linalg.index {time} : index");
                var reversed = n.B.Op($"arith.subi {n.B.Op($"arith.subi {length}, {n.B.Index(1)} : index")}, {at} : index");
                var inside = n.B.Op($"arith.cmpi slt, {at}, {length} : index");
                var source = n.B.Op($"arith.select {inside}, {reversed}, {at} : index");
                var coords = Enumerable.Range(0, x.Rank).Select(d => d == time ? source : n.B.Op($"linalg.index {d} : index"));
                return [n.B.Op($"tensor.extract {src}[{string.Join(", ", coords)}] : {type}")];
            });
        return [new ImportedTensor(x.Element, x.Shape, r[0])];
    };
}

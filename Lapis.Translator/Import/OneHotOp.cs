namespace Lapis.Translator.Import;

/// <summary>
/// OneHot → one linalg.generic over the result: position <c>j</c> on the new axis holds
/// <c>values[1]</c> where the index (negative ones counted from <c>depth</c>) equals <c>j</c>,
/// <c>values[0]</c> elsewhere (so out-of-range indices give all off values). Depth must be a constant.
/// </summary>
public static class OneHotOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["OneHot"] = n =>
    {
        var (indices, values) = (n.Input(0), n.Input(2));
        var depth = (long)n.ConstantInput(1, "depth").GetDouble(0);
        if (depth <= 0) throw n.Error($"depth must be positive, not {depth}");
        if (values.Rank != 1 || values.Shape[0] != 2) throw n.Error($"values must hold two elements (off, on), not {values.Type}");
        var rank = indices.Rank + 1;
        var axis = (int)n.Int("axis", -1);
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank) throw n.Error($"axis {n.Int("axis", -1)} is out of range for a result of rank {rank}");
        var shape = new long[rank];
        for (int d = 0, k = 0; d < rank; d++) shape[d] = d == axis ? depth : indices.Shape[k++];
        var e = values.Element;
        var table = n.Use(values);
        var off = n.B.Op($"tensor.extract {table}[{n.B.Index(0)}] : {values.Type}");
        var on = n.B.Op($"tensor.extract {table}[{n.B.Index(1)}] : {values.Type}");
        var idx = n.Use(indices);
        var init = n.B.Empty(e, shape, d => n.B.Dim(indices, d < axis ? d : d - 1));
        var type = ImportedTensor.TypeText(e, shape);
        var inMap = TextualIrBuilder.Map(rank, Enumerable.Range(0, rank).Where(d => d != axis).Select(d => $"d{d}"));
        var r = n.B.Generic([new(idx, indices.Type, inMap, indices.Element.Mlir)],
            [new(init, type, TextualIrBuilder.IdentityMap(rank), e.Mlir)], new bool[rank], a =>
            {
                var ie = indices.Element;
                var i = ie.IsFloat ? n.B.Op($"arith.fptosi {a[0]} : {ie.Mlir} to i64")
                    : ie.Bits == 64 ? a[0]
                    : n.B.Op($"arith.{(ie.IsUnsigned || ie.IsBool ? "extui" : "extsi")} {a[0]} : {ie.Mlir} to i64");
                var negative = n.B.Op($"arith.cmpi slt, {i}, {n.B.IntConstant(ElementType.I64, 0)} : i64");
                var wrapped = n.B.Op($"arith.select {negative}, {n.B.Op($"arith.addi {i}, {n.B.IntConstant(ElementType.I64, depth)} : i64")}, {i} : i64");
                var j = n.B.Op($"arith.index_cast {n.B.Op($"linalg.index {axis} : index")} : index to i64");
                var hit = n.B.Op($"arith.cmpi eq, {wrapped}, {j} : i64");
                return [n.B.Op($"arith.select {hit}, {on}, {off} : {e.Mlir}")];
            });
        return [new ImportedTensor(e, shape, r[0])];
    };
}

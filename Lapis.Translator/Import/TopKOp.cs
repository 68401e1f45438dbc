namespace Lapis.Translator.Import;

/// <summary>
/// TopK → two linalg.generics: the rank of every element along the axis (how many elements come
/// before it: larger, or smaller for largest = 0, ties broken by the lower index, as ONNX's
/// reference sorts stably), then for each output position k the element of rank k and its index.
/// Results are always sorted (sorted = 0 leaves the order unspecified).
/// </summary>
public static class TopKOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["TopK"] = n =>
    {
        var x = n.Input(0);
        var axis = (int)n.Int("axis", -1);
        if (axis < 0) axis += x.Rank;
        var k = n.Opset >= 10 ? n.ConstantInput(1, "K").GetInt(0) : n.Int("k", 0);
        var largest = n.Opset < 11 || n.Int("largest", 1) != 0;
        if (n.Opset >= 11) n.Int("sorted", 1);
        if (!x.IsStatic) throw n.Unsupported("TopK of a dynamic shape");
        if (k < 0 || k > x.Shape[axis]) throw n.Error($"K = {k} is out of range for dimension {axis} of {x.Type}");
        var (values, indices) = TopK(n, x, axis, k, largest);
        return [values, indices];
    };

    private static (ImportedTensor, ImportedTensor) TopK(NodeContext n, ImportedTensor x, int axis, long k, bool largest)
    {
        var e = x.Element;
        var r = x.Rank;
        var src = n.Use(x);
        var selfMap = TextualIrBuilder.Map(r + 1, Enumerable.Range(0, r).Select(d => $"d{d}"));
        var alongMap = TextualIrBuilder.Map(r + 1, Enumerable.Range(0, r).Select(d => d == axis ? $"d{r}" : $"d{d}"));
        var rankType = ImportedTensor.TypeText(ElementType.I64, x.Shape);
        var zeros = n.B.Op($"linalg.fill ins({n.B.IntConstant(ElementType.I64, 0)} : i64) outs({n.B.Empty(ElementType.I64, x.Shape)} : {rankType}) -> {rankType}");
        var reduction = Enumerable.Range(0, r + 1).Select(d => d == r).ToArray();
        string Before(string other, string mine) => e.IsFloat
            ? n.B.Op($"arith.cmpf {(largest ? "ogt" : "olt")}, {other}, {mine} : {e.Mlir}")
            : n.B.Op($"arith.cmpi {(largest ? (e.IsUnsigned ? "ugt" : "sgt") : (e.IsUnsigned ? "ult" : "slt"))}, {other}, {mine} : {e.Mlir}");
        string Equal(string other, string mine) => e.IsFloat ? n.B.Op($"arith.cmpf oeq, {other}, {mine} : {e.Mlir}") : n.B.Op($"arith.cmpi eq, {other}, {mine} : {e.Mlir}");
        var ranks = n.B.Generic([new(src, x.Type, selfMap, e.Mlir), new(src, x.Type, alongMap, e.Mlir)],
            [new(zeros, rankType, selfMap, "i64")], reduction, a =>
            {
                var j = n.B.Op($"linalg.index {r} : index");
                var p = n.B.Op($"linalg.index {axis} : index");
                var tie = n.B.Op($"arith.andi {Equal(a[1], a[0])}, {n.B.Op($"arith.cmpi ult, {j}, {p} : index")} : i1");
                var ahead = n.B.Op($"arith.ori {Before(a[1], a[0])}, {tie} : i1");
                return [n.B.Op($"arith.addi {a[2]}, {n.B.Op($"arith.extui {ahead} : i1 to i64")} : i64")];
            })[0];
        var shape = x.Shape.Select((d, i) => i == axis ? k : d).ToArray();
        var valueType = ImportedTensor.TypeText(e, shape);
        var indexType = ImportedTensor.TypeText(ElementType.I64, shape);
        var valueInit = n.B.Empty(e, shape);
        var indexInit = n.B.Empty(ElementType.I64, shape);
        var picked = n.B.Generic([new(src, x.Type, alongMap, e.Mlir), new(ranks, rankType, alongMap, "i64")],
            [new(valueInit, valueType, selfMap, e.Mlir), new(indexInit, indexType, selfMap, "i64")], reduction, a =>
            {
                var j = n.B.Op($"arith.index_cast {n.B.Op($"linalg.index {r} : index")} : index to i64");
                var slot = n.B.Op($"arith.index_cast {n.B.Op($"linalg.index {axis} : index")} : index to i64");
                var hit = n.B.Op($"arith.cmpi eq, {a[1]}, {slot} : i64");
                return [n.B.Op($"arith.select {hit}, {a[0]}, {a[2]} : {e.Mlir}"), n.B.Op($"arith.select {hit}, {j}, {a[3]} : i64")];
            });
        return (new ImportedTensor(e, shape, picked[0]), new ImportedTensor(ElementType.I64, shape, picked[1]));
    }
}

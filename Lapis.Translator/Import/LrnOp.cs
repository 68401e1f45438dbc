namespace Lapis.Translator.Import;

/// <summary>
/// LRN (local response normalization across channels) → the squares padded with zeros along the
/// channel axis, one linalg.generic summing a window of <c>size</c> channels (a reduction dimension
/// read at <c>c + k</c>), then <c>x / (bias + alpha/size · sum)^beta</c> elementwise.
/// </summary>
public static class LrnOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["LRN"] = n =>
    {
        var x = n.Input(0);
        var size = n.Int("size", 0);
        if (size <= 0) throw n.Error("attribute 'size' must be positive");
        var (alpha, beta, bias) = (n.Float("alpha", 1e-4f), n.Float("beta", 0.75f), n.Float("bias", 1f));
        var e = x.Element;
        if (!e.IsFloat) throw n.Unsupported($"element type {e}");
        if (x.Rank < 3 || x.Shape[1] < 0) throw n.Error($"input must be N x C x D1... with a static C, not {x.Type}");
        var (lo, hi) = ((size - 1) / 2, size - 1 - (size - 1) / 2);
        var squares = Broadcast.Elementwise(n, [x], e, a => n.B.Op($"arith.mulf {a[0]}, {a[0]} : {e.Mlir}"));
        var padShape = x.Shape.Select((s, d) => d == 1 ? s + lo + hi : s).ToArray();
        var padded = n.B.Fresh();
        var args = string.Join(", ", padShape.Select(_ => $"{n.B.Fresh()}: index"));
        var zero = n.B.Constant(e, 0);
        var low = string.Join(", ", x.Shape.Select((_, d) => d == 1 ? lo : 0));
        var high = string.Join(", ", x.Shape.Select((_, d) => d == 1 ? hi : 0));
        var padType = ImportedTensor.TypeText(e, padShape);
        n.B.Line($"{padded} = tensor.pad {squares.Ssa} low[{low}] high[{high}] {{\n    ^bb0({args}):\n      tensor.yield {zero} : {e.Mlir}\n    }} : {squares.Type} to {padType}");
        var rank = x.Rank;
        var k = rank;
        var padMap = TextualIrBuilder.Map(rank + 1, Enumerable.Range(0, rank).Select(d => d == 1 ? $"d1 + d{k}" : $"d{d}"));
        var windowType = ImportedTensor.TypeText(e, [size]);
        var window = n.B.Op($"tensor.empty() : {windowType}");
        var acc = n.B.Fill(e, 0, n.B.Empty(e, x.Shape, d => n.B.Dim(x, d)), x.Type);
        var sums = n.B.Generic([new(padded, padType, padMap, e.Mlir), new(window, windowType, TextualIrBuilder.Map(rank + 1, [$"d{k}"]), e.Mlir)],
            [new(acc, x.Type, TextualIrBuilder.Map(rank + 1, Enumerable.Range(0, rank).Select(d => $"d{d}")), e.Mlir)],
            Enumerable.Range(0, rank + 1).Select(d => d == k).ToArray(), a => [n.B.Op($"arith.addf {a[2]}, {a[0]} : {e.Mlir}")]);
        var sum = new ImportedTensor(e, x.Shape, sums[0]);
        return [Broadcast.Elementwise(n, [x, sum], e, a =>
        {
            var scaled = n.B.Op($"arith.mulf {a[1]}, {n.B.Constant(e, alpha / size)} : {e.Mlir}");
            var denominator = n.B.Op($"math.powf {n.B.Op($"arith.addf {scaled}, {n.B.Constant(e, bias)} : {e.Mlir}")}, {n.B.Constant(e, beta)} : {e.Mlir}");
            return n.B.Op($"arith.divf {a[0]}, {denominator} : {e.Mlir}");
        })];
    };
}

namespace Lapis.Translator.Import;

/// <summary>
/// DFT (opset 17) → one linalg.generic over the output [..., K, ..., 2] reducing over the signal
/// index j along <c>axis</c>: Σ_j x_j · e^(∓2πi·kj/N) (the inverse with +, divided by N), for real
/// ([..., 1]) or complex ([..., 2]) input, onesided (K = N/2 + 1) or full, with a constant
/// dft_length (the signal zero-padded or truncated to it). The phase kj mod N is exact integer arithmetic.
/// </summary>
public static class DftOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["DFT"] = n =>
    {
        var x = n.Input(0);
        var axis = (int)n.Int("axis", 1);
        var inverse = n.Int("inverse", 0) != 0;
        var onesided = n.Int("onesided", 0) != 0;
        if (!x.IsStatic) throw n.Unsupported("DFT of a dynamic shape");
        if (axis < 0) axis += x.Rank;
        if (x.Rank < 2 || axis == 0 || axis >= x.Rank - 1 || x.Shape[^1] is not (1 or 2)) throw n.Error($"DFT needs [batch, ..., 1 or 2] and an axis among the signal dimensions, not {x.Type} and axis {axis}");
        if (onesided && inverse) throw n.Unsupported("onesided inverse DFT");
        var e = x.Element;
        if (!e.IsFloat) throw n.Unsupported($"DFT of {e}");
        var length = n.Optional(1) is null ? x.Shape[axis] : n.ConstantInput(1, "dft_length").GetInt(0);
        if (length <= 0) throw n.Error($"dft_length {length} must be positive");
        var complex = x.Shape[^1] == 2;
        var outShape = x.Shape.ToArray();
        outShape[axis] = onesided ? length / 2 + 1 : length;
        outShape[^1] = 2;
        var rank = x.Rank;
        var src = n.Use(x);
        var type = ImportedTensor.TypeText(e, outShape);
        var init = n.B.Fill(e, 0, n.B.Empty(e, outShape), type);
        var used = Math.Min(length, x.Shape[axis]);  // samples past the input are zeros
        var steps = ImportedTensor.Constant(TensorData.FromInts(ElementType.I8, [used], new long[used]));
        var r = n.B.Generic([new(n.Use(steps), steps.Type, TextualIrBuilder.Map(rank + 1, [$"d{rank}"]), "i8")],
            [new(init, type, TextualIrBuilder.Map(rank + 1, Enumerable.Range(0, rank).Select(d => $"d{d}")), e.Mlir)],
            Enumerable.Range(0, rank + 1).Select(d => d == rank).ToArray(), a =>
            {
                var j = n.B.Op($"linalg.index {rank} : index");
                var k = n.B.Op($"linalg.index {axis} : index");
                var part = n.B.Op($"linalg.index {rank - 1} : index");
                var coords = Enumerable.Range(0, rank - 1).Select(d => d == axis ? j : n.B.Op($"linalg.index {d} : index")).ToList();
                var re = n.B.Op($"tensor.extract {src}[{string.Join(", ", coords.Append(n.B.Index(0)))}] : {x.Type}");
                var im = complex ? n.B.Op($"tensor.extract {src}[{string.Join(", ", coords.Append(n.B.Index(1)))}] : {x.Type}") : n.B.Constant(e, 0);
                var phase = n.B.Op($"arith.remui {n.B.Op($"arith.muli {k}, {j} : index")}, {n.B.Index(length)} : index");
                var f = ElementType.F64;
                var theta = n.B.Op($"arith.mulf {n.B.Op($"arith.uitofp {n.B.Op($"arith.index_cast {phase} : index to i64")} : i64 to f64")}, {n.B.Constant(f, 2 * Math.PI / length)} : f64");
                var cos = ElementwiseOps.Convert(n.B, n.B.Op($"math.cos {theta} : f64"), f, e);
                var sin = ElementwiseOps.Convert(n.B, n.B.Op($"math.sin {theta} : f64"), f, e);
                string Mul(string p, string q) => n.B.Op($"arith.mulf {p}, {q} : {e.Mlir}");
                // forward: (re + i·im)(cos - i·sin); inverse: (re + i·im)(cos + i·sin), then / N.
                var realPart = inverse ? n.B.Op($"arith.subf {Mul(re, cos)}, {Mul(im, sin)} : {e.Mlir}") : n.B.Op($"arith.addf {Mul(re, cos)}, {Mul(im, sin)} : {e.Mlir}");
                var imagPart = inverse ? n.B.Op($"arith.addf {Mul(im, cos)}, {Mul(re, sin)} : {e.Mlir}") : n.B.Op($"arith.subf {Mul(im, cos)}, {Mul(re, sin)} : {e.Mlir}");
                var isReal = n.B.Op($"arith.cmpi eq, {part}, {n.B.Index(0)} : index");
                var term = n.B.Op($"arith.select {isReal}, {realPart}, {imagPart} : {e.Mlir}");
                if (inverse) term = n.B.Op($"arith.divf {term}, {n.B.Constant(e, length)} : {e.Mlir}");
                return [n.B.Op($"arith.addf {a[1]}, {term} : {e.Mlir}")];
            });
        return [new ImportedTensor(e, outShape, r[0])];
    };
}

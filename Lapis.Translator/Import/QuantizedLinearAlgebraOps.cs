namespace Lapis.Translator.Import;

/// <summary>
/// Integer and quantized products: MatMulInteger and ConvInteger (8-bit operands minus their zero
/// points, widened to i32, then MatMul / Conv in i32), QLinearMatMul and QLinearConv (the same i32
/// accumulation, plus QLinearConv's i32 bias, requantized: saturate(round_half_even(acc · sa · sb / sy) + zy)
/// in f32, as ONNX Runtime computes it). Zero points: scalars, or per row of A / per column of B
/// (MatMulInteger), per output channel of W (ConvInteger, QLinearConv).
/// </summary>
public static class QuantizedLinearAlgebraOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["MatMulInteger"] = n => [IntegerMatMul(n, n.Input(0), n.Optional(2), n.Input(1), n.Optional(3))];
        t["ConvInteger"] = n => [IntegerConv(n, n.Input(0), n.Optional(2), n.Input(1), n.Optional(3), null)];
        t["QLinearMatMul"] = n =>
        {
            var (a, sa, za, b, sb, zb, sy, zy) = (n.Input(0), n.Input(1), n.Input(2), n.Input(3), n.Input(4), n.Input(5), n.Input(6), n.Input(7));
            foreach (var s in new[] { sa, sb, sy }) RequireScalar(n, s, "a scale");
            return [Requantize(n, IntegerMatMul(n, a, za, b, zb), sa, sb, sy, zy, 1)];
        };
        t["QLinearConv"] = n =>
        {
            var (x, sx, zx, w, sw, zw, sy, zy) = (n.Input(0), n.Input(1), n.Input(2), n.Input(3), n.Input(4), n.Input(5), n.Input(6), n.Input(7));
            RequireScalar(n, sx, "x_scale");
            RequireScalar(n, sy, "y_scale");
            return [Requantize(n, IntegerConv(n, x, zx, w, zw, n.Optional(8)), sx, sw, sy, zy, 1)];
        };
    }

    private static void RequireScalar(NodeContext n, ImportedTensor t, string what)
    {
        if (t.ElementCount != 1) throw n.Unsupported($"per-axis {what} ({t.Type})");
    }

    private static void CheckEightBit(NodeContext n, ImportedTensor t)
    {
        if (t.Element != ElementType.U8 && t.Element != ElementType.I8) throw n.Unsupported($"operand of {t.Element}");
    }

    /// <summary>t - zero (i32); the zero point is a scalar or 1-D along <paramref name="axis"/> of t.</summary>
    private static ImportedTensor Widen(NodeContext n, ImportedTensor t, ImportedTensor? zero, int axis)
    {
        CheckEightBit(n, t);
        var i32 = ElementType.I32;
        if (zero is null) return ElementwiseOps.CastTo(n, t, i32);
        if (zero.Element != t.Element) throw n.Error($"the zero point ({zero.Element}) must have its operand's type ({t.Element})");
        var zeroMap = zero.ElementCount == 1 && zero.Rank <= 1 ? TextualIrBuilder.Map(t.Rank, zero.Rank == 0 ? [] : ["0"])
            : zero.Rank == 1 && zero.Shape[0] == t.Shape[axis] ? TextualIrBuilder.Map(t.Rank, [$"d{axis}"])
            : throw n.Unsupported($"zero point {zero.Type} for an operand {t.Type}");
        var init = n.B.Empty(i32, t.Shape, d => n.B.Dim(t, d));
        var type = ImportedTensor.TypeText(i32, t.Shape);
        var r = n.B.Generic([new(n.Use(t), t.Type, TextualIrBuilder.IdentityMap(t.Rank), t.Element.Mlir), new(n.Use(zero), zero.Type, zeroMap, zero.Element.Mlir)],
            [new(init, type, TextualIrBuilder.IdentityMap(t.Rank), "i32")], new bool[t.Rank], a =>
                [n.B.Op($"arith.subi {ElementwiseOps.Convert(n.B, a[0], t.Element, i32)}, {ElementwiseOps.Convert(n.B, a[1], zero.Element, i32)} : i32")]);
        return new ImportedTensor(i32, t.Shape, r[0]);
    }

    private static ImportedTensor IntegerMatMul(NodeContext n, ImportedTensor a, ImportedTensor? za, ImportedTensor b, ImportedTensor? zb)
    {
        if (a.Rank < 2 || b.Rank < 2) throw n.Unsupported("1-D operands");
        return MatMulOps.MatMul(n, Widen(n, a, za, a.Rank - 2), Widen(n, b, zb, b.Rank - 1), false, false);
    }

    private static ImportedTensor IntegerConv(NodeContext n, ImportedTensor x, ImportedTensor? zx, ImportedTensor w, ImportedTensor? zw, ImportedTensor? bias)
    {
        if (zx is not null && zx.ElementCount != 1) throw n.Unsupported($"per-channel x_zero_point ({zx.Type})");
        if (bias is not null && bias.Element != ElementType.I32) throw n.Error("the bias must be int32");
        // Padding after the widening pads with x's zero point, which adds nothing (as ONNX Runtime pads).
        return ConvolutionOps.Conv(n, Widen(n, x, zx, 1), Widen(n, w, zw, 0), bias);
    }

    /// <summary>saturate(round_half_even(acc · sa · sb / sy) + zy) into zy's 8-bit type; sb may be per output channel (along <paramref name="channelAxis"/>).</summary>
    private static ImportedTensor Requantize(NodeContext n, ImportedTensor acc, ImportedTensor sa, ImportedTensor sb, ImportedTensor sy, ImportedTensor zy, int channelAxis)
    {
        CheckEightBit(n, zy);
        var f = ElementType.F32;
        if (sa.Element != f || sb.Element != f || sy.Element != f) throw n.Unsupported("scales other than float32");
        string ScalarMap(ImportedTensor s) => TextualIrBuilder.Map(acc.Rank, s.Rank == 0 ? [] : Enumerable.Repeat("0", s.Rank));
        var sbMap = sb.ElementCount == 1 ? ScalarMap(sb)
            : sb.Rank == 1 && acc.Rank > channelAxis && sb.Shape[0] == acc.Shape[channelAxis] && n.OpType == "QLinearConv" ? TextualIrBuilder.Map(acc.Rank, [$"d{channelAxis}"])
            : throw n.Unsupported($"per-axis b/w scale {sb.Type}");
        RequireScalar(n, zy, "y_zero_point");
        var ins = new[] { (acc, TextualIrBuilder.IdentityMap(acc.Rank)), (sa, ScalarMap(sa)), (sb, sbMap), (sy, ScalarMap(sy)), (zy, ScalarMap(zy)) };
        var target = zy.Element;
        var init = n.B.Empty(target, acc.Shape, d => n.B.Dim(acc, d));
        var type = ImportedTensor.TypeText(target, acc.Shape);
        var r = n.B.Generic(ins.Select(i => new TextualIrBuilder.Operand(n.Use(i.Item1), i.Item1.Type, i.Item2, i.Item1.Element.Mlir)).ToArray(),
            [new(init, type, TextualIrBuilder.IdentityMap(acc.Rank), target.Mlir)], new bool[acc.Rank], a =>
            {
                var scale = n.B.Op($"arith.divf {n.B.Op($"arith.mulf {a[1]}, {a[2]} : f32")}, {a[3]} : f32");
                var v = n.B.Op($"math.roundeven {n.B.Op($"arith.mulf {ElementwiseOps.Convert(n.B, a[0], ElementType.I32, f)}, {scale} : f32")} : f32");
                v = n.B.Op($"arith.addf {v}, {ElementwiseOps.Convert(n.B, a[4], target, f)} : f32");
                var (lo, hi) = target.IsUnsigned ? (0, 255) : (-128, 127);
                v = n.B.Op($"arith.minimumf {n.B.Op($"arith.maximumf {v}, {n.B.Constant(f, lo)} : f32")}, {n.B.Constant(f, hi)} : f32");
                return [ElementwiseOps.Convert(n.B, v, f, target)];
            });
        return new ImportedTensor(target, acc.Shape, r[0]);
    }
}

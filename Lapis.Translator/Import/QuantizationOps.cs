namespace Lapis.Translator.Import;

/// <summary>
/// Linear quantization (QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear) → elementwise
/// linalg.generics: y = saturate(round_half_even(x / scale) + zero_point), x = (q - zero_point) · scale,
/// with a scalar or per-axis (1-D, along <c>axis</c>) scale and zero point, as ONNX specifies.
/// </summary>
public static class QuantizationOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["QuantizeLinear"] = n =>
        {
            var (x, scale, zero) = (n.Input(0), n.Input(1), n.Optional(2));
            var axis = Axis(n, x);
            var target = zero?.Element ?? ElementType.U8;
            CheckQuantized(n, target);
            return [Quantize(n, x, scale, zero, axis, target)];
        };
        t["DequantizeLinear"] = n =>
        {
            var (x, scale, zero) = (n.Input(0), n.Input(1), n.Optional(2));
            var axis = Axis(n, x);
            if (!(x.Element == ElementType.U8 || x.Element == ElementType.I8 || x.Element == ElementType.I32)) throw n.Unsupported($"input of {x.Element}");
            var f = scale.Element;
            return [PerAxis(n, x, scale, zero, axis, f, (v, s, z) =>
            {
                var q = ElementwiseOps.Convert(n.B, v, x.Element, f);
                if (z is not null) q = n.B.Op($"arith.subf {q}, {ElementwiseOps.Convert(n.B, z, zero!.Element, f)} : {f.Mlir}");
                return n.B.Op($"arith.mulf {q}, {s} : {f.Mlir}");
            })];
        };
        t["DynamicQuantizeLinear"] = n =>
        {
            var x = n.Input(0);
            var f = x.Element;
            if (f != ElementType.F32) throw n.Unsupported($"input of {f}");
            var all = Enumerable.Range(0, x.Rank).ToHashSet();
            // Range [min(0, min x), max(0, max x)]: reductions start at 0.
            var lo = ReductionOps.Reduce(n, x, all, false, 0, (c, e, acc, v) => c.B.Op($"arith.minimumf {acc}, {v} : {e.Mlir}"));
            var hi = ReductionOps.Reduce(n, x, all, false, 0, (c, e, acc, v) => c.B.Op($"arith.maximumf {acc}, {v} : {e.Mlir}"));
            var scale = Broadcast.Elementwise(n, [lo, hi], f, a =>
                n.B.Op($"arith.divf {n.B.Op($"arith.subf {a[1]}, {a[0]} : f32")}, {n.B.Constant(f, 255)} : f32"));
            var zero = Broadcast.Elementwise(n, [lo, scale], ElementType.U8, a =>
                Saturate(n, n.B.Op($"math.roundeven {n.B.Op($"arith.divf {n.B.Op($"arith.negf {a[0]} : f32")}, {a[1]} : f32")} : f32"), f, ElementType.U8));
            return [Quantize(n, x, scale, zero, 0, ElementType.U8), scale, zero];
        };
    }

    private static int Axis(NodeContext n, ImportedTensor x)
    {
        var axis = (int)(n.Opset >= 13 ? n.Int("axis", 1) : 1);
        return axis < 0 ? axis + x.Rank : axis;
    }

    private static void CheckQuantized(NodeContext n, ElementType e)
    {
        if (e != ElementType.U8 && e != ElementType.I8) throw n.Unsupported($"quantized type {e}");
    }

    private static ImportedTensor Quantize(NodeContext n, ImportedTensor x, ImportedTensor scale, ImportedTensor? zero, int axis, ElementType target)
    {
        var f = scale.Element;
        if (!f.IsFloat) throw n.Error("y_scale must be a floating-point tensor");
        if (!(x.Element.IsFloat || x.Element == ElementType.I32)) throw n.Unsupported($"input of {x.Element}");
        return PerAxis(n, x, scale, zero, axis, target, (v, s, z) =>
        {
            var q = n.B.Op($"math.roundeven {n.B.Op($"arith.divf {ElementwiseOps.Convert(n.B, v, x.Element, f)}, {s} : {f.Mlir}")} : {f.Mlir}");
            if (z is not null) q = n.B.Op($"arith.addf {q}, {ElementwiseOps.Convert(n.B, z, target, f)} : {f.Mlir}");
            return Saturate(n, q, f, target);
        });
    }

    /// <summary>Clamps the float <paramref name="v"/> to the range of the 8-bit <paramref name="target"/> and converts it.</summary>
    private static string Saturate(NodeContext n, string v, ElementType f, ElementType target)
    {
        var (lo, hi) = target.IsUnsigned ? (0, 255) : (-128, 127);
        var c = n.B.Op($"arith.minimumf {n.B.Op($"arith.maximumf {v}, {n.B.Constant(f, lo)} : {f.Mlir}")}, {n.B.Constant(f, hi)} : {f.Mlir}");
        return ElementwiseOps.Convert(n.B, c, f, target);
    }

    /// <summary>
    /// An elementwise generic over <paramref name="x"/> whose scale and zero point are scalars or
    /// 1-D along <paramref name="axis"/>; <paramref name="body"/> gets (x, scale, zero point or null).
    /// </summary>
    private static ImportedTensor PerAxis(NodeContext n, ImportedTensor x, ImportedTensor scale, ImportedTensor? zero, int axis, ElementType result,
        Func<string, string, string?, string> body)
    {
        string MapOf(ImportedTensor p, string what)
        {
            if (p.Rank == 0 || p.Rank == 1 && p.Shape[0] == 1 && x.Rank != 1)
                return TextualIrBuilder.Map(x.Rank, p.Rank == 0 ? [] : ["0"]);
            if (p.Rank == 1 && axis >= 0 && axis < x.Rank && (p.Shape[0] == x.Shape[axis] || p.Shape[0] < 0 || x.Shape[axis] < 0))
                return TextualIrBuilder.Map(x.Rank, [$"d{axis}"]);
            throw n.Error($"{what} must be a scalar or a 1-D tensor of the length of dimension {axis} of the input");
        }
        var ins = new List<TextualIrBuilder.Operand>
        {
            new(n.Use(x), x.Type, TextualIrBuilder.IdentityMap(x.Rank), x.Element.Mlir),
            new(n.Use(scale), scale.Type, MapOf(scale, "the scale"), scale.Element.Mlir),
        };
        if (zero is not null) ins.Add(new(n.Use(zero), zero.Type, MapOf(zero, "the zero point"), zero.Element.Mlir));
        var init = n.B.Empty(result, x.Shape, d => n.B.Dim(x, d));
        var type = ImportedTensor.TypeText(result, x.Shape);
        var r = n.B.Generic(ins, [new(init, type, TextualIrBuilder.IdentityMap(x.Rank), result.Mlir)], new bool[x.Rank],
            a => [body(a[0], a[1], zero is null ? null : a[2])]);
        return new ImportedTensor(result, x.Shape, r[0]);
    }
}

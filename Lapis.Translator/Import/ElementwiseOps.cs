namespace Lapis.Translator.Import;

/// <summary>
/// Elementwise ONNX ops (unary math and activations, broadcasting binary and variadic ops,
/// comparisons, logic, Where, Clip, Cast) → one linalg.generic each with arith/math bodies.
/// Small integer computations on constants (shape arithmetic) are folded at import time.
/// </summary>
public static class ElementwiseOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        Unary(t, "Abs", (b, e, x) => e.IsFloat ? b.Op($"math.absf {x} : {e.Mlir}") : e.IsUnsigned ? x : b.Op($"math.absi {x} : {e.Mlir}"), Math.Abs);
        Unary(t, "Neg", (b, e, x) => e.IsFloat ? b.Op($"arith.negf {x} : {e.Mlir}") : b.Op($"arith.subi {b.IntConstant(e, 0)}, {x} : {e.Mlir}"), v => -v);
        foreach (var (onnx, math) in new[] { ("Exp", "exp"), ("Log", "log"), ("Sqrt", "sqrt"), ("Tanh", "tanh"), ("Erf", "erf"), ("Sin", "sin"),
                     ("Cos", "cos"), ("Tan", "tan"), ("Asin", "asin"), ("Acos", "acos"), ("Atan", "atan"), ("Sinh", "sinh"), ("Cosh", "cosh"),
                     ("Asinh", "asinh"), ("Acosh", "acosh"), ("Atanh", "atanh"), ("Floor", "floor"), ("Ceil", "ceil"), ("Round", "roundeven") })
            FloatUnary(t, onnx, (n, b, e, x) => b.Op($"math.{math} {x} : {e.Mlir}"));
        FloatUnary(t, "Reciprocal", (n, b, e, x) => b.Op($"arith.divf {b.Constant(e, 1)}, {x} : {e.Mlir}"));
        FloatUnary(t, "Sigmoid", (n, b, e, x) => Sigmoid(b, e, x));
        FloatUnary(t, "Softplus", (n, b, e, x) => b.Op($"math.log {b.Op($"arith.addf {b.Op($"math.exp {x} : {e.Mlir}")}, {b.Constant(e, 1)} : {e.Mlir}")} : {e.Mlir}"));
        FloatUnary(t, "Softsign", (n, b, e, x) => b.Op($"arith.divf {x}, {b.Op($"arith.addf {b.Op($"math.absf {x} : {e.Mlir}")}, {b.Constant(e, 1)} : {e.Mlir}")} : {e.Mlir}"));
        Unary(t, "Relu", (b, e, x) => e.IsFloat
            ? b.Op($"arith.select {b.Op($"arith.cmpf ugt, {x}, {b.Constant(e, 0)} : {e.Mlir}")}, {x}, {b.Constant(e, 0)} : {e.Mlir}")
            : b.Op($"arith.maxsi {x}, {b.IntConstant(e, 0)} : {e.Mlir}"), v => Math.Max(v, 0));
        FloatUnaryWith(t, "LeakyRelu", n => [n.Float("alpha", 0.01f)], (b, e, x, a) =>
            b.Op($"arith.select {Cmp(b, e, "olt", x, b.Constant(e, 0))}, {Mul(b, e, x, b.Constant(e, a[0]))}, {x} : {e.Mlir}"));
        FloatUnaryWith(t, "Elu", n => [n.Float("alpha", 1f)], (b, e, x, a) =>
            b.Op($"arith.select {Cmp(b, e, "olt", x, b.Constant(e, 0))}, {Mul(b, e, ExpM1(b, e, x), b.Constant(e, a[0]))}, {x} : {e.Mlir}"));
        FloatUnaryWith(t, "Selu", n => [n.Float("alpha", 1.67326319217681884765625f), n.Float("gamma", 1.05070102214813232421875f)], (b, e, x, a) =>
            Mul(b, e, b.Op($"arith.select {Cmp(b, e, "ole", x, b.Constant(e, 0))}, {Mul(b, e, ExpM1(b, e, x), b.Constant(e, a[0]))}, {x} : {e.Mlir}"), b.Constant(e, a[1])));
        FloatUnaryWith(t, "Celu", n => [n.Float("alpha", 1f)], (b, e, x, a) =>
        {
            var scaled = ExpM1(b, e, b.Op($"arith.divf {x}, {b.Constant(e, a[0])} : {e.Mlir}"));
            var neg = b.Op($"arith.minimumf {Mul(b, e, scaled, b.Constant(e, a[0]))}, {b.Constant(e, 0)} : {e.Mlir}");
            return b.Op($"arith.addf {b.Op($"arith.maximumf {x}, {b.Constant(e, 0)} : {e.Mlir}")}, {neg} : {e.Mlir}");
        });
        FloatUnaryWith(t, "HardSigmoid", n => [n.Float("alpha", 0.2f), n.Float("beta", 0.5f)], (b, e, x, a) =>
            Clamp01(b, e, b.Op($"arith.addf {Mul(b, e, x, b.Constant(e, a[0]))}, {b.Constant(e, a[1])} : {e.Mlir}")));
        FloatUnary(t, "HardSwish", (n, b, e, x) =>
            Mul(b, e, x, Clamp01(b, e, b.Op($"arith.addf {Mul(b, e, x, b.Constant(e, 1.0 / 6))}, {b.Constant(e, 0.5)} : {e.Mlir}"))));
        FloatUnaryWith(t, "ThresholdedRelu", n => [n.Float("alpha", 1f)], (b, e, x, a) =>
            b.Op($"arith.select {Cmp(b, e, "ogt", x, b.Constant(e, a[0]))}, {x}, {b.Constant(e, 0)} : {e.Mlir}"));
        FloatUnaryWith(t, "Shrink", n => [n.Float("bias", 0f), n.Float("lambd", 0.5f)], (b, e, x, a) =>
        {
            var low = b.Op($"arith.addf {x}, {b.Constant(e, a[0])} : {e.Mlir}");
            var high = b.Op($"arith.subf {x}, {b.Constant(e, a[0])} : {e.Mlir}");
            var inner = b.Op($"arith.select {Cmp(b, e, "ogt", x, b.Constant(e, a[1]))}, {high}, {b.Constant(e, 0)} : {e.Mlir}");
            return b.Op($"arith.select {Cmp(b, e, "olt", x, b.Constant(e, -a[1]))}, {low}, {inner} : {e.Mlir}");
        });
        Unary(t, "Sign", (b, e, x) =>
        {
            var zero = e.IsFloat ? b.Constant(e, 0) : b.IntConstant(e, 0);
            var pos = e.IsFloat ? Cmp(b, e, "ogt", x, zero) : b.Op($"arith.cmpi {(e.IsUnsigned ? "ugt" : "sgt")}, {x}, {zero} : {e.Mlir}");
            var neg = e.IsFloat ? Cmp(b, e, "olt", x, zero) : b.Op($"arith.cmpi slt, {x}, {zero} : {e.Mlir}");
            var one = e.IsFloat ? b.Constant(e, 1) : b.IntConstant(e, 1);
            var minus = e.IsFloat ? b.Constant(e, -1) : b.IntConstant(e, -1);
            return b.Op($"arith.select {pos}, {one}, {b.Op($"arith.select {neg}, {minus}, {zero} : {e.Mlir}")} : {e.Mlir}");
        }, v => Math.Sign(v));
        t["Not"] = n => [Broadcast.Elementwise(n, [n.Input(0)], ElementType.Bool, a => n.B.Op($"arith.xori {a[0]}, {n.B.Op("arith.constant true")} : i1"))];
        t["IsNaN"] = n => [Broadcast.Elementwise(n, [n.Input(0)], ElementType.Bool, a => n.B.Op($"arith.cmpf uno, {a[0]}, {a[0]} : {n.Input(0).Element.Mlir}"))];
        t["IsInf"] = n =>
        {
            var (neg, pos) = (n.Int("detect_negative", 1) != 0, n.Int("detect_positive", 1) != 0);
            var x = n.Input(0);
            return [Broadcast.Elementwise(n, [x], ElementType.Bool, a =>
            {
                var e = x.Element;
                if (neg && pos) return n.B.Op($"math.isinf {a[0]} : {e.Mlir}");
                return Cmp(n.B, e, "oeq", a[0], n.B.Constant(e, neg ? double.NegativeInfinity : pos ? double.PositiveInfinity : double.NaN));
            })];
        };
        t["Identity"] = n => [n.Input(0)];
        t["Dropout"] = n =>
        {
            n.Float("ratio", 0.5f);
            n.Int("seed", 0);
            if (n.Optional(2) is { } training && (training.Data is null || training.Data.GetInt(0) != 0))
            {
                // Training drops elements at random, except with ratio 0: then it is the identity too.
                var ratio = n.Optional(1) is null ? 0.5 : n.Optional(1)!.Data?.Doubles()[0];
                if (ratio != 0) throw n.Unsupported("training mode with a ratio that is not a constant 0 (random dropout)");
            }
            var x = n.Input(0);
            var mask = n.WantsOutput(1) ? Broadcast.Elementwise(n, [x], ElementType.Bool, _ => n.B.Op("arith.constant true")) : null;
            return [x, mask];
        };

        Binary(t, "Add", (b, e, x, y) => b.Op($"arith.add{(e.IsFloat ? "f" : "i")} {x}, {y} : {e.Mlir}"), (x, y) => x + y);
        Binary(t, "Sub", (b, e, x, y) => b.Op($"arith.sub{(e.IsFloat ? "f" : "i")} {x}, {y} : {e.Mlir}"), (x, y) => x - y);
        Binary(t, "Mul", (b, e, x, y) => b.Op($"arith.mul{(e.IsFloat ? "f" : "i")} {x}, {y} : {e.Mlir}"), (x, y) => x * y);
        Binary(t, "Div", (b, e, x, y) => b.Op($"arith.div{(e.IsFloat ? "f" : e.IsUnsigned ? "ui" : "si")} {x}, {y} : {e.Mlir}"), (x, y) => y == 0 ? 0 : x / y);
        Binary(t, "Max", (b, e, x, y) => b.Op($"arith.{(e.IsFloat ? "maximumf" : e.IsUnsigned ? "maxui" : "maxsi")} {x}, {y} : {e.Mlir}"), Math.Max, variadic: true);
        Binary(t, "Min", (b, e, x, y) => b.Op($"arith.{(e.IsFloat ? "minimumf" : e.IsUnsigned ? "minui" : "minsi")} {x}, {y} : {e.Mlir}"), Math.Min, variadic: true);
        Binary(t, "Sum", (b, e, x, y) => b.Op($"arith.add{(e.IsFloat ? "f" : "i")} {x}, {y} : {e.Mlir}"), (x, y) => x + y, variadic: true);
        t["Mean"] = n =>
        {
            var ins = n.Inputs.ToArray();
            return [Broadcast.Elementwise(n, ins, ins[0].Element, a =>
            {
                var e = ins[0].Element;
                var acc = a[0];
                for (var i = 1; i < a.Length; i++) acc = n.B.Op($"arith.addf {acc}, {a[i]} : {e.Mlir}");
                return n.B.Op($"arith.divf {acc}, {n.B.Constant(e, a.Length)} : {e.Mlir}");
            })];
        };
        t["Pow"] = n =>
        {
            var (x, y) = (n.Input(0), n.Input(1));
            var e = x.Element;
            return [Broadcast.Elementwise(n, [x, y], e, a =>
            {
                var f = e.IsFloat ? e : ElementType.F64;
                var bx = Convert(n.B, a[0], e, f);
                var by = Convert(n.B, a[1], y.Element, f);
                return Convert(n.B, n.B.Op($"math.powf {bx}, {by} : {f.Mlir}"), f, e);
            })];
        };
        t["Mod"] = n =>
        {
            var fmod = n.Int("fmod", 0) != 0;
            var (x, y) = (n.Input(0), n.Input(1));
            var e = x.Element;
            if (e.IsFloat && !fmod) throw n.Error("fmod must be 1 for floating-point inputs");
            return [Broadcast.Elementwise(n, [x, y], e, a =>
            {
                if (e.IsFloat) return n.B.Op($"arith.remf {a[0]}, {a[1]} : {e.Mlir}");
                if (e.IsUnsigned) return n.B.Op($"arith.remui {a[0]}, {a[1]} : {e.Mlir}");
                var r = n.B.Op($"arith.remsi {a[0]}, {a[1]} : {e.Mlir}");
                if (fmod) return r;
                // Python's %: the result takes the divisor's sign.
                var zero = n.B.IntConstant(e, 0);
                var nonzero = n.B.Op($"arith.cmpi ne, {r}, {zero} : {e.Mlir}");
                var signs = n.B.Op($"arith.xori {n.B.Op($"arith.cmpi slt, {r}, {zero} : {e.Mlir}")}, {n.B.Op($"arith.cmpi slt, {a[1]}, {zero} : {e.Mlir}")} : i1");
                var fix = n.B.Op($"arith.andi {nonzero}, {signs} : i1");
                return n.B.Op($"arith.select {fix}, {n.B.Op($"arith.addi {r}, {a[1]} : {e.Mlir}")}, {r} : {e.Mlir}");
            })];
        };
        t["BitShift"] = n =>
        {
            var left = n.String("direction", "") switch { "LEFT" => true, "RIGHT" => false, var d => throw n.Unsupported($"direction '{d}'") };
            var (x, y) = (n.Input(0), n.Input(1));
            return [Broadcast.Elementwise(n, [x, y], x.Element, a => n.B.Op($"arith.{(left ? "shli" : "shrui")} {a[0]}, {a[1]} : {x.Element.Mlir}"))];
        };
        t["PRelu"] = n =>
        {
            var (x, slope) = (n.Input(0), n.Input(1));
            var e = x.Element;
            return [Broadcast.Elementwise(n, [x, slope], e, a =>
                n.B.Op($"arith.select {Cmp(n.B, e, "olt", a[0], n.B.Constant(e, 0))}, {Mul(n.B, e, a[0], a[1])}, {a[0]} : {e.Mlir}"), Broadcast.Shape(n, [x]))];
        };
        Compare(t, "Equal", "oeq", "eq", "eq", (x, y) => x == y);
        Compare(t, "Less", "olt", "slt", "ult", (x, y) => x < y);
        Compare(t, "Greater", "ogt", "sgt", "ugt", (x, y) => x > y);
        Compare(t, "LessOrEqual", "ole", "sle", "ule", (x, y) => x <= y);
        Compare(t, "GreaterOrEqual", "oge", "sge", "uge", (x, y) => x >= y);
        foreach (var (op, arith) in new[] { ("And", "andi"), ("Or", "ori"), ("Xor", "xori") })
            t[op] = n => [Broadcast.Elementwise(n, [n.Input(0), n.Input(1)], ElementType.Bool, a => n.B.Op($"arith.{arith} {a[0]}, {a[1]} : i1"))];
        t["Where"] = n =>
        {
            var (c, x, y) = (n.Input(0), n.Input(1), n.Input(2));
            if (c.Data is not null && x.Data is not null && y.Data is not null && x.Element.IsInteger && c.Data.Count <= 4096 && x.Data.Count <= 4096 && y.Data.Count <= 4096)
            {
                var shape = Broadcast.Shape(n, [c, x, y]);
                var count = shape.Aggregate(1L, (p, q) => p * q);
                var values = Enumerable.Range(0, (int)count).Select(i => c.Data.GetInt(Broadcast.SourceIndex(c.Shape, shape, i)) != 0
                    ? x.Data.GetInt(Broadcast.SourceIndex(x.Shape, shape, i)) : y.Data.GetInt(Broadcast.SourceIndex(y.Shape, shape, i))).ToArray();
                return [ImportedTensor.Constant(TensorData.FromInts(x.Element, shape, values))];
            }
            return [Broadcast.Elementwise(n, [c, x, y], x.Element, a => n.B.Op($"arith.select {a[0]}, {a[1]}, {a[2]} : {x.Element.Mlir}"))];
        };
        t["Clip"] = n =>
        {
            var x = n.Input(0);
            var e = x.Element;
            var ins = new List<ImportedTensor> { x };
            double? minAttr = null, maxAttr = null;
            if (n.Opset < 11)
            {
                minAttr = n.Float("min", float.NegativeInfinity);
                maxAttr = n.Float("max", float.PositiveInfinity);
            }
            var min = n.Opset >= 11 ? n.Optional(1) : null;
            var max = n.Opset >= 11 ? n.Optional(2) : null;
            if (min is not null) ins.Add(min);
            if (max is not null) ins.Add(max);
            return [Broadcast.Elementwise(n, ins, e, a =>
            {
                var v = a[0];
                var k = 1;
                string? lo = min is not null ? a[k++] : minAttr is { } m ? n.B.Constant(e, m) : null;
                string? hi = max is not null ? a[k++] : maxAttr is { } M ? n.B.Constant(e, M) : null;
                if (lo is not null) v = n.B.Op($"arith.{(e.IsFloat ? "maximumf" : e.IsUnsigned ? "maxui" : "maxsi")} {v}, {lo} : {e.Mlir}");
                if (hi is not null) v = n.B.Op($"arith.{(e.IsFloat ? "minimumf" : e.IsUnsigned ? "minui" : "minsi")} {v}, {hi} : {e.Mlir}");
                return v;
            }, Broadcast.Shape(n, [x]))];
        };
        t["Cast"] = n =>
        {
            var to = (int)n.Int("to", 0);
            n.Int("saturate", 1);
            var target = ElementType.FromOnnx(to) ?? throw n.Unsupported($"cast to {ElementType.OnnxName(to)}");
            return [CastTo(n, n.Input(0), target)];
        };
        t["CastLike"] = n => [CastTo(n, n.Input(0), n.Input(1).Element)];
    }

    public static ImportedTensor CastTo(NodeContext n, ImportedTensor x, ElementType target)
    {
        if (x.Element == target) return x;
        if (x.Data is { } d && x.ElementCount <= 4096)
            return ImportedTensor.Constant(target.IsFloat
                ? TensorData.FromDoubles(target, x.Shape, d.Doubles())
                : target.IsBool ? TensorData.FromInts(target, x.Shape, d.Doubles().Select(v => v != 0 ? 1L : 0L).ToArray())
                : x.Element.IsFloat ? TensorData.FromInts(target, x.Shape, d.Doubles().Select(v => (long)v).ToArray())
                : TensorData.FromInts(target, x.Shape, d.Ints()));
        return Broadcast.Elementwise(n, [x], target, a => Convert(n.B, a[0], x.Element, target));
    }

    /// <summary>Scalar conversion between element types with ONNX Cast semantics.</summary>
    public static string Convert(TextualIrBuilder b, string v, ElementType from, ElementType to)
    {
        if (from == to || (from.Mlir == to.Mlir && !to.IsBool)) return v;
        if (to.IsBool)
            return from.IsFloat ? b.Op($"arith.cmpf une, {v}, {b.Constant(from, 0)} : {from.Mlir}") : b.Op($"arith.cmpi ne, {v}, {b.IntConstant(from, 0)} : {from.Mlir}");
        if (from.IsFloat && to.IsFloat)
            return b.Op($"arith.{(from.Bytes < to.Bytes || (from.Bytes == to.Bytes && to.Mlir == "f32") ? "extf" : "truncf")} {v} : {from.Mlir} to {to.Mlir}");
        if (from.IsFloat) return b.Op($"arith.{(to.IsUnsigned ? "fptoui" : "fptosi")} {v} : {from.Mlir} to {to.Mlir}");
        if (to.IsFloat) return b.Op($"arith.{(from.IsUnsigned || from.IsBool ? "uitofp" : "sitofp")} {v} : {from.Mlir} to {to.Mlir}");
        if (from.Bits < to.Bits) return b.Op($"arith.{(from.IsUnsigned || from.IsBool ? "extui" : "extsi")} {v} : {from.Mlir} to {to.Mlir}");
        return b.Op($"arith.trunci {v} : {from.Mlir} to {to.Mlir}");
    }

    public static string Cmp(TextualIrBuilder b, ElementType e, string predicate, string x, string y) => b.Op($"arith.cmpf {predicate}, {x}, {y} : {e.Mlir}");
    public static string Mul(TextualIrBuilder b, ElementType e, string x, string y) => b.Op($"arith.mulf {x}, {y} : {e.Mlir}");
    public static string ExpM1(TextualIrBuilder b, ElementType e, string x) => b.Op($"arith.subf {b.Op($"math.exp {x} : {e.Mlir}")}, {b.Constant(e, 1)} : {e.Mlir}");
    public static string Sigmoid(TextualIrBuilder b, ElementType e, string x) =>
        b.Op($"arith.divf {b.Constant(e, 1)}, {b.Op($"arith.addf {b.Constant(e, 1)}, {b.Op($"math.exp {b.Op($"arith.negf {x} : {e.Mlir}")} : {e.Mlir}")} : {e.Mlir}")} : {e.Mlir}");
    private static string Clamp01(TextualIrBuilder b, ElementType e, string x) =>
        b.Op($"arith.minimumf {b.Op($"arith.maximumf {x}, {b.Constant(e, 0)} : {e.Mlir}")}, {b.Constant(e, 1)} : {e.Mlir}");

    private static void Unary(Dictionary<string, OpImporter> t, string op, Func<TextualIrBuilder, ElementType, string, string> body, Func<long, long>? fold = null) =>
        t[op] = n =>
        {
            var x = n.Input(0);
            if (fold is not null && x.Element.IsInteger && x.Data is { Count: <= 4096 } d)
                return [ImportedTensor.Constant(TensorData.FromInts(x.Element, x.Shape, d.Ints().Select(fold).ToArray()))];
            return [Broadcast.Elementwise(n, [x], x.Element, a => body(n.B, x.Element, a[0]))];
        };

    private static void FloatUnary(Dictionary<string, OpImporter> t, string op, Func<NodeContext, TextualIrBuilder, ElementType, string, string> body) =>
        t[op] = n =>
        {
            var x = n.Input(0);
            if (!x.Element.IsFloat) throw n.Unsupported($"element type {x.Element}");
            return [Broadcast.Elementwise(n, [x], x.Element, a => body(n, n.B, x.Element, a[0]))];
        };

    private static void FloatUnaryWith(Dictionary<string, OpImporter> t, string op, Func<NodeContext, float[]> attributes, Func<TextualIrBuilder, ElementType, string, float[], string> body) =>
        t[op] = n =>
        {
            var a = attributes(n);
            var x = n.Input(0);
            if (!x.Element.IsFloat) throw n.Unsupported($"element type {x.Element}");
            return [Broadcast.Elementwise(n, [x], x.Element, args => body(n.B, x.Element, args[0], a))];
        };

    private static void Binary(Dictionary<string, OpImporter> t, string op, Func<TextualIrBuilder, ElementType, string, string, string> body, Func<long, long, long> fold, bool variadic = false) =>
        t[op] = n =>
        {
            var ins = variadic ? n.Inputs.ToArray() : [n.Input(0), n.Input(1)];
            var e = ins[0].Element;
            if (n.Opset < 7 && n.Has("broadcast")) n.Int("broadcast", 0);
            if (e.IsInteger && ins.All(i => i.Data is { Count: <= 4096 }))
            {
                var shape = Broadcast.Shape(n, ins);
                var count = shape.Aggregate(1L, (p, q) => p * q);
                var values = Enumerable.Range(0, (int)count).Select(i => ins.Skip(1).Aggregate(ins[0].Data!.GetInt(Broadcast.SourceIndex(ins[0].Shape, shape, i)),
                    (acc, x) => fold(acc, x.Data!.GetInt(Broadcast.SourceIndex(x.Shape, shape, i))))).ToArray();
                return [ImportedTensor.Constant(TensorData.FromInts(e, shape, values))];
            }
            return [Broadcast.Elementwise(n, ins, e, a => a.Skip(1).Aggregate(a[0], (acc, x) => body(n.B, e, acc, x)))];
        };

    private static void Compare(Dictionary<string, OpImporter> t, string op, string f, string s, string u, Func<long, long, bool> fold) =>
        t[op] = n =>
        {
            var (x, y) = (n.Input(0), n.Input(1));
            var e = x.Element;
            if (e.IsInteger && x.Data is { Count: <= 4096 } && y.Data is { Count: <= 4096 })
            {
                var shape = Broadcast.Shape(n, [x, y]);
                var count = shape.Aggregate(1L, (p, q) => p * q);
                var values = Enumerable.Range(0, (int)count).Select(i => fold(x.Data.GetInt(Broadcast.SourceIndex(x.Shape, shape, i)), y.Data.GetInt(Broadcast.SourceIndex(y.Shape, shape, i))) ? 1L : 0L).ToArray();
                return [ImportedTensor.Constant(TensorData.FromInts(ElementType.Bool, shape, values))];
            }
            return [Broadcast.Elementwise(n, [x, y], ElementType.Bool, a => e.IsFloat
                ? n.B.Op($"arith.cmpf {f}, {a[0]}, {a[1]} : {e.Mlir}")
                : n.B.Op($"arith.cmpi {(e.IsUnsigned || e.IsBool ? u : s)}, {a[0]}, {a[1]} : {e.Mlir}"))];
        };
}

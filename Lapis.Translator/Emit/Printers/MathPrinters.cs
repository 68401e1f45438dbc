using Lapis.Native.Ir;
using static Lapis.Translator.Emit.Printers.PrinterSupport;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// math dialect on scalars → <c>lapis_math::</c> wrappers over the Kokkos math functions
/// (float/double overloads; f16/bf16 computed in float), and <c>lapis_rt::</c> helpers for the
/// integer ops. Functions Kokkos 3.4 lacks (round, copysign, rsqrt, isnormal) are written
/// out in the helpers; fma is fused only from Kokkos 4.
/// </summary>
internal static class MathPrinters
{
    /// <summary>math op → Kokkos function of the same meaning.</summary>
    private static readonly (string Op, string Function)[] UnaryKokkos =
    [
        ("math.sqrt", "sqrt"), ("math.cbrt", "cbrt"), ("math.absf", "fabs"),
        ("math.exp", "exp"), ("math.exp2", "exp2"), ("math.expm1", "expm1"),
        ("math.log", "log"), ("math.log10", "log10"), ("math.log2", "log2"), ("math.log1p", "log1p"),
        ("math.sin", "sin"), ("math.cos", "cos"), ("math.tan", "tan"),
        ("math.asin", "asin"), ("math.acos", "acos"), ("math.atan", "atan"),
        ("math.sinh", "sinh"), ("math.cosh", "cosh"), ("math.tanh", "tanh"),
        ("math.asinh", "asinh"), ("math.acosh", "acosh"), ("math.atanh", "atanh"),
        ("math.erf", "erf"), ("math.erfc", "erfc"),
        ("math.ceil", "ceil"), ("math.floor", "floor"), ("math.trunc", "trunc"),
        // Ties to even in the default rounding mode, which Kokkos programs do not change.
        ("math.roundeven", "nearbyint"),
    ];

    public static void Register(OpPrinterTable table)
    {
        foreach (var (opName, function) in UnaryKokkos)
            table.Add(opName, (e, op) => FloatOp(e, op, e.Helpers.Math(function)));
        table.Add("math.rsqrt", (e, op) => FloatHelperOp(e, op, Helper.Rsqrt, "rsqrt"));
        table.Add("math.round", (e, op) => FloatHelperOp(e, op, Helper.Round, "round"));
        table.Add("math.powf", (e, op) => FloatOp(e, op, e.Helpers.Math("pow")));
        table.Add("math.atan2", (e, op) => FloatOp(e, op, e.Helpers.Math("atan2")));
        table.Add("math.copysign", (e, op) => FloatHelperOp(e, op, Helper.CopySign, "copysign"));
        table.Add("math.fma", (e, op) => FloatHelperOp(e, op, Helper.Fma, "fma"));
        table.Add("math.fpowi", FPowI);
        table.Add("math.clampf", ClampF);
        table.Add("math.sincos", SinCos);

        table.Add("math.isnan", (e, op) => Classify(e, op, e.Helpers.Math("isnan")));
        table.Add("math.isinf", (e, op) => Classify(e, op, e.Helpers.Math("isinf")));
        table.Add("math.isfinite", (e, op) => Classify(e, op, e.Helpers.Math("isfinite")));
        table.Add("math.isnormal", IsNormal);

        table.Add("math.absi", AbsI);
        table.Add("math.ipowi", IPowI);
        table.Add("math.ctlz", (e, op) => BitCount(e, op, Helper.CountLeadingZeros, "ctlz"));
        table.Add("math.cttz", (e, op) => BitCount(e, op, Helper.CountTrailingZeros, "cttz"));
        table.Add("math.ctpop", (e, op) => BitCount(e, op, Helper.PopCount, "ctpop"));
    }

    /// <summary><c>T v = lapis_math::f(operands...);</c></summary>
    private static void FloatOp(CppEmitter e, Operation op, string function)
    {
        var result = ScalarResult(op);
        e.Define(result, FloatCall(e, function, result.Type, floatResult: true, op.Location, op.Operands.ToArray()));
    }

    private static void FloatHelperOp(CppEmitter e, Operation op, Helper helper, string function)
    {
        e.Helpers.Require(helper);
        FloatOp(e, op, "lapis_math::" + function);
    }

    /// <summary>math.fpowi: float base, integer exponent.</summary>
    private static void FPowI(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        var pow = e.Helpers.Math("pow");
        var t = e.Types.Scalar(result.Type, op.Location);
        var (b, x) = (op.Operand(0), op.Operand(1));
        e.Define(result, CppTypes.IsSmallFloat(result.Type)
            ? Cast(t, $"{pow}({Cast("float", e.Expr(b))}, {Cast("float", e.Expr(x))})")
            : $"{pow}({e.TypedExpr(b)}, {Cast(t, e.Expr(x))})");
    }

    /// <summary>math.clampf as MLIR expands it: maximumf(minimumf(value, min), max).</summary>
    private static void ClampF(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        e.Helpers.Require(Helper.MinimumF);
        e.Helpers.Require(Helper.MaximumF);
        var small = CppTypes.IsSmallFloat(result.Type);
        string Arg(Value v) => small ? Cast("float", e.Expr(v)) : e.TypedExpr(v);
        var call = $"lapis_math::maximumf(lapis_math::minimumf({Arg(op.Operand(0))}, {Arg(op.Operand(1))}), {Arg(op.Operand(2))})";
        e.Define(result, small ? Cast(e.Types.Scalar(result.Type, op.Location), call) : call);
    }

    private static void SinCos(CppEmitter e, Operation op)
    {
        var (sin, cos) = (op.Result(0), op.Result(1));
        if (!sin.Type.IsFloat) throw CppTypes.Unsupported(sin.Type, op.Location);
        e.DefineIfUsed(sin, () => FloatCall(e, e.Helpers.Math("sin"), sin.Type, floatResult: true, op.Location, op.Operand(0)));
        e.DefineIfUsed(cos, () => FloatCall(e, e.Helpers.Math("cos"), cos.Type, floatResult: true, op.Location, op.Operand(0)));
    }

    private static void Classify(CppEmitter e, Operation op, string function)
    {
        var result = ScalarResult(op);
        e.Define(result, FloatCall(e, function, op.Operand(0).Type, floatResult: false, op.Location, op.Operand(0)));
    }

    private static void IsNormal(CppEmitter e, Operation op)
    {
        var operand = op.Operand(0);
        if (operand.Type.IsF16)
        {
            e.Helpers.Require(Helper.IsNormalF16);
            e.Define(ScalarResult(op), $"lapis_math::isnormal_f16({Cast("float", e.Expr(operand))})");
            return;
        }
        e.Helpers.Require(Helper.IsNormal);
        Classify(e, op, "lapis_math::isnormal");
    }

    private static void AbsI(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        if (CppTypes.IsBool(result.Type)) { e.Define(result, e.Expr(op.Operand(0))); return; }
        e.Helpers.Require(Helper.AbsI);
        e.Define(result, $"lapis_rt::absi({e.TypedExpr(op.Operand(0))})");
    }

    private static void IPowI(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        if (CppTypes.IsBool(result.Type)) throw CppEmitter.Unsupported(op, "i1 operands");
        e.Helpers.Require(Helper.IPowI);
        e.Define(result, $"lapis_rt::ipowi<{e.Types.Scalar(result.Type, op.Location)}>({e.Expr(op.Operand(0))}, {e.Expr(op.Operand(1))})");
    }

    private static void BitCount(CppEmitter e, Operation op, Helper helper, string function)
    {
        var result = ScalarResult(op);
        if (CppTypes.IsBool(result.Type)) throw CppEmitter.Unsupported(op, "i1 operands");
        e.Helpers.Require(helper);
        e.Define(result, Cast(e.Types.Scalar(result.Type, op.Location), $"lapis_rt::{function}({AsUnsigned(e, op.Operand(0), op.Location)})"));
    }
}

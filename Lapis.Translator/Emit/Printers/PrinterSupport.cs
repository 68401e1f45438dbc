using Lapis.Native.Ir;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit.Printers;

/// <summary>Small pieces the arith and math printers share.</summary>
internal static class PrinterSupport
{
    public static string Cast(string type, string expr) => $"static_cast<{type}>({expr})";

    /// <summary><c>static_cast&lt;U&gt;(x)</c> with U the unsigned type of the operand's width.</summary>
    public static string AsUnsigned(CppEmitter e, Value v, Location at) =>
        CppTypes.IsBool(v.Type) ? e.Expr(v) : Cast(CppTypes.Unsigned(v.Type, at), e.Expr(v));

    /// <summary>
    /// Calls a float/double helper (<c>lapis_math::f(a, b)</c>). f16/bf16 operands go through
    /// float and, when the result is a float of that type, come back with a cast.
    /// </summary>
    public static string FloatCall(CppEmitter e, string function, Type type, bool floatResult, Location at, params Value[] args)
    {
        if (!CppTypes.IsSmallFloat(type))
            return $"{function}({string.Join(", ", args.Select(e.TypedExpr))})";
        var call = $"{function}({string.Join(", ", args.Select(a => Cast("float", e.Expr(a))))})";
        return floatResult ? Cast(e.Types.Scalar(type, at), call) : call;
    }

    /// <summary>The single result of a value-producing op, checking it is a scalar (vectors and tensors are out of scope).</summary>
    public static Value ScalarResult(Operation op)
    {
        if (op.ResultCount != 1) throw CppEmitter.Unsupported(op, $"expected one result, found {op.ResultCount}");
        var result = op.Result(0);
        var t = result.Type;
        if (!(t.IsIndex || t.IsInteger || t.IsFloat)) throw CppTypes.Unsupported(t, op.Location);
        return result;
    }
}

using Lapis.Native.Ir;
using Type = Lapis.Native.Ir.Type;
using static Lapis.Translator.Emit.Printers.PrinterSupport;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// arith dialect on scalars (index → int64_t, i1 → bool). Integers are signless in MLIR:
/// the unsigned ops cast to the unsigned type of the same width. Scalar constants are
/// printed as literals where used. add/sub/mul and the shifts are defined C++ wherever MLIR's
/// op is (wrapping, masked shift amounts): <see cref="WrappingArithmetic"/> states the rule.
/// </summary>
internal static class ArithPrinters
{
    public static void Register(OpPrinterTable table)
    {
        table.Add("arith.constant", Constant);

        table.Add("arith.addi", WrappingArithmetic.AddI);
        table.Add("arith.subi", WrappingArithmetic.SubI);
        table.Add("arith.muli", WrappingArithmetic.MulI);
        table.Add("arith.divsi", (e, op) => IntBinary(e, op, "/"));
        table.Add("arith.remsi", (e, op) => IntBinary(e, op, "%"));
        table.Add("arith.divui", (e, op) => UnsignedBinary(e, op, "/"));
        table.Add("arith.remui", (e, op) => UnsignedBinary(e, op, "%"));
        table.Add("arith.ceildivsi", (e, op) => SignedHelper(e, op, Helper.CeilDivSI, "ceildivsi"));
        table.Add("arith.floordivsi", (e, op) => SignedHelper(e, op, Helper.FloorDivSI, "floordivsi"));
        table.Add("arith.ceildivui", CeilDivUI);
        table.Add("arith.andi", (e, op) => IntBinary(e, op, "&", boolForm: "{0} && {1}"));
        table.Add("arith.ori", (e, op) => IntBinary(e, op, "|", boolForm: "{0} || {1}"));
        table.Add("arith.xori", XorI);
        table.Add("arith.shli", (e, op) => WrappingArithmetic.Shift(e, op, "<<", unsigned: true));
        table.Add("arith.shrui", (e, op) => WrappingArithmetic.Shift(e, op, ">>", unsigned: true));
        table.Add("arith.shrsi", (e, op) => WrappingArithmetic.Shift(e, op, ">>", unsigned: false));
        table.Add("arith.addui_extended", AddUIExtended);
        table.Add("arith.mului_extended", (e, op) => MulExtended(e, op, signed: false));
        table.Add("arith.mulsi_extended", (e, op) => MulExtended(e, op, signed: true));

        table.Add("arith.addf", (e, op) => FloatBinary(e, op, "+"));
        table.Add("arith.subf", (e, op) => FloatBinary(e, op, "-"));
        table.Add("arith.mulf", (e, op) => FloatBinary(e, op, "*"));
        table.Add("arith.divf", (e, op) => FloatBinary(e, op, "/"));
        table.Add("arith.remf", (e, op) => FloatHelper(e, op, e.Helpers.Math("fmod")));
        table.Add("arith.negf", (e, op) => e.Define(ScalarResult(op), $"-{e.Expr(op.Operand(0))}"));

        table.Add("arith.cmpi", CmpI);
        table.Add("arith.cmpf", CmpF);
        table.Add("arith.select", Select);

        table.Add("arith.minsi", (e, op) => IntMinMax(e, op, "<", unsigned: false));
        table.Add("arith.maxsi", (e, op) => IntMinMax(e, op, ">", unsigned: false));
        table.Add("arith.minui", (e, op) => IntMinMax(e, op, "<", unsigned: true));
        table.Add("arith.maxui", (e, op) => IntMinMax(e, op, ">", unsigned: true));
        table.Add("arith.minimumf", (e, op) => { e.Helpers.Require(Helper.MinimumF); FloatHelper(e, op, "lapis_math::minimumf"); });
        table.Add("arith.maximumf", (e, op) => { e.Helpers.Require(Helper.MaximumF); FloatHelper(e, op, "lapis_math::maximumf"); });
        table.Add("arith.minnumf", (e, op) => FloatHelper(e, op, e.Helpers.Math("fmin")));
        table.Add("arith.maxnumf", (e, op) => FloatHelper(e, op, e.Helpers.Math("fmax")));

        table.Add("arith.extsi", ExtSI);
        table.Add("arith.extui", ExtUI);
        table.Add("arith.trunci", (e, op) => Truncate(e, op));
        table.Add("arith.index_cast", IndexCast);
        table.Add("arith.index_castui", IndexCastUI);
        table.Add("arith.sitofp", SIToFP);
        table.Add("arith.uitofp", UIToFP);
        table.Add("arith.fptosi", (e, op) => FPToInt(e, op, unsigned: false));
        table.Add("arith.fptoui", (e, op) => FPToInt(e, op, unsigned: true));
        table.Add("arith.extf", FloatConvert);
        table.Add("arith.truncf", FloatConvert);
        table.Add("arith.bitcast", BitCast);
    }

    private static string T(CppEmitter e, Value v, Operation op) => e.Types.Scalar(v.Type, op.Location);

    // -------------------------------------------------------------------------------------------
    // Constants
    // -------------------------------------------------------------------------------------------

    private static void Constant(CppEmitter e, Operation op)
    {
        var value = op.Attribute("value");
        var result = op.Result(0);
        var type = result.Type;
        if (type.IsVector)
        {
            VectorPrinters.Constant(e, op);
            return;
        }
        if (value.IsInteger && CppTypes.IsIntegerLike(type))
        {
            e.Types.Scalar(type, op.Location); // checks the width
            e.BindLiteral(result, CppLiterals.Integer(value.IntegerValue, type));
        }
        else if (value.IsFloat && type.IsFloat)
            e.BindLiteral(result, CppLiterals.Float(value.FloatValue, type, e.Types.Scalar(type, op.Location), e.Helpers));
        else
            throw CppEmitter.Unsupported(op, $"constant of type '{type}' (only scalar constants are printed)");
    }

    // -------------------------------------------------------------------------------------------
    // Integer arithmetic
    // -------------------------------------------------------------------------------------------

    private static void IntBinary(CppEmitter e, Operation op, string cppOperator, string? boolForm = null)
    {
        var result = ScalarResult(op);
        var (a, b) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)));
        e.Define(result, boolForm is not null && CppTypes.IsBool(result.Type) ? string.Format(boolForm, a, b) : $"{a} {cppOperator} {b}");
    }

    private static void XorI(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        if (CppTypes.IsBool(result.Type))
        {
            // xori %x, true is how MLIR spells "not".
            if (e.Expr(op.Operand(1)) == "true") { e.Define(result, $"!{e.Expr(op.Operand(0))}"); return; }
            if (e.Expr(op.Operand(0)) == "true") { e.Define(result, $"!{e.Expr(op.Operand(1))}"); return; }
        }
        IntBinary(e, op, "^", boolForm: "{0} != {1}");
    }

    /// <summary><c>static_cast&lt;T&gt;(static_cast&lt;U&gt;(a) op static_cast&lt;U&gt;(b))</c>.</summary>
    private static void UnsignedBinary(CppEmitter e, Operation op, string cppOperator)
    {
        var result = ScalarResult(op);
        var a = AsUnsigned(e, op.Operand(0), op.Location);
        var b = AsUnsigned(e, op.Operand(1), op.Location);
        e.Define(result, Cast(T(e, result, op), $"{a} {cppOperator} {b}"));
    }

    private static void SignedHelper(CppEmitter e, Operation op, Helper helper, string function)
    {
        var result = ScalarResult(op);
        e.Helpers.Require(helper);
        e.Define(result, $"lapis_rt::{function}<{T(e, result, op)}>({e.Expr(op.Operand(0))}, {e.Expr(op.Operand(1))})");
    }

    private static void CeilDivUI(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        e.Helpers.Require(Helper.CeilDivUI);
        var call = $"lapis_rt::ceildivui({AsUnsigned(e, op.Operand(0), op.Location)}, {AsUnsigned(e, op.Operand(1), op.Location)})";
        e.Define(result, Cast(T(e, result, op), call));
    }

    private static void IntMinMax(CppEmitter e, Operation op, string compare, bool unsigned)
    {
        var result = ScalarResult(op);
        var (a, b) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)));
        if (CppTypes.IsBool(result.Type))
        {
            // i1 as signed: true is -1, the smaller value; as unsigned: true is 1.
            var takesTrue = (compare == "<") != unsigned;
            e.Define(result, takesTrue ? $"{a} || {b}" : $"{a} && {b}");
            return;
        }
        var (ca, cb) = unsigned ? (AsUnsigned(e, op.Operand(0), op.Location), AsUnsigned(e, op.Operand(1), op.Location)) : (a, b);
        e.Define(result, $"{ca} {compare} {cb} ? {a} : {b}");
    }

    private static void AddUIExtended(CppEmitter e, Operation op)
    {
        var (sum, overflow) = (op.Result(0), op.Result(1));
        var (a, b) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)));
        if (CppTypes.IsBool(sum.Type))
        {
            e.DefineIfUsed(sum, () => $"{a} != {b}");
            e.DefineIfUsed(overflow, () => $"{a} && {b}");
            return;
        }
        var t = T(e, sum, op);
        // The overflow bit reads the sum, so the sum is always printed.
        var s = e.Define(sum, Cast(t, $"{AsUnsigned(e, op.Operand(0), op.Location)} + {AsUnsigned(e, op.Operand(1), op.Location)}"));
        var u = CppTypes.Unsigned(sum.Type, op.Location);
        e.DefineIfUsed(overflow, () => $"{Cast(u, s)} < {Cast(u, a)}");
    }

    /// <summary>arith.mului_extended / mulsi_extended: the low and high halves of the double-width product.</summary>
    private static void MulExtended(CppEmitter e, Operation op, bool signed)
    {
        var (low, high) = (op.Result(0), op.Result(1));
        var type = low.Type;
        if (CppTypes.IsBool(type)) throw CppEmitter.Unsupported(op, "i1 operands");
        var t = T(e, low, op);
        var bits = CppTypes.IntegerBits(type);
        var (ua, ub) = (AsUnsigned(e, op.Operand(0), op.Location), AsUnsigned(e, op.Operand(1), op.Location));
        if (bits == 64)
        {
            if (high.HasUses) e.Helpers.Require(Helper.MulHi64);
            e.DefineIfUsed(low, () => Cast(t, $"{ua} * {ub}"));
            e.DefineIfUsed(high, () => signed
                ? Cast(t, $"lapis_rt::mulhi_s64({e.Expr(op.Operand(0))}, {e.Expr(op.Operand(1))})")
                : Cast(t, $"lapis_rt::mulhi_u64({ua}, {ub})"));
            return;
        }
        e.DefineIfUsed(low, () => Cast(t, $"{Cast("uint64_t", ua)} * {ub}"));
        e.DefineIfUsed(high, () => signed
            ? Cast(t, $"({Cast("int64_t", e.Expr(op.Operand(0)))} * {Cast("int64_t", e.Expr(op.Operand(1)))}) >> {bits}")
            : Cast(t, $"({Cast("uint64_t", ua)} * {ub}) >> {bits}"));
    }

    // -------------------------------------------------------------------------------------------
    // Floating point
    // -------------------------------------------------------------------------------------------

    private static void FloatBinary(CppEmitter e, Operation op, string cppOperator) =>
        e.Define(ScalarResult(op), $"{e.Expr(op.Operand(0))} {cppOperator} {e.Expr(op.Operand(1))}");

    private static void FloatHelper(CppEmitter e, Operation op, string function)
    {
        var result = ScalarResult(op);
        e.Define(result, FloatCall(e, function, result.Type, floatResult: true, op.Location, op.Operand(0), op.Operand(1)));
    }

    // -------------------------------------------------------------------------------------------
    // Comparisons and select
    // -------------------------------------------------------------------------------------------

    private static readonly string[] CmpIOperators = ["==", "!=", "<", "<=", ">", ">=", "<", "<=", ">", ">="];

    private static void CmpI(CppEmitter e, Operation op)
    {
        var predicate = (int)op.Attribute("predicate").IntegerValue;
        if (predicate is < 0 or > 9) throw CppEmitter.Unsupported(op, $"predicate {predicate}");
        var (lhs, rhs) = (op.Operand(0), op.Operand(1));
        var isUnsigned = predicate >= 6;
        var isSigned = predicate is >= 2 and <= 5;
        string a, b;
        if (CppTypes.IsBool(lhs.Type))
            // i1 as signed: true is -1, so signed order is unsigned order reversed.
            (a, b) = isSigned ? (e.Expr(rhs), e.Expr(lhs)) : (e.Expr(lhs), e.Expr(rhs));
        else if (isUnsigned)
            (a, b) = (AsUnsigned(e, lhs, op.Location), AsUnsigned(e, rhs, op.Location));
        else
            (a, b) = (e.Expr(lhs), e.Expr(rhs));
        e.Define(op.Result(0), $"{a} {CmpIOperators[predicate]} {b}");
    }

    private static void CmpF(CppEmitter e, Operation op)
    {
        var predicate = (int)op.Attribute("predicate").IntegerValue;
        var (lhs, rhs) = (op.Operand(0), op.Operand(1));
        var (a, b) = (e.Expr(lhs), e.Expr(rhs));
        string Unordered() =>
            $"{FloatCall(e, e.Helpers.Math("isnan"), lhs.Type, false, op.Location, lhs)} || {FloatCall(e, e.Helpers.Math("isnan"), rhs.Type, false, op.Location, rhs)}";
        // Ordered predicates are false on NaN, as the C++ relational operators are; unordered
        // ones are the negation of the opposite ordered comparison. != is already unordered.
        var expr = predicate switch
        {
            0 => "false",
            1 => $"{a} == {b}",
            2 => $"{a} > {b}",
            3 => $"{a} >= {b}",
            4 => $"{a} < {b}",
            5 => $"{a} <= {b}",
            6 => $"{a} < {b} || {a} > {b}",
            7 => $"!({Unordered()})",
            8 => $"!({a} < {b} || {a} > {b})",
            9 => $"!({a} <= {b})",
            10 => $"!({a} < {b})",
            11 => $"!({a} >= {b})",
            12 => $"!({a} > {b})",
            13 => $"{a} != {b}",
            14 => Unordered(),
            15 => "true",
            _ => throw CppEmitter.Unsupported(op, $"predicate {predicate}"),
        };
        e.Define(op.Result(0), expr);
    }

    private static void Select(CppEmitter e, Operation op)
    {
        if (!CppTypes.IsBool(op.Operand(0).Type)) throw CppEmitter.Unsupported(op, "a vector condition");
        e.Define(op.Result(0), $"{e.Expr(op.Operand(0))} ? {e.Expr(op.Operand(1))} : {e.Expr(op.Operand(2))}");
    }

    // -------------------------------------------------------------------------------------------
    // Conversions
    // -------------------------------------------------------------------------------------------

    /// <summary>Sign extension; i1 true extends to -1.</summary>
    private static string SignExtend(CppEmitter e, Operation op, Value from, string to) =>
        CppTypes.IsBool(from.Type) ? Cast(to, $"{e.Expr(from)} ? -1 : 0") : Cast(to, e.Expr(from));

    private static string ZeroExtend(CppEmitter e, Operation op, Value from, string to) =>
        Cast(to, AsUnsigned(e, from, op.Location));

    private static void ExtSI(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        e.Define(result, SignExtend(e, op, op.Operand(0), T(e, result, op)));
    }

    private static void ExtUI(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        e.Define(result, ZeroExtend(e, op, op.Operand(0), T(e, result, op)));
    }

    /// <summary>Keeps the low bits (i1: the lowest bit).</summary>
    private static void Truncate(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        var from = op.Operand(0);
        if (CppTypes.IsBool(result.Type) && !CppTypes.IsBool(from.Type))
            e.Define(result, Cast("bool", $"{e.Expr(from)} & 1"));
        else
            e.Define(result, Cast(T(e, result, op), e.Expr(from)));
    }

    private static void IndexCast(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        var from = op.Operand(0);
        if (CppTypes.IntegerBits(result.Type) > CppTypes.IntegerBits(from.Type))
            e.Define(result, SignExtend(e, op, from, T(e, result, op)));
        else
            Truncate(e, op);
    }

    private static void IndexCastUI(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        var from = op.Operand(0);
        if (CppTypes.IntegerBits(result.Type) > CppTypes.IntegerBits(from.Type))
            e.Define(result, ZeroExtend(e, op, from, T(e, result, op)));
        else
            Truncate(e, op);
    }

    private static void SIToFP(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        var from = op.Operand(0);
        var t = T(e, result, op);
        e.Define(result, CppTypes.IsBool(from.Type) ? Cast(t, $"{e.Expr(from)} ? -1 : 0") : Cast(t, e.Expr(from)));
    }

    private static void UIToFP(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        e.Define(result, Cast(T(e, result, op), AsUnsigned(e, op.Operand(0), op.Location)));
    }

    private static void FPToInt(CppEmitter e, Operation op, bool unsigned)
    {
        var result = ScalarResult(op);
        var from = op.Operand(0);
        var value = CppTypes.IsSmallFloat(from.Type) ? Cast("float", e.Expr(from)) : e.Expr(from);
        if (CppTypes.IsBool(result.Type))
        {
            e.Define(result, $"{Cast("int", value)} != 0");
            return;
        }
        var t = T(e, result, op);
        e.Define(result, unsigned ? Cast(t, Cast(CppTypes.Unsigned(result.Type, op.Location), value)) : Cast(t, value));
    }

    /// <summary>arith.extf / arith.truncf (between f16 and bf16 through float).</summary>
    private static void FloatConvert(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        var from = op.Operand(0);
        var value = CppTypes.IsSmallFloat(from.Type) && CppTypes.IsSmallFloat(result.Type) ? Cast("float", e.Expr(from)) : e.Expr(from);
        e.Define(result, Cast(T(e, result, op), value));
    }

    private static void BitCast(CppEmitter e, Operation op)
    {
        var result = ScalarResult(op);
        var from = op.Operand(0);
        if (CppTypes.IsSmallFloat(result.Type) || CppTypes.IsSmallFloat(from.Type))
            throw CppEmitter.Unsupported(op, "bitcast of f16/bf16 (Kokkos 3.4 stores them as float)");
        if (CppTypes.IsBool(result.Type)) { e.Define(result, e.Expr(from)); return; }
        e.Helpers.Require(Helper.BitCast);
        e.Define(result, $"lapis_rt::bit_cast<{T(e, result, op)}>({e.TypedExpr(from)})");
    }
}

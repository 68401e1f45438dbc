using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using static Lapis.Translator.Emit.Printers.PrinterSupport;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// arith.addi/subi/muli and the shifts as C++ that is defined wherever MLIR's op is. MLIR integers
/// are two's complement and these ops wrap (unless flagged <c>nsw</c>); signed overflow is
/// undefined in C++, and so is a shift by the width or more (poison in MLIR). The rule:
/// <list type="bullet">
/// <item>i1: the boolean forms (<c>!=</c>, <c>&amp;&amp;</c>).</item>
/// <item>i8/i16: the plain operators. C++ promotes both operands to <c>int</c>, where a sum,
/// difference or product of two 16-bit values cannot overflow, and the result is stored in a
/// variable of the narrow type, which keeps the low bits (modular since C++20, and on every
/// compiler Kokkos supports before).</item>
/// <item>i32/i64: <c>lapis_rt::wrapping_add/sub/mul&lt;T&gt;</c>, computed in the unsigned type of the
/// same width — unless the op carries <c>overflow&lt;nsw&gt;</c> (the IR says it does not overflow).</item>
/// <item>index: the plain operators for addressing arithmetic — when every operand is a position
/// or size (<see cref="IsPosition"/>: constants, extents, induction variables, index-typed loads
/// (positions stored by the sparse storage and the lowering), the kokkos target queries, and
/// index arithmetic on them), or when the result only addresses memory (<see cref="OnlyAddresses"/>:
/// an overflowing index would be out of bounds, undefined in MLIR too). The wrapping helpers
/// otherwise: index values computed from data (index_cast of integers, function arguments).</item>
/// <item>Shifts: an amount that is not a constant below the width is masked to the width.</item>
/// </list>
/// </summary>
internal static class WrappingArithmetic
{
    public static void AddI(CppEmitter e, Operation op) => Binary(e, op, "+", "wrapping_add", "{0} != {1}");
    public static void SubI(CppEmitter e, Operation op) => Binary(e, op, "-", "wrapping_sub", "{0} != {1}");
    public static void MulI(CppEmitter e, Operation op) => Binary(e, op, "*", "wrapping_mul", "{0} && {1}");

    private static void Binary(CppEmitter e, Operation op, string cppOperator, string helper, string boolForm)
    {
        var result = ScalarResult(op);
        var (a, b) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)));
        if (CppTypes.IsBool(result.Type)) { e.Define(result, string.Format(boolForm, a, b)); return; }
        if (!Wraps(op)) { e.Define(result, $"{a} {cppOperator} {b}"); return; }
        e.Helpers.Require(Helper.WrappingArithmetic);
        e.Define(result, $"lapis_rt::{helper}<{e.Types.Scalar(result.Type, op.Location)}>({a}, {b})");
    }

    /// <summary>arith.shli, shrsi, shrui: <c>a &lt;&lt; (b &amp; 31)</c> (in the unsigned type for shli and shrui).</summary>
    public static void Shift(CppEmitter e, Operation op, string cppOperator, bool unsigned)
    {
        var result = ScalarResult(op);
        var amount = Amount(e, op.Operand(1));
        if (!unsigned) { e.Define(result, $"{e.Expr(op.Operand(0))} {cppOperator} {amount}"); return; }
        e.Define(result, Cast(e.Types.Scalar(result.Type, op.Location), $"{AsUnsigned(e, op.Operand(0), op.Location)} {cppOperator} {amount}"));
    }

    private static string Amount(CppEmitter e, Value amount)
    {
        var bits = CppTypes.IntegerBits(amount.Type);
        var text = e.Expr(amount);
        if (e.IsLiteral(amount) && long.TryParse(text, out var v) && v >= 0 && v < bits) return text;
        return $"({text} & {bits - 1})";
    }

    /// <summary>Whether an addi/subi/muli needs the wrapping helper (see the rule above).</summary>
    private static bool Wraps(Operation op)
    {
        var type = op.Result(0).Type;
        if (!type.IsIndex && CppTypes.IntegerBits(type) < 32) return false;
        if (op.HasAttribute("overflowFlags") && op.Attribute("overflowFlags").ToString().Contains("nsw", StringComparison.Ordinal)) return false;
        if (!type.IsIndex) return true;
        return !(IsPosition(op.Operand(0), 0) && IsPosition(op.Operand(1), 0) || OnlyAddresses(op.Result(0), 0));
    }

    /// <summary>Every use of the index <paramref name="v"/> is a memref index, directly or through more index arithmetic.</summary>
    public static bool OnlyAddresses(Value v, int depth)
    {
        if (depth > 24 || !v.HasUses) return false;
        foreach (var (user, k) in v.Uses)
        {
            var ok = user.Name switch
            {
                _ when OpEffects.Element(user) is { IsAtomic: false } => k >= OpEffects.FirstIndexOperand(user),
                var n when IndexArithmetic.Contains(n) => OnlyAddresses(user.Result(0), depth + 1),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static readonly HashSet<string> IndexArithmetic =
    [
        "arith.addi", "arith.subi", "arith.muli", "arith.divsi", "arith.divui", "arith.remsi", "arith.remui",
        "arith.ceildivsi", "arith.ceildivui", "arith.floordivsi", "arith.minsi", "arith.maxsi", "arith.minui", "arith.maxui",
    ];

    /// <summary>
    /// A position or size: a constant, an extent (memref.dim/tensor.dim), an induction variable
    /// (scf.for's first block argument, every argument of scf.parallel, scf.forall and the kokkos
    /// loops), an index loaded from memory, a kokkos target query (vector length, concurrency), or
    /// index arithmetic and selects on such values.
    /// </summary>
    public static bool IsPosition(Value v, int depth)
    {
        if (depth > 24) return false;
        if (v.IsBlockArgument)
        {
            var owner = v.OwnerBlock.ParentOperation;
            if (owner.IsNull) return false;
            return owner.Name switch
            {
                "scf.for" => v.ArgumentNumber == 0,
                "scf.parallel" or "scf.forall" => true,
                var n => n.StartsWith("kokkos.", StringComparison.Ordinal) && n.EndsWith("_parallel", StringComparison.Ordinal),
            };
        }
        var op = v.DefiningOp;
        return op.Name switch
        {
            "arith.constant" or "memref.dim" or "tensor.dim" or "kokkos.vector_length" or "kokkos.concurrency" or "kokkos.vector_length_max" => true,
            "memref.load" => op.Result(0).Type.IsIndex,
            "arith.select" => IsPosition(op.Operand(1), depth + 1) && IsPosition(op.Operand(2), depth + 1),
            var n when IndexArithmetic.Contains(n) => IsPosition(op.Operand(0), depth + 1) && IsPosition(op.Operand(1), depth + 1),
            _ => false,
        };
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Type = Lapis.Native.Ir.Type;
using Attribute = Lapis.Native.Ir.Attribute;

namespace Lapis.Translator.Dialect;

/// <summary>
/// An associative, commutative reduction recognized from an <c>scf.reduce</c> region (one
/// arith op combining the two block arguments) or from a read-modify-write: its kokkos kind
/// (the <c>kind</c> of <c>kokkos.update_reduction</c>), the op that joins two partial results,
/// the <c>memref.atomic_rmw</c> kind that performs it atomically, and the identity element
/// (chosen by the element type). The one table of reductions: passes and printers use it.
/// </summary>
public sealed record ReductionKind(string Kind, string JoinOp)
{
    /// <summary>The kokkos kind of additions (Kokkos' built-in sum).</summary>
    public const string Sum = "sum";

    /// <summary>
    /// Arith join op → (kokkos kind, arith::AtomicRMWKind name or null). xori has no atomic here:
    /// scattered xor updates stay serial.
    /// </summary>
    private static readonly Dictionary<string, (string Kind, string? Atomic)> ByJoinOp = new(StringComparer.Ordinal)
    {
        ["arith.addf"] = (Sum, "addf"), ["arith.addi"] = (Sum, "addi"),
        ["arith.mulf"] = ("prod", "mulf"), ["arith.muli"] = ("prod", "muli"),
        ["arith.maximumf"] = ("max", "maximumf"), ["arith.maxsi"] = ("max", "maxs"), ["arith.maxui"] = ("max", "maxu"),
        ["arith.minimumf"] = ("min", "minimumf"), ["arith.minsi"] = ("min", "mins"), ["arith.minui"] = ("min", "minu"),
        ["arith.maxnumf"] = ("maxnumf", "maxnumf"), ["arith.minnumf"] = ("minnumf", "minnumf"),
        ["arith.andi"] = ("and", "andi"), ["arith.ori"] = ("or", "ori"), ["arith.xori"] = ("xor", null),
    };

    /// <summary>The <c>memref.atomic_rmw</c> kind name that performs this reduction on one element, or null.</summary>
    public string? AtomicKind => ByJoinOp[JoinOp].Atomic;

    /// <summary>The reduction an arith op performs when it combines an accumulator with a value, or null.</summary>
    public static ReductionKind? ForJoinOp(string opName) =>
        ByJoinOp.TryGetValue(opName, out var row) ? new ReductionKind(row.Kind, opName) : null;

    /// <summary>The kind of a reduce region, or null when it is not one op over both arguments.</summary>
    public static ReductionKind? Recognize(Region reduceRegion)
    {
        var block = reduceRegion.FirstBlock;
        var ops = block.Operations;
        if (block.ArgumentCount != 2 || ops.Count != 2) return null;
        var join = ops[0];
        if (ForJoinOp(join.Name) is not { } kind || join.OperandCount != 2) return null;
        var args = new HashSet<Value> { block.Argument(0), block.Argument(1) };
        if (!args.SetEquals([join.Operand(0), join.Operand(1)])) return null;
        if (ops[1].OperandCount != 1 || ops[1].Operand(0) != join.Result(0)) return null;
        return kind;
    }

    /// <summary>The identity element of this reduction for <paramref name="type"/>, as an attribute.</summary>
    public Attribute Identity(OpBuilder b, Type type)
    {
        var t = type.ToString();
        var bits = type.IsIndex ? 64 : type.IsInteger ? type.IntegerWidth : type.FloatWidth;
        string Text(string value) => $"{value} : {t}";
        if (type.IsFloat)
            return b.ParseAttribute(Kind switch
            {
                Sum => Text("0.0"),
                "prod" => Text("1.0"),
                "max" or "maxnumf" => Text(FloatInfinity(type, negative: true)),
                "min" or "minnumf" => Text(FloatInfinity(type, negative: false)),
                _ => throw new InvalidOperationException($"no identity for {Kind} on {t}"),
            });
        var unsigned = JoinOp.EndsWith("ui", StringComparison.Ordinal);
        var value = Kind switch
        {
            Sum or "or" or "xor" => "0",
            "prod" => "1",
            "and" => "-1",
            "max" => unsigned ? "0" : IntMin(bits),
            "min" => unsigned ? "-1" : IntMax(bits),
            _ => throw new InvalidOperationException($"no identity for {Kind} on {t}"),
        };
        if (bits == 1 && value is "-1" or "1") value = "true";
        else if (bits == 1 && value == "0") value = "false";
        return b.ParseAttribute(Text(value));
    }

    private static string IntMin(int bits) => bits == 1 ? "0" : (-(System.Numerics.BigInteger.One << (bits - 1))).ToString();
    private static string IntMax(int bits) => bits == 1 ? "-1" : ((System.Numerics.BigInteger.One << (bits - 1)) - 1).ToString();

    /// <summary>±inf as a hex literal, chosen by the element type (bf16 and f16 share a width, not a bit layout).</summary>
    private static string FloatInfinity(Type type, bool negative) =>
        type.IsF64 ? (negative ? "0xFFF0000000000000" : "0x7FF0000000000000")
        : type.IsF32 ? (negative ? "0xFF800000" : "0x7F800000")
        : type.IsBF16 ? (negative ? "0xFF80" : "0x7F80")
        : type.IsF16 ? (negative ? "0xFC00" : "0x7C00")
        : throw new InvalidOperationException($"no infinity for {type}");
}

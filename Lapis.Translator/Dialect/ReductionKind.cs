using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Type = Lapis.Native.Ir.Type;
using Attribute = Lapis.Native.Ir.Attribute;

namespace Lapis.Translator.Passes;

/// <summary>
/// An associative, commutative reduction recognized from an <c>scf.reduce</c> region (one
/// arith op combining the two block arguments): its kokkos kind, the op that joins two
/// partial results, and the identity element.
/// </summary>
public sealed record ReductionKind(string Kind, string JoinOp)
{
    private static readonly Dictionary<string, string> KindByOp = new()
    {
        ["arith.addf"] = "sum", ["arith.addi"] = "sum",
        ["arith.mulf"] = "prod", ["arith.muli"] = "prod",
        ["arith.maximumf"] = "max", ["arith.maxsi"] = "max", ["arith.maxui"] = "max",
        ["arith.minimumf"] = "min", ["arith.minsi"] = "min", ["arith.minui"] = "min",
        ["arith.maxnumf"] = "maxnumf", ["arith.minnumf"] = "minnumf",
        ["arith.andi"] = "and", ["arith.ori"] = "or", ["arith.xori"] = "xor",
    };

    /// <summary>The reduction an arith op performs when it combines an accumulator with a value, or null.</summary>
    public static ReductionKind? ForJoinOp(string opName) =>
        KindByOp.TryGetValue(opName, out var kind) ? new ReductionKind(kind, opName) : null;

    /// <summary>The kind of a reduce region, or null when it is not one op over both arguments.</summary>
    public static ReductionKind? Recognize(Region reduceRegion)
    {
        var block = reduceRegion.FirstBlock;
        var ops = block.Operations;
        if (block.ArgumentCount != 2 || ops.Count != 2) return null;
        var join = ops[0];
        if (!KindByOp.TryGetValue(join.Name, out var kind) || join.OperandCount != 2) return null;
        var args = new HashSet<Value> { block.Argument(0), block.Argument(1) };
        if (!args.SetEquals([join.Operand(0), join.Operand(1)])) return null;
        if (ops[1].OperandCount != 1 || ops[1].Operand(0) != join.Result(0)) return null;
        return new ReductionKind(kind, join.Name);
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
                "sum" => Text("0.0"),
                "prod" => Text("1.0"),
                "max" or "maxnumf" => Text(FloatInfinity(type, negative: true)),
                "min" or "minnumf" => Text(FloatInfinity(type, negative: false)),
                _ => throw new InvalidOperationException($"no identity for {Kind} on {t}"),
            });
        var unsigned = JoinOp.EndsWith("ui", StringComparison.Ordinal);
        var value = Kind switch
        {
            "sum" or "or" or "xor" => "0",
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

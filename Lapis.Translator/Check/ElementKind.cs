using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Check;

/// <summary>The scalar element types `lapis check` can generate, pass and compare.</summary>
public enum ElementKind { F32, F64, I1, I8, I16, I32, I64, Index, F16, BF16 }

public static class ElementKinds
{
    public static ElementKind Of(Type t) =>
        t.IsF32 ? ElementKind.F32 : t.IsF64 ? ElementKind.F64 : t.IsIndex ? ElementKind.Index
        : t.IsF16 ? ElementKind.F16 : t.IsBF16 ? ElementKind.BF16
        : t.IsInteger ? t.IntegerWidth switch
        {
            1 => ElementKind.I1, 8 => ElementKind.I8, 16 => ElementKind.I16, 32 => ElementKind.I32, 64 => ElementKind.I64,
            _ => throw new NotSupportedException($"lapis check does not support element type {t}"),
        }
        : throw new NotSupportedException($"lapis check does not support element type {t}");

    public static int Size(this ElementKind k) => k switch
    {
        ElementKind.F32 or ElementKind.I32 => 4,
        ElementKind.F64 or ElementKind.I64 or ElementKind.Index => 8,
        ElementKind.I16 or ElementKind.F16 or ElementKind.BF16 => 2,
        _ => 1,
    };

    public static bool IsFloat(this ElementKind k) => k is ElementKind.F32 or ElementKind.F64 or ElementKind.F16 or ElementKind.BF16;

    /// <summary>f16 and bf16: stored in two bytes, exchanged with the C++ driver as float.</summary>
    public static bool IsHalf(this ElementKind k) => k is ElementKind.F16 or ElementKind.BF16;

    /// <summary>
    /// The bytes the C++ driver reads for <paramref name="data"/> (MLIR's layout): the same,
    /// except that f16/bf16 travel as float (Kokkos' half types may be float on a host build).
    /// </summary>
    public static byte[] ToDriver(this ElementKind k, byte[] data) => k.IsHalf() ? Convert(data, k, ElementKind.F32) : data;

    /// <summary>The driver's bytes back in MLIR's layout (f16/bf16 rounded from float to nearest even).</summary>
    public static byte[] FromDriver(this ElementKind k, byte[] data) => k.IsHalf() ? Convert(data, ElementKind.F32, k) : data;

    private static byte[] Convert(byte[] data, ElementKind from, ElementKind to)
    {
        var n = data.Length / from.Size();
        var result = new byte[n * to.Size()];
        for (var i = 0; i < n; i++) to.Write(result.AsSpan(i * to.Size()), from.Read(data, i));
        return result;
    }

    /// <summary>Writes <paramref name="value"/> as one element of kind <paramref name="k"/> (integers truncate).</summary>
    public static void Write(this ElementKind k, Span<byte> slot, double value)
    {
        switch (k)
        {
            case ElementKind.F32: BitConverter.TryWriteBytes(slot, (float)value); break;
            case ElementKind.F64: BitConverter.TryWriteBytes(slot, value); break;
            case ElementKind.F16: BitConverter.TryWriteBytes(slot, (Half)value); break;
            case ElementKind.BF16: BitConverter.TryWriteBytes(slot, ToBFloat16((float)value)); break;
            case ElementKind.I32: BitConverter.TryWriteBytes(slot, (int)value); break;
            case ElementKind.I64 or ElementKind.Index: BitConverter.TryWriteBytes(slot, (long)value); break;
            case ElementKind.I16: BitConverter.TryWriteBytes(slot, (short)value); break;
            case ElementKind.I1: slot[0] = (byte)(value != 0 ? 1 : 0); break;
            default: slot[0] = (byte)(sbyte)value; break;
        }
    }

    /// <summary>Element i of a little-endian buffer as a double, for comparison.</summary>
    public static double Read(this ElementKind k, ReadOnlySpan<byte> data, long i)
    {
        var s = data[(int)(i * k.Size())..];
        return k switch
        {
            ElementKind.F32 => BitConverter.ToSingle(s),
            ElementKind.F64 => BitConverter.ToDouble(s),
            ElementKind.F16 => (double)BitConverter.ToHalf(s),
            ElementKind.BF16 => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(s) << 16),
            ElementKind.I32 => BitConverter.ToInt32(s),
            ElementKind.I64 or ElementKind.Index => BitConverter.ToInt64(s),
            ElementKind.I16 => BitConverter.ToInt16(s),
            ElementKind.I8 => (sbyte)s[0],
            _ => s[0] & 1,
        };
    }

    /// <summary>The upper half of a float's bits, rounded to nearest even (NaN stays NaN).</summary>
    private static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40);
        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }
}

using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Check;

/// <summary>The scalar element types `lapis check` can generate, pass and compare.</summary>
public enum ElementKind { F32, F64, I1, I8, I16, I32, I64, Index }

public static class ElementKinds
{
    public static ElementKind Of(Type t) =>
        t.IsF32 ? ElementKind.F32 : t.IsF64 ? ElementKind.F64 : t.IsIndex ? ElementKind.Index
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
        ElementKind.I16 => 2,
        _ => 1,
    };

    public static bool IsFloat(this ElementKind k) => k is ElementKind.F32 or ElementKind.F64;

    /// <summary>Writes <paramref name="value"/> as one element of kind <paramref name="k"/> (integers truncate).</summary>
    public static void Write(this ElementKind k, Span<byte> slot, double value)
    {
        switch (k)
        {
            case ElementKind.F32: BitConverter.TryWriteBytes(slot, (float)value); break;
            case ElementKind.F64: BitConverter.TryWriteBytes(slot, value); break;
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
            ElementKind.I32 => BitConverter.ToInt32(s),
            ElementKind.I64 or ElementKind.Index => BitConverter.ToInt64(s),
            ElementKind.I16 => BitConverter.ToInt16(s),
            ElementKind.I8 => (sbyte)s[0],
            _ => s[0] & 1,
        };
    }
}

using System.Globalization;
using System.Text;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit;

/// <summary>
/// C++ literals that round-trip exactly: shortest decimal for finite floats, the bit pattern
/// (through <c>lapis_rt::bit_cast</c>) for NaN and infinities.
/// </summary>
internal static class CppLiterals
{
    /// <summary>An integer literal of <paramref name="type"/>; <paramref name="value"/> is sign-extended.</summary>
    public static string Integer(long value, Type type)
    {
        if (CppTypes.IsBool(type)) return value != 0 ? "true" : "false";
        var bits = CppTypes.IntegerBits(type);
        if (bits < 64) value = SignExtend(value, bits);
        return value switch
        {
            long.MinValue => "INT64_MIN",
            int.MinValue when bits == 32 => "INT32_MIN",
            < int.MinValue or > int.MaxValue => $"INT64_C({value.ToString(CultureInfo.InvariantCulture)})",
            _ => value.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static long SignExtend(long value, int bits) =>
        bits >= 64 ? value : (value << (64 - bits)) >> (64 - bits);

    /// <summary>A literal of float type <paramref name="type"/> (f16/bf16 via a float literal).</summary>
    public static string Float(double value, Type type, string cppType, HelperSet helpers)
    {
        if (type.IsF64) return Double(value, helpers);
        var asFloat = Single((float)value, helpers);
        return type.IsF32 ? asFloat : $"static_cast<{cppType}>({asFloat})";
    }

    public static string Single(float value, HelperSet helpers)
    {
        if (!float.IsFinite(value))
        {
            helpers.Require(Helper.BitCast);
            return $"lapis_rt::bit_cast<float>(0x{BitConverter.SingleToUInt32Bits(value):x8}u)";
        }
        return Decimal(value.ToString("R", CultureInfo.InvariantCulture)) + "f";
    }

    public static string Double(double value, HelperSet helpers)
    {
        if (!double.IsFinite(value))
        {
            helpers.Require(Helper.BitCast);
            return $"lapis_rt::bit_cast<double>(UINT64_C(0x{BitConverter.DoubleToUInt64Bits(value):x16}))";
        }
        return Decimal(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Makes .NET's round-trip text a C++ floating literal ("1" → "1.0", "1E-05" → "1e-05").</summary>
    private static string Decimal(string text)
    {
        text = text.Replace('E', 'e');
        return text.Contains('.') || text.Contains('e') ? text : text + ".0";
    }

    /// <summary>A C++ string literal (UTF-8 bytes outside printable ASCII as octal escapes).</summary>
    public static string String(string text)
    {
        var sb = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            switch (b)
            {
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case (byte)'?': sb.Append("\\?"); break; // no trigraphs
                case >= 0x20 and < 0x7f: sb.Append((char)b); break;
                default: sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0')); break;
            }
        }
        return sb.Append('"').ToString();
    }
}

namespace Lapis.Translator.Check;

/// <summary>
/// SplitMix64: the same seed gives the same stream on every machine and .NET version
/// (System.Random's algorithm is not a documented contract).
/// </summary>
public sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [-1, 1).</summary>
    public double NextSigned() => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) * 2.0 - 1.0;

    /// <summary>Random bytes of <paramref name="count"/> elements: floats in [-1, 1), integers in [0, 8), booleans.</summary>
    public byte[] Fill(ElementKind kind, long count)
    {
        var bytes = new byte[count * kind.Size()];
        var span = bytes.AsSpan();
        for (long i = 0; i < count; i++)
        {
            var slot = span[(int)(i * kind.Size())..];
            switch (kind)
            {
                case ElementKind.F32: BitConverter.TryWriteBytes(slot, (float)NextSigned()); break;
                case ElementKind.F64: BitConverter.TryWriteBytes(slot, NextSigned()); break;
                case ElementKind.F16 or ElementKind.BF16: kind.Write(slot, NextSigned()); break;
                case ElementKind.I32: BitConverter.TryWriteBytes(slot, (int)(NextUInt64() % 8)); break;
                case ElementKind.I64 or ElementKind.Index: BitConverter.TryWriteBytes(slot, (long)(NextUInt64() % 8)); break;
                case ElementKind.I16: BitConverter.TryWriteBytes(slot, (short)(NextUInt64() % 8)); break;
                case ElementKind.I8: slot[0] = (byte)(NextUInt64() % 8); break;
                default: slot[0] = (byte)(NextUInt64() & 1); break;
            }
        }
        return bytes;
    }

    /// <summary>
    /// A dense array with a random sparsity pattern: each element is nonzero with probability
    /// <paramref name="density"/> (floats in [-1, 1) without 0, integers in [1, 8]).
    /// </summary>
    public byte[] FillSparse(ElementKind kind, long count, double density)
    {
        var bytes = new byte[count * kind.Size()];
        for (long i = 0; i < count; i++)
        {
            var keep = (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < density;
            if (!keep) continue;
            double value = kind.IsFloat() ? NextSigned() : 1 + (long)(NextUInt64() % 8);
            if (value == 0) value = 0.5;
            kind.Write(bytes.AsSpan((int)(i * kind.Size())), value);
        }
        return bytes;
    }
}

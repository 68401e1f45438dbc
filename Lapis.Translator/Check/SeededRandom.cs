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

    /// <summary>
    /// Random bytes of <paramref name="count"/> elements: floats in [-1, 1), booleans, and integers
    /// as <paramref name="policy"/> allows. Without a policy integers are small, [0, 8) (elided
    /// weights, whose uses are unknown); with one, see <see cref="NextInteger"/>.
    /// </summary>
    public byte[] Fill(ElementKind kind, long count, IntegerPolicy? policy = null)
    {
        if (policy is not null && !kind.IsFloat() && kind != ElementKind.I1) return FillIntegers(kind, count, policy);
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

    private byte[] FillIntegers(ElementKind kind, long count, IntegerPolicy policy)
    {
        var bytes = new byte[count * kind.Size()];
        for (long i = 0; i < count; i++)
        {
            var v = NextInteger(kind, policy);
            var slot = bytes.AsSpan((int)(i * kind.Size()));
            for (var b = 0; b < kind.Size(); b++) slot[b] = (byte)(v >> (8 * b));
        }
        return bytes;
    }

    /// <summary>
    /// One integer of <paramref name="kind"/>'s width (as its two's complement bits, sign-extended):
    /// any value of the type, a quarter of them drawn from the edge values (0, ±1, ±2, min, min + 1,
    /// max - 1, max), so that signed and unsigned ops, extensions and overflow differ; a divisor is
    /// never 0 or -1, a shift amount lies in [0, width), and a small value in [0, 8) ([1, 8) as a divisor).
    /// </summary>
    public long NextInteger(ElementKind kind, IntegerPolicy policy)
    {
        var bits = kind.Size() * 8;
        var divisor = policy.Roles.HasFlag(IntegerRole.Divisor);
        if (policy.Roles.HasFlag(IntegerRole.Small))
            return divisor ? 1 + (long)(NextUInt64() % 7) : (long)(NextUInt64() % 8);
        if (policy.Roles.HasFlag(IntegerRole.Shift))
        {
            var width = (ulong)Math.Min(policy.ShiftWidth, bits);
            return divisor ? 1 + (long)(NextUInt64() % (width - 1)) : (long)(NextUInt64() % width);
        }
        while (true)
        {
            var min = bits == 64 ? long.MinValue : -(1L << (bits - 1));
            var max = bits == 64 ? long.MaxValue : (1L << (bits - 1)) - 1;
            long v = NextUInt64() % 4 == 0
                ? (NextUInt64() % 9) switch { 0 => 0, 1 => 1, 2 => -1, 3 => 2, 4 => -2, 5 => min, 6 => min + 1, 7 => max - 1, _ => max }
                : bits == 64 ? (long)NextUInt64() : min + (long)(NextUInt64() % (ulong)(1L << bits));
            if (!divisor || v is not (0 or -1)) return v;
        }
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

using System.Buffers.Binary;
using System.Text;
using Onnx;

namespace Lapis.Translator.Import;

/// <summary>
/// Contents of a tensor known at import time, as raw little-endian elements in MLIR's layout
/// (booleans one byte each). Reads ONNX's TensorProto (raw_data or the typed fields).
/// </summary>
public sealed class TensorData(ElementType element, long[] shape, byte[] raw)
{
    public ElementType Element { get; } = element;
    public long[] Shape { get; } = shape;
    public byte[] Raw { get; } = raw;
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    public static TensorData FromProto(TensorProto t, Func<string, Exception> error)
    {
        var element = ElementType.FromOnnx(t.DataType) ?? throw error($"tensor '{t.Name}' has element type {ElementType.OnnxName(t.DataType)}, which Lapis does not support");
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw error($"tensor '{t.Name}' keeps its data in an external file, which Lapis does not read (save the model with its data inside)");
        var shape = t.Dims.ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var raw = new byte[count * element.Bytes];
        if (!t.RawData.IsEmpty)
        {
            if (t.RawData.Length != raw.Length) throw error($"tensor '{t.Name}' has {t.RawData.Length} bytes of data, its shape needs {raw.Length}");
            t.RawData.Span.CopyTo(raw);
            return new TensorData(element, shape, raw);
        }
        var data = new TensorData(element, shape, raw);
        long typedCount = element.Mlir switch
        {
            "f32" => t.FloatData.Count,
            "f64" => t.DoubleData.Count,
            "i64" when element.IsUnsigned => t.Uint64Data.Count,
            "i64" => t.Int64Data.Count,
            "i32" when element.IsUnsigned => t.Uint64Data.Count,
            _ => t.Int32Data.Count,
        };
        if (typedCount != count) throw error($"tensor '{t.Name}' has {typedCount} elements, its shape needs {count}");
        for (var i = 0; i < count; i++)
        {
            switch (element.Mlir)
            {
                case "f32": data.SetDouble(i, t.FloatData[i]); break;
                case "f64": data.SetDouble(i, t.DoubleData[i]); break;
                case "f16" or "bf16": BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(i * 2), (ushort)t.Int32Data[i]); break;
                case "i64" when element.IsUnsigned: data.SetInt(i, (long)t.Uint64Data[i]); break;
                case "i64": data.SetInt(i, t.Int64Data[i]); break;
                case "i32" when element.IsUnsigned: data.SetInt(i, (long)t.Uint64Data[i]); break;
                default: data.SetInt(i, t.Int32Data[i]); break;
            }
        }
        return data;
    }

    public static TensorData FromInts(ElementType element, long[] shape, IReadOnlyList<long> values)
    {
        var d = new TensorData(element, shape, new byte[values.Count * element.Bytes]);
        for (var i = 0; i < values.Count; i++) d.SetInt(i, values[i]);
        return d;
    }

    public static TensorData FromDoubles(ElementType element, long[] shape, IReadOnlyList<double> values)
    {
        var d = new TensorData(element, shape, new byte[values.Count * element.Bytes]);
        for (var i = 0; i < values.Count; i++) d.SetDouble(i, values[i]);
        return d;
    }

    public long GetInt(long i)
    {
        var s = Raw.AsSpan((int)(i * Element.Bytes));
        if (Element.IsFloat) return (long)GetDouble(i);
        return (Element.Bytes, Element.IsUnsigned) switch
        {
            (8, _) => BinaryPrimitives.ReadInt64LittleEndian(s),
            (4, false) => BinaryPrimitives.ReadInt32LittleEndian(s),
            (4, true) => BinaryPrimitives.ReadUInt32LittleEndian(s),
            (2, false) => BinaryPrimitives.ReadInt16LittleEndian(s),
            (2, true) => BinaryPrimitives.ReadUInt16LittleEndian(s),
            (_, false) when !Element.IsBool => (sbyte)s[0],
            _ => s[0],
        };
    }

    public double GetDouble(long i)
    {
        var s = Raw.AsSpan((int)(i * Element.Bytes));
        return Element.Mlir switch
        {
            "f32" => BinaryPrimitives.ReadSingleLittleEndian(s),
            "f64" => BinaryPrimitives.ReadDoubleLittleEndian(s),
            "f16" => (double)BinaryPrimitives.ReadHalfLittleEndian(s),
            "bf16" => BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(s) << 16),
            _ => Element.IsUnsigned && Element.Bytes == 8 ? (ulong)GetInt(i) : GetInt(i),
        };
    }

    public void SetInt(long i, long v)
    {
        if (Element.IsFloat) { SetDouble(i, v); return; }
        var s = Raw.AsSpan((int)(i * Element.Bytes));
        switch (Element.Bytes)
        {
            case 8: BinaryPrimitives.WriteInt64LittleEndian(s, v); break;
            case 4: BinaryPrimitives.WriteInt32LittleEndian(s, (int)v); break;
            case 2: BinaryPrimitives.WriteInt16LittleEndian(s, (short)v); break;
            default: s[0] = Element.IsBool ? (byte)(v != 0 ? 1 : 0) : (byte)v; break;
        }
    }

    public void SetDouble(long i, double v)
    {
        if (!Element.IsFloat) { SetInt(i, Element.IsBool ? (v != 0 ? 1 : 0) : (long)v); return; }
        var s = Raw.AsSpan((int)(i * Element.Bytes));
        switch (Element.Mlir)
        {
            case "f32": BinaryPrimitives.WriteSingleLittleEndian(s, (float)v); break;
            case "f64": BinaryPrimitives.WriteDoubleLittleEndian(s, v); break;
            case "f16": BinaryPrimitives.WriteHalfLittleEndian(s, (Half)v); break;
            default: BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)(BitConverter.SingleToUInt32Bits((float)v) >> 16)); break;
        }
    }

    public long[] Ints() => Enumerable.Range(0, (int)Count).Select(i => GetInt(i)).ToArray();
    public double[] Doubles() => Enumerable.Range(0, (int)Count).Select(i => GetDouble(i)).ToArray();

    public bool IsSplat
    {
        get
        {
            for (var i = 1; i < Count; i++)
                if (!Raw.AsSpan(i * Element.Bytes, Element.Bytes).SequenceEqual(Raw.AsSpan(0, Element.Bytes))) return false;
            return true;
        }
    }

    /// <summary>The <c>dense&lt;...&gt;</c> attribute: a splat or raw hex (booleans as a list, which MLIR's hex form packs differently).</summary>
    public string DenseAttribute()
    {
        if (Count == 0) return "dense<>";
        if (Element.IsBool)
        {
            if (IsSplat) return $"dense<{(Raw[0] != 0 ? "true" : "false")}>";
            return "dense<[" + string.Join(", ", Raw.Select(b => b != 0 ? "true" : "false")) + "]>" ;
        }
        var bytes = IsSplat ? Raw.AsSpan(0, Element.Bytes) : Raw.AsSpan();
        var sb = new StringBuilder("dense<\"0x", bytes.Length * 2 + 12);
        sb.Append(Convert.ToHexString(bytes));
        return sb.Append("\">").ToString();
    }
}

using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>Non-owning view of an attribute (uniqued in the context).</summary>
public readonly unsafe struct Attribute : IEquatable<Attribute>
{
    internal readonly MlirAttribute Raw;
    internal Attribute(MlirAttribute raw) => Raw = raw;

    public bool IsNull => Raw.ptr == null;

    public static Attribute Parse(Context context, string text) =>
        new(StringRef.With(text, t => Mlir.mlirAttributeParseGet(context.Raw, t)));

    public static Attribute String(Context context, string value) =>
        new(StringRef.With(value, v => Mlir.mlirStringAttrGet(context.Raw, v)));

    public static Attribute TypeAttribute(Type type) => new(Mlir.mlirTypeAttrGet(type.Raw));

    public static Attribute Integer(Type type, long value) => new(Mlir.mlirIntegerAttrGet(type.Raw, value));

    public Type Type => new(Mlir.mlirAttributeGetType(Raw));

    /// <summary>A dense elements attribute of <paramref name="shapedType"/> over little-endian element bytes.</summary>
    public static Attribute DenseFromRawBuffer(Type shapedType, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var a = new Attribute(Mlir.mlirDenseElementsAttrRawBufferGet(shapedType.Raw, (nuint)data.Length, p));
            return a.IsNull ? throw new ArgumentException($"buffer does not fit {shapedType}") : a;
        }
    }

    public bool IsString => Mlir.mlirAttributeIsAString(Raw);
    public string StringValue => StringRef.ToManaged(Mlir.mlirStringAttrGetValue(Raw));

    public bool IsInteger => Mlir.mlirAttributeIsAInteger(Raw);
    public long IntegerValue => Mlir.mlirIntegerAttrGetValueInt(Raw);

    public bool IsFloat => Mlir.mlirAttributeIsAFloat(Raw);
    public double FloatValue => Mlir.mlirFloatAttrGetValueDouble(Raw);

    public bool IsBool => Mlir.mlirAttributeIsABool(Raw);
    public bool BoolValue => Mlir.mlirBoolAttrGetValue(Raw);

    public bool IsAffineMap => Mlir.mlirAttributeIsAAffineMap(Raw);
    public AffineMap AffineMapValue => new(Mlir.mlirAffineMapAttrGetValue(Raw));

    public bool IsTypeAttribute => Mlir.mlirAttributeIsAType(Raw);
    public Type TypeValue => new(Mlir.mlirTypeAttrGetValue(Raw));

    public bool IsFlatSymbolRef => Mlir.mlirAttributeIsAFlatSymbolRef(Raw);
    public string FlatSymbolRefValue => StringRef.ToManaged(Mlir.mlirFlatSymbolRefAttrGetValue(Raw));

    public bool IsArray => Mlir.mlirAttributeIsAArray(Raw);
    public IReadOnlyList<Attribute> ArrayElements
    {
        get
        {
            var raw = Raw;
            return Enumerable.Range(0, (int)Mlir.mlirArrayAttrGetNumElements(raw))
                .Select(i => new Attribute(Mlir.mlirArrayAttrGetElement(raw, i))).ToArray();
        }
    }

    public bool IsDenseI64Array => Mlir.mlirAttributeIsADenseI64Array(Raw);
    public IReadOnlyList<long> DenseI64Elements
    {
        get
        {
            var raw = Raw;
            return Enumerable.Range(0, (int)Mlir.mlirDenseArrayGetNumElements(raw))
                .Select(i => Mlir.mlirDenseI64ArrayGetElement(raw, i)).ToArray();
        }
    }

    public bool IsDenseElements => Mlir.mlirAttributeIsADenseElements(Raw);
    public bool IsDenseResource => Mlir.mlirAttributeIsADenseResourceElements(Raw);
    public bool IsSplat => IsDenseElements && Mlir.mlirDenseElementsAttrIsSplat(Raw);
    public long ElementCount => Mlir.mlirElementsAttrGetNumElements(Raw);

    /// <summary>Raw little-endian bytes of a non-splat dense int/float elements attribute.</summary>
    public ReadOnlySpan<byte> DenseRawData
    {
        get
        {
            var ptr = Mlir.mlirDenseElementsAttrGetRawData(Raw);
            var element = Type.ElementType;
            var bytesPerElement = ((element.IsFloat ? element.FloatWidth : element.IsIndex ? 64 : element.IntegerWidth) + 7) / 8;
            var bytes = (IsSplat ? 1 : ElementCount) * bytesPerElement;
            return new ReadOnlySpan<byte>(ptr, checked((int)bytes));
        }
    }

    /// <summary>A <c>sparse&lt;[[i, j], ...], [v, ...]&gt;</c> elements attribute (zero everywhere else).</summary>
    public bool IsSparseElements => Mlir.mlirAttributeIsASparseElements(Raw);

    /// <summary>The coordinates of a sparse elements attribute: dense i64 elements of shape (count, rank).</summary>
    public Attribute SparseIndices => new(Mlir.mlirSparseElementsAttrGetIndices(Raw));

    /// <summary>The values of a sparse elements attribute: dense elements of shape (count), possibly a splat.</summary>
    public Attribute SparseValues => new(Mlir.mlirSparseElementsAttrGetValues(Raw));

    public Attribute SplatValue => new(Mlir.mlirDenseElementsAttrGetSplatValue(Raw));

    public bool IsUnit => Mlir.mlirAttributeIsAUnit(Raw);

    /// <summary>
    /// Element <paramref name="index"/> (row-major) of a dense integer, index or i1 elements
    /// attribute, sign-extended to 64 bits (i1: 0 or 1). Works for splats too.
    /// </summary>
    public long DenseIntegerElement(long index)
    {
        var element = Type.ElementType;
        var pos = (nint)index;
        if (element.IsIndex) return (long)Mlir.mlirDenseElementsAttrGetIndexValue(Raw, pos);
        return element.IntegerWidth switch
        {
            1 => Mlir.mlirDenseElementsAttrGetBoolValue(Raw, pos) ? 1 : 0,
            8 => Mlir.mlirDenseElementsAttrGetInt8Value(Raw, pos),
            16 => Mlir.mlirDenseElementsAttrGetInt16Value(Raw, pos),
            32 => Mlir.mlirDenseElementsAttrGetInt32Value(Raw, pos),
            64 => Mlir.mlirDenseElementsAttrGetInt64Value(Raw, pos),
            _ => throw new NotSupportedException($"dense elements of {element}"),
        };
    }

    /// <summary>Element <paramref name="index"/> (row-major) of a dense f32 or f64 elements attribute. Works for splats too.</summary>
    public double DenseFloatElement(long index)
    {
        var element = Type.ElementType;
        if (element.IsF64) return Mlir.mlirDenseElementsAttrGetDoubleValue(Raw, (nint)index);
        if (element.IsF32) return Mlir.mlirDenseElementsAttrGetFloatValue(Raw, (nint)index);
        throw new NotSupportedException($"dense elements of {element}: read DenseRawData");
    }

    public Attribute DictionaryEntry(string name)
    {
        var raw = Raw;
        return new(StringRef.With(name, n => Mlir.mlirDictionaryAttrGetElementByName(raw, n)));
    }

    public override string ToString()
    {
        var raw = Raw;
        return StringSink.Collect((cb, ud) => Mlir.mlirAttributePrint(raw, cb, ud));
    }

    public bool Equals(Attribute other) => Mlir.mlirAttributeEqual(Raw, other.Raw);
    public override bool Equals(object? obj) => obj is Attribute a && Equals(a);
    public override int GetHashCode() => ((IntPtr)Raw.ptr).GetHashCode();
}

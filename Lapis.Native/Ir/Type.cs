using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>Non-owning view of a type (uniqued in the context).</summary>
public readonly unsafe struct Type : IEquatable<Type>
{
    internal readonly MlirType Raw;
    internal Type(MlirType raw) => Raw = raw;

    public bool IsNull => Raw.ptr == null;

    public static Type Parse(Context context, string text) =>
        new(StringRef.With(text, t => Mlir.mlirTypeParseGet(context.Raw, t)));

    public static Type Index(Context context) => new(Mlir.mlirIndexTypeGet(context.Raw));
    public static Type Integer(Context context, int width) => new(Mlir.mlirIntegerTypeGet(context.Raw, (uint)width));

    public bool IsIndex => Mlir.mlirTypeIsAIndex(Raw);
    public bool IsInteger => Mlir.mlirTypeIsAInteger(Raw);
    public int IntegerWidth => (int)Mlir.mlirIntegerTypeGetWidth(Raw);
    public bool IsUnsignedInteger => IsInteger && Mlir.mlirIntegerTypeIsUnsigned(Raw);
    public bool IsFloat => Mlir.mlirTypeIsAFloat(Raw);
    public int FloatWidth => (int)Mlir.mlirFloatTypeGetWidth(Raw);
    public bool IsF16 => Mlir.mlirTypeIsAF16(Raw);
    public bool IsBF16 => Mlir.mlirTypeIsABF16(Raw);
    public bool IsF32 => Mlir.mlirTypeIsAF32(Raw);
    public bool IsF64 => Mlir.mlirTypeIsAF64(Raw);
    public bool IsMemRef => Mlir.mlirTypeIsAMemRef(Raw);
    public bool IsUnrankedMemRef => Mlir.mlirTypeIsAUnrankedMemRef(Raw);
    public bool IsRankedTensor => Mlir.mlirTypeIsARankedTensor(Raw);
    /// <summary>A ranked tensor with a #sparse_tensor.encoding.</summary>
    public bool HasSparseEncoding
    {
        get
        {
            if (!IsRankedTensor) return false;
            var encoding = Mlir.mlirRankedTensorTypeGetEncoding(Raw);
            return encoding.ptr != null && Mlir.mlirAttributeIsASparseTensorEncodingAttr(encoding);
        }
    }
    /// <summary>The #sparse_tensor.encoding of a sparse ranked tensor, else null.</summary>
    public SparseEncoding? SparseEncoding => HasSparseEncoding ? new SparseEncoding(new Attribute(Mlir.mlirRankedTensorTypeGetEncoding(Raw))) : null;
    public bool IsShaped => Mlir.mlirTypeIsAShaped(Raw);
    public bool IsFunction => Mlir.mlirTypeIsAFunction(Raw);
    public bool IsVector => Mlir.mlirTypeIsAVector(Raw);
    public bool IsNone => Mlir.mlirTypeIsANone(Raw);
    /// <summary>An <c>!llvm.ptr</c> (opaque pointer).</summary>
    public bool IsLLVMPointer => Mlir.mlirTypeIsALLVMPointerType(Raw);

    /// <summary>Element type of a shaped type (memref, tensor, vector).</summary>
    public Type ElementType => new(Mlir.mlirShapedTypeGetElementType(Raw));
    public int Rank => (int)Mlir.mlirShapedTypeGetRank(Raw);
    public bool HasStaticShape => Mlir.mlirShapedTypeHasStaticShape(Raw);

    /// <summary>Extent of dimension <paramref name="dim"/>, or null when dynamic.</summary>
    public long? DimSize(int dim)
    {
        var size = Mlir.mlirShapedTypeGetDimSize(Raw, dim);
        return Mlir.mlirShapedTypeIsDynamicSize(size) ? null : size;
    }

    public IReadOnlyList<long?> Shape => Enumerable.Range(0, Rank).Select(DimSize).ToArray();

    /// <summary>Memref layout as strides and offset (null entries are dynamic). Null when not strided.</summary>
    public (long?[] Strides, long? Offset)? StridesAndOffset
    {
        get
        {
            var strides = new long[Rank];
            long offset;
            MlirLogicalResult ok;
            fixed (long* s = strides) ok = Mlir.mlirMemRefTypeGetStridesAndOffset(Raw, s, &offset);
            if (ok.value == 0) return null;
            long? D(long v) => Mlir.mlirShapedTypeIsDynamicStrideOrOffset(v) ? null : v;
            return (strides.Select(D).ToArray(), D(offset));
        }
    }

    public bool HasIdentityLayout => Mlir.mlirAffineMapIsIdentity(Mlir.mlirMemRefTypeGetAffineMap(Raw));

    public Attribute MemorySpace => new(Mlir.mlirMemRefTypeGetMemorySpace(Raw));

    public int FunctionInputCount => (int)Mlir.mlirFunctionTypeGetNumInputs(Raw);
    public int FunctionResultCount => (int)Mlir.mlirFunctionTypeGetNumResults(Raw);
    public Type FunctionInput(int i) => new(Mlir.mlirFunctionTypeGetInput(Raw, i));
    public Type FunctionResult(int i) => new(Mlir.mlirFunctionTypeGetResult(Raw, i));

    public override string ToString()
    {
        var raw = Raw;
        return StringSink.Collect((cb, ud) => Mlir.mlirTypePrint(raw, cb, ud));
    }

    public bool Equals(Type other) => Mlir.mlirTypeEqual(Raw, other.Raw);
    public override bool Equals(object? obj) => obj is Type t && Equals(t);
    public override int GetHashCode() => ((IntPtr)Raw.ptr).GetHashCode();
    public static bool operator ==(Type a, Type b) => a.Equals(b);
    public static bool operator !=(Type a, Type b) => !a.Equals(b);
}

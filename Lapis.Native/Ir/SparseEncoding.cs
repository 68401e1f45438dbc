using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>Storage format of one level of a sparse tensor (MLIR's LevelFormat).</summary>
public enum SparseLevelFormat { Dense, Batch, Compressed, Singleton, LooseCompressed, NOutOfM }

/// <summary>One level of a #sparse_tensor.encoding: its format and non-default properties.</summary>
public readonly record struct SparseLevel(SparseLevelFormat Format, bool Unique, bool Ordered, bool StructureOfArrays)
{
    /// <summary>The level keeps a positions buffer (compressed and loose_compressed).</summary>
    public bool HasPositions => Format is SparseLevelFormat.Compressed or SparseLevelFormat.LooseCompressed;

    /// <summary>The level keeps coordinates (every format but dense and batch).</summary>
    public bool HasCoordinates => Format is not (SparseLevelFormat.Dense or SparseLevelFormat.Batch);

    public override string ToString()
    {
        var name = Format switch
        {
            SparseLevelFormat.LooseCompressed => "loose_compressed",
            SparseLevelFormat.NOutOfM => "n_out_of_m",
            _ => Format.ToString().ToLowerInvariant(),
        };
        var props = new List<string>();
        if (!Unique) props.Add("nonunique");
        if (!Ordered) props.Add("nonordered");
        if (StructureOfArrays) props.Add("soa");
        return props.Count == 0 ? name : $"{name}({string.Join(", ", props)})";
    }
}

/// <summary>A view of a <c>#sparse_tensor.encoding</c> attribute through the C API.</summary>
public readonly unsafe struct SparseEncoding
{
    public SparseEncoding(Attribute attribute)
    {
        if (!Mlir.mlirAttributeIsASparseTensorEncodingAttr(attribute.Raw))
            throw new ArgumentException($"'{attribute}' is not a #sparse_tensor.encoding");
        Attribute = attribute;
    }

    public Attribute Attribute { get; }

    public int LevelCount => (int)Mlir.mlirSparseTensorEncodingGetLvlRank(Attribute.Raw);

    /// <summary>Bit width of positions (0 means index).</summary>
    public int PositionWidth => Mlir.mlirSparseTensorEncodingAttrGetPosWidth(Attribute.Raw);

    /// <summary>Bit width of coordinates (0 means index).</summary>
    public int CoordinateWidth => Mlir.mlirSparseTensorEncodingAttrGetCrdWidth(Attribute.Raw);

    public IReadOnlyList<SparseLevel> Levels => Enumerable.Range(0, LevelCount).Select(Level).ToArray();

    public SparseLevel Level(int level)
    {
        var type = Mlir.mlirSparseTensorEncodingAttrGetLvlType(Attribute.Raw, level);
        var format = Mlir.mlirSparseTensorEncodingAttrGetLvlFmt(Attribute.Raw, level) switch
        {
            MlirSparseTensorLevelFormat.MLIR_SPARSE_TENSOR_LEVEL_DENSE => SparseLevelFormat.Dense,
            MlirSparseTensorLevelFormat.MLIR_SPARSE_TENSOR_LEVEL_BATCH => SparseLevelFormat.Batch,
            MlirSparseTensorLevelFormat.MLIR_SPARSE_TENSOR_LEVEL_COMPRESSED => SparseLevelFormat.Compressed,
            MlirSparseTensorLevelFormat.MLIR_SPARSE_TENSOR_LEVEL_SINGLETON => SparseLevelFormat.Singleton,
            MlirSparseTensorLevelFormat.MLIR_SPARSE_TENSOR_LEVEL_LOOSE_COMPRESSED => SparseLevelFormat.LooseCompressed,
            _ => SparseLevelFormat.NOutOfM,
        };
        return new SparseLevel(format,
            Unique: (type & (ulong)MlirSparseTensorLevelPropertyNondefault.MLIR_SPARSE_PROPERTY_NON_UNIQUE) == 0,
            Ordered: (type & (ulong)MlirSparseTensorLevelPropertyNondefault.MLIR_SPARSE_PROPERTY_NON_ORDERED) == 0,
            StructureOfArrays: (type & (ulong)MlirSparseTensorLevelPropertyNondefault.MLIR_SPARSE_PROPERTY_SOA) != 0);
    }

    /// <summary>The dimension-to-level map, e.g. <c>(d0, d1) -> (d0 floordiv 2, d1 floordiv 2, d0 mod 2, d1 mod 2)</c>.</summary>
    public string DimToLevelMap
    {
        get
        {
            var map = Mlir.mlirSparseTensorEncodingAttrGetDimToLvl(Attribute.Raw);
            if (map.ptr == null) return "identity";
            return StringSink.Collect((cb, ud) => Mlir.mlirAffineMapPrint(map, cb, ud));
        }
    }

    /// <summary>True when dimensions map to levels one to one in order (no permutation, no blocks).</summary>
    public bool IsIdentityMap
    {
        get
        {
            var map = Mlir.mlirSparseTensorEncodingAttrGetDimToLvl(Attribute.Raw);
            return map.ptr == null || Mlir.mlirAffineMapIsIdentity(map);
        }
    }

    /// <summary>
    /// The encoding a <c>!sparse_tensor.storage_specifier&lt;#enc&gt;</c> type carries (the C API
    /// has no accessor for it: the attribute is parsed back from the type's text), else null.
    /// </summary>
    public static SparseEncoding? OfStorageSpecifier(Type type)
    {
        const string prefix = "!sparse_tensor.storage_specifier<";
        // Cheap test first: the emitter asks this of every type it prints.
        if (StringRef.ToManaged(Mlir.mlirDialectGetNamespace(Mlir.mlirTypeGetDialect(type.Raw))) != "sparse_tensor") return null;
        var text = type.ToString();
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || !text.EndsWith('>')) return null;
        var attributeText = text[prefix.Length..^1];
        var attribute = StringRef.With(attributeText, t => Mlir.mlirAttributeParseGet(Mlir.mlirTypeGetContext(type.Raw), t));
        return attribute.ptr == null || !Mlir.mlirAttributeIsASparseTensorEncodingAttr(attribute) ? null : new SparseEncoding(new Attribute(attribute));
    }

    /// <summary>
    /// Whether the encoding describes a tensor slice (<c>d0 : #sparse_tensor&lt;slice(0, 4, 1)&gt;</c>):
    /// its specifier then also holds each dimension's offset and stride (the C API has no accessor).
    /// </summary>
    public bool IsSlice => Attribute.ToString().Contains("#sparse_tensor<slice(", StringComparison.Ordinal);

    public override string ToString() => Attribute.ToString();
}

using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Sparse;

public enum SparseFieldKind { Positions, Coordinates, Values }

/// <summary>One buffer of a sparse tensor's storage: positions or coordinates of a level, or the values.</summary>
public sealed record SparseField(SparseFieldKind Kind, int Level)
{
    /// <summary>Member of <c>lapis::SparseTensor</c> holding this buffer.</summary>
    public string Member => Kind switch
    {
        SparseFieldKind.Positions => $"positions[{Level}]",
        SparseFieldKind.Coordinates => $"coordinates[{Level}]",
        _ => "values",
    };

    /// <summary>Member of <c>lapis::StorageSizes</c> holding how many entries of this buffer are in use.</summary>
    public string SizeMember => Kind switch
    {
        SparseFieldKind.Positions => $"positions_sizes[{Level}]",
        SparseFieldKind.Coordinates => $"coordinates_sizes[{Level}]",
        _ => "values_size",
    };

    /// <summary>Readable name for files and diagnostics: <c>positions1</c>, <c>coordinates0</c>, <c>values</c>.</summary>
    public string Name => Kind == SparseFieldKind.Values ? "values" : $"{Kind.ToString().ToLowerInvariant()}{Level}";
}

/// <summary>
/// How MLIR's sparse codegen stores one sparse tensor (SparseTensorStorageLayout upstream): per
/// level, a positions buffer for compressed levels and a coordinates buffer for every non-dense
/// level, except that the singleton levels of an array-of-structs COO segment share the
/// coordinates buffer of the segment's first level (interleaved); then the values; then the
/// storage specifier (level sizes and used sizes of each buffer). Codegen passes these, in this
/// order, where the tensor was one argument or result.
/// </summary>
public sealed class SparseStorageLayout
{
    private SparseStorageLayout(Type tensor, SparseEncoding encoding, IReadOnlyList<SparseField> fields, int cooStart)
    {
        Tensor = tensor;
        Encoding = encoding;
        Fields = fields;
        AosCooStart = cooStart;
    }

    /// <summary>The sparse tensor type as the user wrote it.</summary>
    public Type Tensor { get; }
    public SparseEncoding Encoding { get; }
    public int LevelCount => Encoding.LevelCount;

    /// <summary>The buffers, in codegen order (the storage specifier follows them).</summary>
    public IReadOnlyList<SparseField> Fields { get; }

    /// <summary>First level of the array-of-structs COO segment, or <see cref="LevelCount"/> when there is none.</summary>
    public int AosCooStart { get; }

    public static SparseStorageLayout For(Type tensor)
    {
        var encoding = tensor.SparseEncoding ?? throw new ArgumentException($"'{tensor}' is not a sparse tensor type");
        var levels = encoding.Levels;
        var cooStart = AosCooStartOf(levels);
        var fields = new List<SparseField>();
        for (var l = 0; l < levels.Count; l++)
        {
            if (levels[l].HasPositions) fields.Add(new SparseField(SparseFieldKind.Positions, l));
            if (levels[l].HasCoordinates && (l <= cooStart)) fields.Add(new SparseField(SparseFieldKind.Coordinates, l));
        }
        fields.Add(new SparseField(SparseFieldKind.Values, 0));
        return new SparseStorageLayout(tensor, encoding, fields, cooStart);
    }

    /// <summary>
    /// The level whose coordinates buffer holds the coordinates of <paramref name="level"/>, and
    /// whose used size (<c>crd_mem_sz</c>) counts them: the first level of the array-of-structs
    /// COO segment for the levels after it (they share one interleaved buffer and one size, as
    /// upstream's <c>getMemRefFieldIndex</c> maps them), the level itself otherwise.
    /// </summary>
    public static int CoordinateBufferLevel(SparseEncoding encoding, int level)
    {
        var cooStart = AosCooStartOf(encoding.Levels);
        return level > cooStart ? cooStart : level;
    }

    /// <summary>
    /// A COO segment is a compressed (or loose compressed) level followed by singleton levels,
    /// unique or not (upstream's <c>getCOOSegments</c>; the storage specifier's encoding has its
    /// levels normalized to unique, and still shares the buffer); AoS unless they are SoA.
    /// </summary>
    private static int AosCooStartOf(IReadOnlyList<SparseLevel> levels)
    {
        for (var l = 0; l + 1 < levels.Count; l++)
        {
            if (levels[l].Format is not (SparseLevelFormat.Compressed or SparseLevelFormat.LooseCompressed)) continue;
            if (levels[l + 1].Format != SparseLevelFormat.Singleton) continue;
            return levels[l + 1].StructureOfArrays ? levels.Count : l;
        }
        return levels.Count;
    }

    /// <summary>Number of coordinates stored per entry in the buffer of <paramref name="level"/> (AoS COO interleaves them).</summary>
    public int CoordinateStride(int level) => level == AosCooStart ? LevelCount - AosCooStart : 1;

    /// <summary>C++ type of the storage: <c>lapis::SparseTensor&lt;double, int32_t, int32_t, 2&gt;</c>.</summary>
    public string CppType(Func<Type, string> scalar) =>
        $"lapis::SparseTensor<{scalar(Tensor.ElementType)}, {IntegerType(Encoding.PositionWidth)}, {IntegerType(Encoding.CoordinateWidth)}, {LevelCount}>";

    /// <summary>C++ type of the storage specifier of an encoding with <paramref name="levels"/> levels.</summary>
    public static string SizesCppType(int levels) => $"lapis::StorageSizes<{levels}>";

    /// <summary>C++ type of positions or coordinates of the given bit width (0 is index, 64-bit).</summary>
    public static string IntegerType(int width) => width switch
    {
        0 or 64 => "int64_t",
        32 => "int32_t",
        16 => "int16_t",
        8 => "int8_t",
        _ => throw new ArgumentException($"unsupported sparse position/coordinate width {width}"),
    };

    /// <summary>One-line description for comments: <c>CSR-like (dense, compressed), 32-bit positions</c>.</summary>
    public string Describe()
    {
        var levels = string.Join(", ", Encoding.Levels);
        var map = Encoding.IsIdentityMap ? "" : $", levels {Encoding.DimToLevelMap}";
        return $"levels ({levels}){map}";
    }

    /// <summary>
    /// Groups the arguments (or results) of a lowered function by the original ones: a sparse
    /// original becomes its buffers plus a storage specifier. A located error when they do not line up.
    /// </summary>
    public static IReadOnlyList<Group> GroupByOriginal(IReadOnlyList<Type> original, IReadOnlyList<Type> lowered, Location at)
    {
        var groups = new List<Group>();
        var next = 0;
        foreach (var type in original)
        {
            if (!type.HasSparseEncoding)
            {
                groups.Add(new Group(type, null, next, 1));
                next += 1;
                continue;
            }
            var layout = For(type);
            var count = layout.Fields.Count + 1;
            if (next + count > lowered.Count || SparseEncoding.OfStorageSpecifier(lowered[next + count - 1]) is null
                || lowered.Skip(next).Take(count - 1).Any(t => !t.IsMemRef))
                throw TranslationException.At(at,
                    $"unsupported sparse storage for '{type}': the sparsifier's buffers do not match the layout Lapis expects ({string.Join(", ", layout.Fields.Select(f => f.Name))}, sizes)");
            groups.Add(new Group(type, layout, next, count));
            next += count;
        }
        if (next != lowered.Count)
            throw TranslationException.At(at, $"internal error: {lowered.Count} lowered arguments for {original.Count} original ones");
        return groups;
    }

    /// <summary><see cref="GroupByOriginal"/> for the arguments and for the results of a function type.</summary>
    public static (IReadOnlyList<Group> Inputs, IReadOnlyList<Group> Results) GroupSignature(Type original, Type lowered, Location at) =>
        (GroupByOriginal(Enumerable.Range(0, original.FunctionInputCount).Select(original.FunctionInput).ToArray(),
             Enumerable.Range(0, lowered.FunctionInputCount).Select(lowered.FunctionInput).ToArray(), at),
         GroupByOriginal(Enumerable.Range(0, original.FunctionResultCount).Select(original.FunctionResult).ToArray(),
             Enumerable.Range(0, lowered.FunctionResultCount).Select(lowered.FunctionResult).ToArray(), at));

    /// <summary>One original argument or result: <paramref name="Count"/> lowered ones from <paramref name="First"/>.</summary>
    public sealed record Group(Type Original, SparseStorageLayout? Sparse, int First, int Count);
}

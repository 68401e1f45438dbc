using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit;

/// <summary>
/// MLIR type → C++ type spelling. Scalars: index → int64_t, iN → intN_t (i1 → bool),
/// f16/bf16/f32/f64. Memrefs → Kokkos::View with LayoutRight (identity layout) or
/// LayoutStride, in the memory space <see cref="MemorySpace"/> picks.
/// </summary>
internal sealed class CppTypes
{
    public const string Index = "int64_t";
    public const string Half = "Kokkos::Experimental::half_t";
    /// <summary>Alias the header defines when the module uses bf16 (Kokkos 3.4 has no bhalf_t).</summary>
    public const string BFloat16 = "lapis_bf16_t";
    public const string LayoutRight = "Kokkos::LayoutRight";
    public const string LayoutStride = "Kokkos::LayoutStride";

    /// <summary>True once a bf16 type was printed (the header then defines <see cref="BFloat16"/>).</summary>
    public bool UsesBFloat16 { get; private set; }

    public const string DeviceMemory = "Kokkos::DefaultExecutionSpace::memory_space";
    public const string DeviceViewAlias = "DeviceView";
    public const string HostViewAlias = "HostView";

    /// <summary>The alias templates every generated header defines in its namespace.</summary>
    public static string AliasDeclarations =>
        "// Buffers are row-major Kokkos Views in the default execution space's memory (DeviceView)\n" +
        "// or, inside functions that run on the host, in host memory (HostView).\n" +
        $"template <class DataType>\nusing {DeviceViewAlias} = Kokkos::View<DataType, {LayoutRight}, {DeviceMemory}>;\n" +
        $"template <class DataType>\nusing {HostViewAlias} = Kokkos::View<DataType, {LayoutRight}, {HostMemory}>;\n";
    public const string HostMemory = "Kokkos::HostSpace";

    /// <summary>
    /// C++ spelling of a value type (scalar or memref); a located error for anything else. Memrefs
    /// are Views in <paramref name="space"/>: the memory of the code being printed (see
    /// <see cref="CppEmitter.MemorySpace"/>); module globals and the public API always use
    /// <see cref="DeviceMemory"/>.
    /// </summary>
    public string Of(Type type, Location at, string space) =>
        type.IsMemRef ? View(type, at, space) : type.IsVector ? Vector(type, at) : Scalar(type, at);

    /// <summary>True once a vector type was printed (the source then carries <c>lapis_rt::vec</c>).</summary>
    public bool UsesVectors { get; private set; }

    /// <summary>A fixed-size vector as a row-major array: <c>lapis_rt::vec&lt;double, 6&gt;</c> for <c>vector&lt;2x3xf64&gt;</c>.</summary>
    public string Vector(Type vector, Location at)
    {
        if (vector.Shape.Any(d => d is null)) throw Unsupported(vector, at);
        UsesVectors = true;
        return $"lapis_rt::vec<{Scalar(vector.ElementType, at)}, {Printers.VectorPrinters.Count(vector)}>";
    }

    public string Scalar(Type type, Location at)
    {
        if (type.IsIndex) return Index;
        if (type.IsInteger && !type.IsUnsignedInteger)
        {
            switch (type.IntegerWidth)
            {
                case 1: return "bool";
                case 8: return "int8_t";
                case 16: return "int16_t";
                case 32: return "int32_t";
                case 64: return "int64_t";
            }
        }
        if (type.IsF32) return "float";
        if (type.IsF64) return "double";
        if (type.IsF16) return Half;
        if (type.IsBF16)
        {
            UsesBFloat16 = true;
            return BFloat16;
        }
        // An opaque handle of MLIR's runtime (the random generator of rtsrand); only calls use it.
        if (type.IsLLVMPointer) return "void*";
        if (SparseEncoding.OfStorageSpecifier(type) is { } encoding)
        {
            UsesSparse = true;
            if (encoding.IsSlice)
            {
                UsesSliceSizes = true;
                return $"lapis_rt::SliceSizes<{encoding.LevelCount}>";
            }
            return Sparse.SparseStorageLayout.SizesCppType(encoding.LevelCount);
        }
        throw Unsupported(type, at);
    }

    /// <summary>True once the storage specifier of a tensor slice was printed (the source then defines <c>lapis_rt::SliceSizes</c>).</summary>
    public bool UsesSliceSizes { get; private set; }

    /// <summary>True once a sparse storage type was printed (the header then carries the sparse runtime).</summary>
    public bool UsesSparse { get; set; }

    /// <summary><c>Kokkos::View&lt;float**, Kokkos::LayoutRight, Kokkos::HostSpace&gt;</c> for memref&lt;?x4xf32&gt;.</summary>
    public string View(Type memref, Location at, string space, string? layout = null, bool constElements = false)
    {
        if (!memref.IsMemRef) throw Unsupported(memref, at);
        var element = memref.ElementType;
        if (element.IsMemRef || element.IsVector) throw Unsupported(memref, at);
        var scalar = Scalar(element, at);
        var data = $"{(constElements ? "const " : "")}{scalar}{new string('*', memref.Rank)}";
        var chosenLayout = layout ?? Layout(memref, at);
        // The header's aliases keep signatures readable: DeviceView<float**>, HostView<float**>.
        if (chosenLayout == LayoutRight && space == DeviceMemory) return $"{DeviceViewAlias}<{data}>";
        if (chosenLayout == LayoutRight && space == HostMemory) return $"{HostViewAlias}<{data}>";
        return $"Kokkos::View<{data}, {chosenLayout}, {space}>";
    }

    /// <summary>True once a DualView was printed (the source then includes Kokkos_DualView.hpp).</summary>
    public bool UsesDualView { get; private set; }

    /// <summary><c>Kokkos::DualView&lt;float**, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space&gt;</c>: its device View is the memref's DeviceView.</summary>
    public string DualView(Type memref, Location at)
    {
        UsesDualView = true;
        return $"Kokkos::DualView<{Scalar(memref.ElementType, at)}{new string('*', memref.Rank)}, {Layout(memref, at)}, {DeviceMemory}>";
    }

    public static string Layout(Type memref, Location at)
    {
        if (memref.HasIdentityLayout) return LayoutRight;
        if (memref.StridesAndOffset is null) throw Unsupported(memref, at);
        return LayoutStride;
    }

    public static bool IsLayoutRight(Type memref) => memref.HasIdentityLayout;

    /// <summary>The unsigned type of the same width (for the unsigned arith ops); bool stays bool.</summary>
    public static string Unsigned(Type type, Location at)
    {
        if (type.IsIndex) return "uint64_t";
        if (type.IsInteger)
        {
            switch (type.IntegerWidth)
            {
                case 1: return "bool";
                case 8: return "uint8_t";
                case 16: return "uint16_t";
                case 32: return "uint32_t";
                case 64: return "uint64_t";
            }
        }
        throw Unsupported(type, at);
    }

    /// <summary>Bit width of an integer or index type (index is 64 bits, as int64_t).</summary>
    public static int IntegerBits(Type type) => type.IsIndex ? 64 : type.IntegerWidth;

    public static bool IsBool(Type type) => type.IsInteger && type.IntegerWidth == 1;

    public static bool IsIntegerLike(Type type) => type.IsIndex || type.IsInteger;

    /// <summary>f16 and bf16: computed through float by the math and conversion printers.</summary>
    public static bool IsSmallFloat(Type type) => type.IsF16 || type.IsBF16;

    public static TranslationException Unsupported(Type type, Location at) =>
        TranslationException.At(at, $"unsupported type '{type}'");
}

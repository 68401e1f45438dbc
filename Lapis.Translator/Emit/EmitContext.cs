using Lapis.Native.Ir;

namespace Lapis.Translator.Emit;

/// <summary>
/// What every printer of one module shares: options, the module-level C++ names (functions
/// and globals), type spelling and the helpers the source needs.
/// </summary>
internal sealed class EmitContext
{
    private readonly Dictionary<string, string> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _globals = new(StringComparer.Ordinal);

    public EmitContext(EmitOptions options)
    {
        Options = options;
        // A function may share the namespace's name (axpy::axpy): C++ allows it and users expect it.
        ModuleNames = new CppNames();
        MemoryPlan = new MemoryPlan(ModuleNames);
    }

    /// <summary>Storage of the allocations lapis-plan-memory reuses across calls.</summary>
    public MemoryPlan MemoryPlan { get; }

    /// <summary>Output-argument forms (<c>f_into</c>) printed so far, by the name of the function they belong to.</summary>
    public Dictionary<string, Prototype> IntoPrototypes { get; } = new(StringComparer.Ordinal);

    public EmitOptions Options { get; }

    private readonly MemoryStream _weights = new();

    /// <summary>Bytes of the weights side file (large constants); empty when there are none.</summary>
    public byte[] Weights => _weights.ToArray();

    /// <summary>Appends raw element bytes to the weights side file (64-byte aligned) and returns their offset.</summary>
    public long AddWeights(ReadOnlySpan<byte> data)
    {
        while (_weights.Length % 64 != 0) _weights.WriteByte(0);
        var offset = _weights.Length;
        _weights.Write(data);
        return offset;
    }

    /// <summary>The C++ namespace of the generated code (set by the module emitter).</summary>
    public string Namespace { get; set; } = "";
    public CppTypes Types { get; } = new();
    public HelperSet Helpers { get; } = new();
    public OpPrinterTable Printers { get; } = OpPrinterTable.Default;

    /// <summary>Names at namespace scope; function scopes start from a copy so locals never shadow them.</summary>
    public CppNames ModuleNames { get; }

    /// <summary>Namespace-scope types the kernels need (reducers), in the order they were declared.</summary>
    public IndentedWriter Declarations { get; } = new();

    /// <summary>The same for the team-level variants, which are defined in the header.</summary>
    public IndentedWriter HeaderDeclarations { get; } = new();

    /// <summary>Kokkos Kernels headers the library calls need (<c>--kernels kokkos-kernels</c>), included in sorted order.</summary>
    public SortedSet<string> LibraryHeaders { get; } = new(StringComparer.Ordinal);

    /// <summary>A host-side <c>cf.assert</c> was printed (it throws <c>std::runtime_error</c>: the source includes &lt;stdexcept&gt;).</summary>
    public bool UsesHostAsserts { get; set; }

    /// <summary>True while a team-level variant is printed: <see cref="DeclareReducer"/> writes to <see cref="HeaderDeclarations"/>.</summary>
    public bool DeclaringInHeader { get; set; }

    /// <summary>The reducer <see cref="DeclareReducer"/> is writing, for its writer callback.</summary>
    public string? CurrentReducerName { get; private set; }

    /// <summary>
    /// Claims a unique namespace-scope name from <paramref name="wanted"/>, lets
    /// <paramref name="write"/> print the type into <see cref="Declarations"/> (with
    /// <see cref="CurrentReducerName"/> set to that name) and returns the name.
    /// </summary>
    public string DeclareReducer(string wanted, Action<IndentedWriter> write)
    {
        var name = ModuleNames.Claim(wanted);
        var target = DeclaringInHeader ? HeaderDeclarations : Declarations;
        if (!target.IsEmpty) target.Line();
        CurrentReducerName = name;
        try { write(target); }
        finally { CurrentReducerName = null; }
        return name;
    }

    /// <summary>
    /// The C++ name of a function. The sparsifier names its helpers after their shapes, with a
    /// dynamic size printed as ShapedType::kDynamic (<c>_insert_dense_compressed_9223372036854775808_…</c>);
    /// it reads as <c>dyn</c>.
    /// </summary>
    public string DeclareFunction(string symbol) =>
        _functions[symbol] = ModuleNames.Claim(symbol.Replace(DynamicSizeInSymbols, "dyn", StringComparison.Ordinal));

    private const string DynamicSizeInSymbols = "9223372036854775808";
    public string DeclareGlobal(string symbol) => _globals[symbol] = ModuleNames.Claim(symbol);

    public string Function(string symbol, Location at) =>
        _functions.TryGetValue(symbol, out var name) ? name
            : throw Load.TranslationException.At(at, $"reference to unknown function '@{symbol}'");

    public string Global(string symbol, Location at) =>
        _globals.TryGetValue(symbol, out var name) ? name
            : throw Load.TranslationException.At(at, $"reference to unknown memref.global '@{symbol}'");

    /// <summary><c>// file:line:col</c> for a location (the file name without directories), or null when unknown.</summary>
    public string? LocationComment(Location location)
    {
        var text = LocationText(location);
        return text is null ? null : "// " + text;
    }

    public string? LocationText(Location location)
    {
        var pos = location.Position;
        if (!pos.IsKnown) return null;
        var file = pos.File.Length == 0 ? Options.SourceName : Path.GetFileName(pos.File);
        return $"{file}:{pos.Line}:{pos.Column}";
    }
}

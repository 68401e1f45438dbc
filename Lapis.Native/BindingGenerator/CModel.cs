namespace Lapis.BindingGenerator;

/// <summary>Where a declaration comes from: the configured header it belongs to and the physical file/line.</summary>
public readonly record struct CLocation(string Header, string File, int Line)
{
    public override string ToString() => $"{File}:{Line} (from {Header})";
}

/// <summary>A parameter; <see cref="Name"/> is null for unnamed C parameters.</summary>
public sealed record CParameter(string? Name, string QualType);

/// <summary>An exported (non-inline) function declaration.</summary>
public sealed record CFunction(string Name, string FunctionQualType, IReadOnlyList<CParameter> Parameters, string? Doc, CLocation Location);

public sealed record CField(string Name, string QualType);

/// <summary>A complete struct definition, named by its tag or, for anonymous structs, by its typedef.</summary>
public sealed record CRecord(string Name, IReadOnlyList<CField> Fields, string? Doc, CLocation Location);

/// <summary>An enumerator; <see cref="ExplicitValue"/> is the clang-evaluated value when the C source spells one.</summary>
public sealed record CEnumerator(string Name, string? ExplicitValue);

/// <summary>An enum, named by its tag or, for anonymous enums, by its typedef.</summary>
public sealed record CEnum(string Name, string? FixedUnderlyingQualType, IReadOnlyList<CEnumerator> Enumerators, string? Doc, CLocation Location);

/// <summary>
/// A typedef. <see cref="TagName"/> is set when it names a struct/enum/union (the C# type name to use);
/// otherwise <see cref="QualType"/> is the aliased type to resolve further.
/// </summary>
public sealed record CTypedef(string Name, string QualType, string? TagName, CLocation? Location);

/// <summary>Everything read from the clang AST that the generator needs.</summary>
public sealed class CTranslationUnit
{
    /// <summary>Declarations attributed to configured headers, in source order.</summary>
    public List<CFunction> Functions { get; } = [];
    public List<CRecord> Records { get; } = [];
    public List<CEnum> Enums { get; } = [];

    /// <summary>All typedefs in the translation unit, by name (system ones included, for resolution).</summary>
    public Dictionary<string, CTypedef> Typedefs { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of every complete struct/union anywhere in the TU (configured or not).</summary>
    public HashSet<string> CompleteRecordNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of every enum anywhere in the TU.</summary>
    public HashSet<string> EnumNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Configured excludes that matched a declaration in a configured header.</summary>
    public HashSet<string> MatchedExcludes { get; } = new(StringComparer.Ordinal);

    /// <summary>Static inline functions with bodies that were skipped (not exported by the library).</summary>
    public List<string> SkippedInlineFunctions { get; } = [];
}

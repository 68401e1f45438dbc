namespace Lapis.BindingGenerator;

/// <summary>A C type as parsed from clang's printed qualType (qualifiers dropped).</summary>
public abstract record CType;

/// <summary>A builtin arithmetic/void type in canonical spelling, e.g. "unsigned long long".</summary>
public sealed record CBuiltinType(string Name) : CType;

/// <summary>A typedef name (<see cref="Tag"/> null) or an elaborated tag ("struct X", "enum X", "union X").</summary>
public sealed record CNamedType(string Name, string? Tag) : CType;

public sealed record CPointerType(CType Pointee) : CType;

/// <summary>A function type; <see cref="HasPrototype"/> is false for the K&amp;R form "T ()".</summary>
public sealed record CFunctionType(CType Return, IReadOnlyList<CType> Parameters, bool IsVariadic, bool HasPrototype) : CType;

public sealed record CArrayType(CType Element, string Size) : CType;

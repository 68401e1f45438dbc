namespace Lapis.Translator.Emit;

/// <summary>One parameter of a printed C++ function: <c>Type Name</c>.</summary>
public sealed record Parameter(string Type, string Name)
{
    public override string ToString() => $"{Type} {Name}";
}

/// <summary>The C++ prototype of a function: <c>R name(T0 a, T1 b)</c>, its parameters' names kept as data.</summary>
public sealed record Prototype(string ReturnType, string Name, IReadOnlyList<Parameter> Parameters)
{
    public override string ToString() => $"{ReturnType} {Name}({string.Join(", ", Parameters)})";
}

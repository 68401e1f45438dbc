namespace Lapis.BindingGenerator;

/// <summary>C# declarations for one configured header, already mapped and ready to print.</summary>
public sealed record HeaderBindings(
    string Header,
    string FileName,
    IReadOnlyList<EnumBinding> Enums,
    IReadOnlyList<StructBinding> Structs,
    IReadOnlyList<FunctionBinding> Functions);

public sealed record EnumMemberBinding(string Name, string? Value);

public sealed record EnumBinding(string Name, string UnderlyingType, IReadOnlyList<EnumMemberBinding> Members, string Summary);

public sealed record FieldBinding(string Type, string Name);

/// <summary>A struct; handle structs (a single <c>void* ptr</c>) are printed without a StructLayout attribute.</summary>
public sealed record StructBinding(string Name, bool IsHandle, IReadOnlyList<FieldBinding> Fields, string Summary);

public sealed record ParameterBinding(MappedType Type, string Name);

public sealed record FunctionBinding(string Name, MappedType ReturnType, IReadOnlyList<ParameterBinding> Parameters, string Summary);

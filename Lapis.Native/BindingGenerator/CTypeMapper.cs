namespace Lapis.BindingGenerator;

/// <summary>Where a type appears; decides how <c>bool</c> is spelled.</summary>
public enum TypeContext
{
    /// <summary>Function parameter: <c>bool</c> is marshalled as <c>[MarshalAs(UnmanagedType.U1)] bool</c>.</summary>
    Parameter,
    /// <summary>Function return: <c>bool</c> with <c>[return: MarshalAs(UnmanagedType.U1)]</c>.</summary>
    Return,
    /// <summary>Struct field: <c>bool</c> is <c>byte</c> so the struct stays blittable.</summary>
    Field,
    /// <summary>Parameter/return of a function-pointer type: <c>bool</c> is <c>byte</c>.</summary>
    FunctionPointer,
}

/// <summary>A C# type spelling; <see cref="IsMarshalledBool"/> asks the writer for a MarshalAs(U1) attribute.</summary>
public readonly record struct MappedType(string Name, bool IsMarshalledBool = false);

/// <summary>
/// Maps C types to blittable C# types. Typedefs are resolved (except the fixed-width integer typedefs,
/// which map by name); function-pointer typedefs are inlined as <c>delegate* unmanaged[Cdecl]&lt;...&gt;</c>.
/// Anything without an exact, portable equivalent throws.
/// </summary>
public sealed class CTypeMapper(CTranslationUnit unit, IReadOnlySet<string> emittedStructs, IReadOnlySet<string> emittedEnums)
{
    private static readonly Dictionary<string, string> FixedWidthTypedefs = new(StringComparer.Ordinal)
    {
        ["int8_t"] = "sbyte", ["uint8_t"] = "byte",
        ["int16_t"] = "short", ["uint16_t"] = "ushort",
        ["int32_t"] = "int", ["uint32_t"] = "uint",
        ["int64_t"] = "long", ["uint64_t"] = "ulong",
        ["intptr_t"] = "nint", ["uintptr_t"] = "nuint", ["size_t"] = "nuint",
    };

    // "long"/"unsigned long"/"long double" are deliberately absent: their size is platform dependent.
    private static readonly Dictionary<string, string> Builtins = new(StringComparer.Ordinal)
    {
        ["void"] = "void",
        ["char"] = "sbyte", ["signed char"] = "sbyte", ["unsigned char"] = "byte",
        ["short"] = "short", ["unsigned short"] = "ushort",
        ["int"] = "int", ["unsigned int"] = "uint",
        ["long long"] = "long", ["unsigned long long"] = "ulong",
        ["float"] = "float", ["double"] = "double",
    };

    private readonly Dictionary<string, CType> _parsed = new(StringComparer.Ordinal);

    public MappedType Map(string qualType, TypeContext context) => Map(Parse(qualType), context);

    public MappedType Map(CType type, TypeContext context) => Resolve(type) switch
    {
        CBuiltinType { Name: "bool" } => context is TypeContext.Parameter or TypeContext.Return
            ? new MappedType("bool", IsMarshalledBool: true)
            : new MappedType("byte"),
        CBuiltinType builtin => new MappedType(Builtins.GetValueOrDefault(builtin.Name)
            ?? throw new GeneratorException($"C type '{builtin.Name}' has no portable C# equivalent")),
        CNamedType { Tag: null } named => new MappedType(FixedWidthTypedefs[named.Name]),
        CNamedType tagged => new MappedType(TagTypeName(tagged)),
        CPointerType pointer => new MappedType(MapPointer(pointer.Pointee)),
        CFunctionType => throw new GeneratorException("a function type can only be used through a pointer"),
        CArrayType => throw new GeneratorException("array types are not supported"),
        var other => throw new GeneratorException($"unsupported type {other}"),
    };

    /// <summary>True when the C type is a pointer to (const) void, after typedef resolution.</summary>
    public bool IsVoidPointer(string qualType) =>
        Resolve(Parse(qualType)) is CPointerType pointer && Resolve(pointer.Pointee) is CBuiltinType { Name: "void" };

    private string MapPointer(CType pointee) => Resolve(pointee) switch
    {
        CBuiltinType { Name: "char" or "signed char" } => "sbyte*",
        CBuiltinType { Name: "bool" } => "bool*",
        CFunctionType function => FunctionPointer(function),
        CNamedType { Tag: not null } tagged when IsOpaque(tagged) => "void*",
        var resolved => Map(resolved, TypeContext.Field).Name + "*",
    };

    private string FunctionPointer(CFunctionType function)
    {
        if (function.IsVariadic) throw new GeneratorException("variadic function pointers are not supported");
        if (!function.HasPrototype) throw new GeneratorException("function pointers without a prototype are not supported");
        var types = function.Parameters.Select(p => Map(p, TypeContext.FunctionPointer).Name)
            .Append(Map(function.Return, TypeContext.FunctionPointer).Name);
        return $"delegate* unmanaged[Cdecl]<{string.Join(", ", types)}>";
    }

    private string TagTypeName(CNamedType tagged)
    {
        if (tagged.Tag == "enum")
            return emittedEnums.Contains(tagged.Name) ? tagged.Name
                : throw new GeneratorException($"enum '{tagged.Name}' is not emitted (declared outside the configured headers, or excluded)");
        if (emittedStructs.Contains(tagged.Name)) return tagged.Name;
        if (IsOpaque(tagged)) throw new GeneratorException($"incomplete {tagged.Tag} '{tagged.Name}' used by value");
        throw new GeneratorException($"{tagged.Tag} '{tagged.Name}' is not emitted (declared outside the configured headers, or excluded)");
    }

    private bool IsOpaque(CNamedType tagged) =>
        tagged.Tag != "enum" && !unit.CompleteRecordNames.Contains(tagged.Name) && !unit.EnumNames.Contains(tagged.Name);

    /// <summary>Follows typedefs down to a builtin, tag, pointer or function type; fixed-width integer typedefs stop the walk.</summary>
    private CType Resolve(CType type)
    {
        for (var depth = 0; type is CNamedType { Tag: null } named && !FixedWidthTypedefs.ContainsKey(named.Name); depth++)
        {
            if (depth > 64) throw new GeneratorException($"typedef cycle at '{named.Name}'");
            if (!unit.Typedefs.TryGetValue(named.Name, out var typedef))
                throw new GeneratorException($"unknown type name '{named.Name}'");
            type = typedef.TagName is { } tagName
                ? new CNamedType(tagName, unit.EnumNames.Contains(tagName) ? "enum" : "struct")
                : Parse(typedef.QualType);
        }
        return type;
    }

    private CType Parse(string qualType)
    {
        if (!_parsed.TryGetValue(qualType, out var type))
            _parsed[qualType] = type = CTypeParser.Parse(qualType);
        return type;
    }
}

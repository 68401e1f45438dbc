using System.Globalization;

namespace Lapis.BindingGenerator;

/// <summary>Maps the C declarations of each configured header to C# bindings (one <see cref="HeaderBindings"/> per header).</summary>
public sealed class BindingBuilder
{
    private readonly CTranslationUnit _unit;
    private readonly CTypeMapper _mapper;

    private BindingBuilder(CTranslationUnit unit)
    {
        _unit = unit;
        // Structs and enums share the C# namespace, so their names must be unique together.
        UniqueNames(unit.Records.Select(r => (r.Name, r.Location)).Concat(unit.Enums.Select(e => (e.Name, e.Location))));
        var structs = unit.Records.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var enums = unit.Enums.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        _mapper = new CTypeMapper(unit, structs, enums);
    }

    public static IReadOnlyList<HeaderBindings> Build(CTranslationUnit unit, HeaderSet headers)
    {
        var builder = new BindingBuilder(unit);
        return headers.Headers.Select(builder.BuildHeader).ToList();
    }

    /// <summary><c>mlir-c/Dialect/SparseTensor.h</c> → <c>Dialect.SparseTensor.g.cs</c> (the first path segment is dropped).</summary>
    public static string FileNameFor(string header)
    {
        var segments = header.Split('/');
        var kept = segments.Length > 1 ? segments[1..] : segments;
        var joined = string.Join('.', kept);
        return (joined.EndsWith(".h", StringComparison.Ordinal) ? joined[..^2] : joined) + ".g.cs";
    }

    private HeaderBindings BuildHeader(string header) => new(
        header,
        FileNameFor(header),
        _unit.Enums.Where(e => e.Location.Header == header).Select(e => Guard(e.Location, e.Name, () => BuildEnum(e))).ToList(),
        _unit.Records.Where(r => r.Location.Header == header).Select(r => Guard(r.Location, r.Name, () => BuildStruct(r))).ToList(),
        _unit.Functions.Where(f => f.Location.Header == header).Select(f => Guard(f.Location, f.Name, () => BuildFunction(f))).ToList());

    private EnumBinding BuildEnum(CEnum e)
    {
        var members = e.Enumerators.Select(m => new EnumMemberBinding(Identifiers.Escape(m.Name), m.ExplicitValue)).ToList();
        var underlying = e.FixedUnderlyingQualType is { } fixedType
            ? _mapper.Map(fixedType, TypeContext.Field).Name
            : ImplicitUnderlyingType(e);
        if (underlying is not ("sbyte" or "byte" or "short" or "ushort" or "int" or "uint" or "long" or "ulong"))
            throw new GeneratorException($"enum underlying type '{underlying}' is not an integer type");
        return new EnumBinding(e.Name, underlying, members, Summary(e.Doc, e.Location));
    }

    /// <summary>C enums without a fixed type are <c>int</c> unless a value does not fit; then <c>uint</c> (all non-negative) or fail.</summary>
    private static string ImplicitUnderlyingType(CEnum e)
    {
        Int128 next = 0, min = 0, max = 0;
        foreach (var member in e.Enumerators)
        {
            var value = member.ExplicitValue is { } text ? Int128.Parse(text, CultureInfo.InvariantCulture) : next;
            min = Int128.Min(min, value);
            max = Int128.Max(max, value);
            next = value + 1;
        }
        if (min >= int.MinValue && max <= int.MaxValue) return "int";
        if (min >= 0 && max <= uint.MaxValue) return "uint";
        throw new GeneratorException($"enum values [{min}, {max}] do not fit a 32-bit C enum");
    }

    private StructBinding BuildStruct(CRecord record)
    {
        var isHandle = record.Fields is [{ Name: "ptr" } only] && _mapper.IsVoidPointer(only.QualType);
        var fields = record.Fields
            .Select(f => new FieldBinding(_mapper.Map(f.QualType, TypeContext.Field).Name, Identifiers.Escape(f.Name)))
            .ToList();
        return new StructBinding(record.Name, isHandle, fields, Summary(record.Doc, record.Location));
    }

    private FunctionBinding BuildFunction(CFunction function)
    {
        if (CTypeParser.Parse(function.FunctionQualType) is not CFunctionType type)
            throw new GeneratorException($"'{function.FunctionQualType}' is not a function type");
        if (type.IsVariadic) throw new GeneratorException("variadic functions are not supported");
        // "T f()" has no prototype in C17, but these headers are also C++ headers (the library is
        // compiled as C++), where "()" means "(void)"; so it binds as a parameterless function.
        if (type.Parameters.Count != function.Parameters.Count)
            throw new GeneratorException($"type '{function.FunctionQualType}' disagrees with {function.Parameters.Count} parameter declarations");

        var parameters = function.Parameters
            .Select((p, i) => new ParameterBinding(_mapper.Map(p.QualType, TypeContext.Parameter), Identifiers.Escape(p.Name ?? $"param{i}")))
            .ToList();
        var returnType = _mapper.Map(type.Return, TypeContext.Return);
        return new FunctionBinding(function.Name, returnType, parameters, Summary(function.Doc, function.Location));
    }

    private static string Summary(string? doc, CLocation location) => doc ?? $"C: {location.Header}";

    private static T Guard<T>(CLocation location, string name, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (GeneratorException e)
        {
            throw new GeneratorException($"{location}: cannot bind '{name}': {e.Message}");
        }
    }

    private static void UniqueNames(IEnumerable<(string Name, CLocation Location)> declarations)
    {
        var seen = new Dictionary<string, CLocation>(StringComparer.Ordinal);
        foreach (var (name, location) in declarations)
            if (!seen.TryAdd(name, location))
                throw new GeneratorException($"{location}: '{name}' is defined twice (first at {seen[name]}).");
    }
}

using System.Text.Json;

namespace Lapis.BindingGenerator;

/// <summary>
/// Reads the top-level declarations of a clang JSON AST dump into a <see cref="CTranslationUnit"/>.
/// Functions, structs and enums are kept only when they belong to a configured header (directly, or
/// through a <c>.inc</c> fragment such as <c>Passes.capi.h.inc</c> that a configured header includes);
/// typedefs and tag names are kept for the whole TU so types can be resolved.
/// </summary>
public sealed class ClangAstReader
{
    private readonly HeaderSet _headers;
    private readonly IReadOnlySet<string> _excludes;
    private readonly LocationTracker _tracker = new();
    private readonly CTranslationUnit _unit = new();

    // Anonymous structs/enums get their name from the typedef that refers to them by declaration id.
    private readonly List<(string Id, JsonElement Node, CLocation? Location)> _records = [];
    private readonly List<(string Id, JsonElement Node, CLocation? Location)> _enums = [];
    private readonly Dictionary<string, string> _typedefNameByTagId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CFunction> _functionsByName = new(StringComparer.Ordinal);

    private ClangAstReader(HeaderSet headers, IReadOnlySet<string> excludes)
    {
        _headers = headers;
        _excludes = excludes;
    }

    /// <summary>Reads the dump; names in <paramref name="excludes"/> are known for resolution but never emitted.</summary>
    public static CTranslationUnit Read(byte[] astJson, HeaderSet headers, IReadOnlySet<string> excludes)
    {
        using var document = JsonDocument.Parse(astJson, new JsonDocumentOptions { MaxDepth = 10_000 });
        var reader = new ClangAstReader(headers, excludes);
        reader.ReadTopLevel(document.RootElement);
        reader.ResolveTags();
        return reader._unit;
    }

    private void ReadTopLevel(JsonElement translationUnit)
    {
        foreach (var node in translationUnit.GetProperty("inner").EnumerateArray())
        {
            // "loc" precedes "range"/"inner" in the dump, so after replaying it the tracker holds the
            // declaration's (expansion) location; then replay the rest to keep the state in sync.
            if (node.TryGetProperty("loc", out var loc)) _tracker.Visit(loc);
            var location = Attribute(_tracker.File, _tracker.Line);
            _tracker.VisitExcept(node, "loc");

            switch (Str(node, "kind"))
            {
                case "FunctionDecl": ReadFunction(node, location); break;
                case "RecordDecl": _records.Add((Str(node, "id")!, node, location)); break;
                case "EnumDecl": _enums.Add((Str(node, "id")!, node, location)); break;
                case "TypedefDecl": ReadTypedef(node, location); break;
                default:
                    if (location is { } at)
                        throw new GeneratorException($"{at}: unsupported top-level declaration {Str(node, "kind")} '{Str(node, "name")}'.");
                    break;
            }
        }
    }

    /// <summary>
    /// The configured header a declaration belongs to: its own file, or, for a textual fragment
    /// (<c>*.inc</c>, e.g. <c>mlir/Conversion/Passes.capi.h.inc</c>), the header that includes it.
    /// Ordinary headers pulled in by a configured header (stdint.h, llvm-c/Core.h) do not belong to it.
    /// </summary>
    private CLocation? Attribute(string? file, int line)
    {
        for (var current = file; current is not null; current = _tracker.IncluderOf(current))
        {
            if (_headers.HeaderFor(current) is { } header) return new CLocation(header, file!, line);
            if (!current.EndsWith(".inc", StringComparison.Ordinal)) return null;
        }
        return null;
    }

    private void ReadFunction(JsonElement node, CLocation? location)
    {
        var name = Str(node, "name")!;
        if (location is not { } at || IsExcluded(name)) return;
        var children = Inner(node).ToList();
        if (children.Any(c => Str(c, "kind") == "CompoundStmt") || Str(node, "storageClass") == "static")
        {
            _unit.SkippedInlineFunctions.Add(name);
            return;
        }
        var parameters = children
            .Where(c => Str(c, "kind") == "ParmVarDecl")
            .Select(p => new CParameter(Str(p, "name"), QualType(p)))
            .ToList();
        var function = new CFunction(name, QualType(node), parameters, DocComment.FirstSentence(node), at);

        if (_functionsByName.TryGetValue(name, out var previous))
        {
            if (previous.FunctionQualType != function.FunctionQualType)
                throw new GeneratorException($"{at}: '{name}' redeclared as '{function.FunctionQualType}', first declared at {previous.Location} as '{previous.FunctionQualType}'.");
            return;
        }
        _functionsByName.Add(name, function);
        _unit.Functions.Add(function);
    }

    private void ReadTypedef(JsonElement node, CLocation? location)
    {
        var name = Str(node, "name")!;
        var tagId = TagDeclarationId(node);
        if (tagId is not null) _typedefNameByTagId.TryAdd(tagId, name);
        // TagName is filled in by ResolveTags once every record/enum is known.
        _unit.Typedefs[name] = new CTypedef(name, QualType(node), null, location);
    }

    /// <summary>The id of the struct/enum/union a typedef aliases directly, following sugar nodes.</summary>
    private static string? TagDeclarationId(JsonElement typedef)
    {
        var current = typedef;
        while (true)
        {
            var typeNode = Inner(current).FirstOrDefault(c => Str(c, "kind") is { } k && k.EndsWith("Type", StringComparison.Ordinal));
            if (typeNode.ValueKind != JsonValueKind.Object) return null;
            switch (Str(typeNode, "kind"))
            {
                case "RecordType" or "EnumType":
                    return typeNode.TryGetProperty("decl", out var decl) ? Str(decl, "id") : null;
                case "ElaboratedType" or "ParenType" or "QualType":
                    current = typeNode;
                    continue;
                default:
                    return null;
            }
        }
    }

    private void ResolveTags()
    {
        var tagNameById = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, node, location) in _records)
        {
            var name = TagName(id, node, location);
            if (name is null) continue;
            tagNameById[id] = name;
            if (node.TryGetProperty("completeDefinition", out var complete) && complete.GetBoolean())
            {
                _unit.CompleteRecordNames.Add(name);
                if (location is { } at && !IsExcluded(name)) _unit.Records.Add(ReadRecord(name, node, at));
            }
        }
        foreach (var (id, node, location) in _enums)
        {
            var name = TagName(id, node, location);
            if (name is null) continue;
            tagNameById[id] = name;
            _unit.EnumNames.Add(name);
            if (location is { } at && !IsExcluded(name)) _unit.Enums.Add(ReadEnum(name, node, at));
        }
        foreach (var (tagId, typedefName) in _typedefNameByTagId)
        {
            if (!tagNameById.TryGetValue(tagId, out var tagName)) continue;
            var typedef = _unit.Typedefs[typedefName];
            _unit.Typedefs[typedefName] = typedef with { TagName = tagName };
        }
    }

    private bool IsExcluded(string name)
    {
        if (!_excludes.Contains(name)) return false;
        _unit.MatchedExcludes.Add(name);
        return true;
    }

    /// <summary>The tag name, else the name of the typedef that aliases it; an unnameable type in a configured header is an error.</summary>
    private string? TagName(string id, JsonElement node, CLocation? location)
    {
        var name = Str(node, "name") is { Length: > 0 } tag ? tag : _typedefNameByTagId.GetValueOrDefault(id);
        if (name is null && location is { } at)
            throw new GeneratorException($"{at}: anonymous {Str(node, "kind")} without a typedef name is not supported.");
        return name;
    }

    private static CRecord ReadRecord(string name, JsonElement node, CLocation location)
    {
        if (Str(node, "tagUsed") != "struct")
            throw new GeneratorException($"{location}: '{name}' is a {Str(node, "tagUsed")}; only structs are supported.");
        var fields = new List<CField>();
        foreach (var child in Inner(node))
        {
            switch (Str(child, "kind"))
            {
                case "FieldDecl":
                    if (child.TryGetProperty("isBitfield", out _))
                        throw new GeneratorException($"{location}: bit-field '{name}.{Str(child, "name")}' is not supported.");
                    fields.Add(new CField(Str(child, "name") ?? throw new GeneratorException($"{location}: anonymous field in '{name}' is not supported."), QualType(child)));
                    break;
                case "RecordDecl" or "EnumDecl":
                    throw new GeneratorException($"{location}: nested type declaration inside '{name}' is not supported.");
            }
        }
        return new CRecord(name, fields, DocComment.FirstSentence(node), location);
    }

    private static CEnum ReadEnum(string name, JsonElement node, CLocation location)
    {
        var enumerators = Inner(node)
            .Where(c => Str(c, "kind") == "EnumConstantDecl")
            .Select(c => new CEnumerator(Str(c, "name")!, ExplicitValue(c, location)))
            .ToList();
        string? underlying = node.TryGetProperty("fixedUnderlyingType", out var fixedType) ? Str(fixedType, "qualType") : null;
        return new CEnum(name, underlying, enumerators, DocComment.FirstSentence(node), location);
    }

    /// <summary>The value clang computed for an explicit initializer (the outermost "value" in the init expression).</summary>
    private static string? ExplicitValue(JsonElement enumerator, CLocation location)
    {
        var init = Inner(enumerator).Where(c => Str(c, "kind") != "FullComment").ToList();
        if (init.Count == 0) return null;
        return FindValue(init[0])
            ?? throw new GeneratorException($"{location}: cannot evaluate the initializer of enumerator '{Str(enumerator, "name")}'.");
    }

    private static string? FindValue(JsonElement expression)
    {
        if (expression.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
            return value.GetString();
        foreach (var child in Inner(expression))
            if (FindValue(child) is { } found) return found;
        return null;
    }

    private static IEnumerable<JsonElement> Inner(JsonElement node) =>
        node.TryGetProperty("inner", out var inner) ? inner.EnumerateArray() : [];

    private static string? Str(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string QualType(JsonElement node) => Str(node.GetProperty("type"), "qualType")!;
}

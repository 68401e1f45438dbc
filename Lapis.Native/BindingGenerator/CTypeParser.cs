namespace Lapis.BindingGenerator;

/// <summary>
/// Parses the type strings clang prints ("const char *const *", "void (*)(MlirStringRef, void *)",
/// "MlirStringRef (const char *, size_t)") into <see cref="CType"/> trees.
/// Grammar: specifiers, then a C abstract declarator (pointers, parenthesised nested declarator,
/// then function/array suffixes).
/// </summary>
public sealed class CTypeParser
{
    private static readonly HashSet<string> Qualifiers = ["const", "volatile", "restrict", "__restrict", "_Nonnull", "_Nullable"];
    private static readonly HashSet<string> BuiltinWords = ["void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "bool", "_Bool"];

    private readonly List<string> _tokens;
    private readonly string _text;
    private int _position;

    private CTypeParser(List<string> tokens, string text)
    {
        _tokens = tokens;
        _text = text;
    }

    public static CType Parse(string qualType)
    {
        var parser = new CTypeParser(Tokenize(qualType), qualType);
        var type = parser.ParseTypeName();
        parser.ExpectEnd();
        return type;
    }

    private CType ParseTypeName() => ParseDeclarator(ParseSpecifiers());

    private CType ParseSpecifiers()
    {
        var words = new List<string>();
        string? tag = null, name = null;
        while (Peek() is { } token && IsIdentifier(token))
        {
            if (Qualifiers.Contains(token)) { Next(); continue; }
            if (token is "struct" or "union" or "enum")
            {
                Next();
                tag = token;
                name = Next() is { } tagName && IsIdentifier(tagName) ? tagName : throw Error("expected a tag name");
                continue;
            }
            if (BuiltinWords.Contains(token)) { words.Add(Next()!); continue; }
            if (name is not null || words.Count > 0) break; // an identifier after the type would be a declarator name
            name = Next();
        }
        if (words.Count > 0)
        {
            if (name is not null) throw Error("mixed builtin and named type specifiers");
            return new CBuiltinType(CanonicalBuiltin(words));
        }
        return name is not null ? new CNamedType(name, tag) : throw Error("expected a type");
    }

    private CType ParseDeclarator(CType type)
    {
        while (Peek() == "*")
        {
            Next();
            while (Peek() is { } q && Qualifiers.Contains(q)) Next();
            type = new CPointerType(type);
        }
        if (Peek() == "(" && Peek(1) is "*" or "(" or "^")
        {
            Next();
            var start = _position;
            SkipBalanced();
            var nested = _tokens.GetRange(start, _position - start);
            Expect(")");
            type = ParseSuffixes(type);
            var inner = new CTypeParser(nested, _text);
            var result = inner.ParseDeclarator(type);
            inner.ExpectEnd();
            return result;
        }
        return ParseSuffixes(type);
    }

    // In "T D(params)[n]" the first suffix is the outermost type constructor.
    private CType ParseSuffixes(CType type)
    {
        if (Peek() == "(")
        {
            Next();
            var (parameters, variadic, prototype) = ParseParameters();
            return new CFunctionType(ParseSuffixes(type), parameters, variadic, prototype);
        }
        if (Peek() == "[")
        {
            Next();
            var size = Peek() == "]" ? "" : Next()!;
            Expect("]");
            return new CArrayType(ParseSuffixes(type), size);
        }
        return type;
    }

    private (List<CType> Parameters, bool Variadic, bool Prototype) ParseParameters()
    {
        var parameters = new List<CType>();
        if (Peek() == ")") { Next(); return (parameters, false, false); }
        if (Peek() == "void" && Peek(1) == ")") { Next(); Next(); return (parameters, false, true); }
        var variadic = false;
        while (true)
        {
            if (Peek() == "...") { Next(); variadic = true; }
            else parameters.Add(ParseTypeName());
            if (Peek() == ",") { Next(); continue; }
            Expect(")");
            return (parameters, variadic, true);
        }
    }

    private static string CanonicalBuiltin(List<string> words)
    {
        var longs = words.Count(w => w == "long");
        var unsigned = words.Contains("unsigned");
        var signed = words.Contains("signed");
        var core = words.FirstOrDefault(w => w is "void" or "char" or "short" or "float" or "double" or "bool" or "_Bool");
        var result = core switch
        {
            "_Bool" => "bool",
            "char" => signed ? "signed char" : "char",
            null when longs > 0 => string.Join(' ', Enumerable.Repeat("long", longs)),
            null => "int",
            "double" when longs > 0 => "long double",
            _ => core,
        };
        return unsigned ? "unsigned " + result : result;
    }

    private void SkipBalanced()
    {
        var depth = 0;
        while (Peek() is { } token)
        {
            if (token == "(") depth++;
            else if (token == ")") { if (depth == 0) return; depth--; }
            Next();
        }
        throw Error("unbalanced parentheses");
    }

    private string? Peek(int ahead = 0) => _position + ahead < _tokens.Count ? _tokens[_position + ahead] : null;
    private string? Next() => _position < _tokens.Count ? _tokens[_position++] : null;

    private void Expect(string token)
    {
        if (Next() != token) throw Error($"expected '{token}'");
    }

    private void ExpectEnd()
    {
        if (_position != _tokens.Count) throw Error($"unexpected '{_tokens[_position]}'");
    }

    private GeneratorException Error(string what) => new($"cannot parse C type '{_text}': {what}");

    private static bool IsIdentifier(string token) => char.IsLetter(token[0]) || token[0] == '_';

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(text[start..i]);
                continue;
            }
            if (text.AsSpan(i).StartsWith("...")) { tokens.Add("..."); i += 3; continue; }
            if (c is '*' or '(' or ')' or ',' or '[' or ']' or '^') { tokens.Add(c.ToString()); i++; continue; }
            throw new GeneratorException($"cannot parse C type '{text}': unexpected character '{c}'");
        }
        return tokens;
    }
}

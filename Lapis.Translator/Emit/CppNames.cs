using System.Text;

namespace Lapis.Translator.Emit;

/// <summary>
/// Valid, non-reserved, unique C++ identifiers. A <see cref="CppNames"/> instance is one
/// naming scope (a module's symbols, or a function's locals seeded with them).
/// </summary>
internal sealed class CppNames
{
    private readonly HashSet<string> _taken;

    public CppNames(IEnumerable<string>? taken = null) => _taken = new HashSet<string>(taken ?? [], StringComparer.Ordinal);

    public IEnumerable<string> Taken => _taken;

    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Claims <paramref name="wanted"/> made valid, with <c>_1</c>, <c>_2</c>... appended until unique.</summary>
    public string Claim(string wanted)
    {
        var name = Sanitize(wanted);
        if (!_taken.Contains(name))
        {
            _taken.Add(name);
            return name;
        }
        for (var i = 1; ; i++)
        {
            var candidate = $"{name}_{i}";
            if (_taken.Add(candidate)) return candidate;
        }
    }

    /// <summary>The next free <c>{prefix}{n}</c> with n counting up from <paramref name="counter"/>.</summary>
    public string ClaimNumbered(string prefix, ref int counter)
    {
        while (true)
        {
            var candidate = prefix + counter++;
            if (_taken.Add(candidate)) return candidate;
        }
    }

    /// <summary>
    /// Maps any text to an identifier: characters outside [A-Za-z0-9_] become '_', runs of '_'
    /// collapse (names with "__" are reserved), leading '_' is dropped (reserved before an
    /// uppercase letter), a leading digit gets a "v_" prefix, keywords get a '_' suffix.
    /// </summary>
    public static string Sanitize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var ok = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
            var ch = ok ? c : '_';
            if (ch == '_' && (sb.Length == 0 || sb[^1] == '_')) continue;
            sb.Append(ch);
        }
        while (sb.Length > 0 && sb[^1] == '_') sb.Length--;
        var name = sb.ToString();
        if (name.Length == 0) return "v";
        if (char.IsDigit(name[0])) name = "v_" + name;
        return Reserved.Contains(name) ? name + "_" : name;
    }

    /// <summary>
    /// True for names a namespace or identifier of ours must not take: C++ keywords, the names the
    /// printed code refers to (<c>std</c>, <c>Kokkos</c>...), and identifiers the standard reserves
    /// (containing <c>__</c>, or starting with <c>_</c>).
    /// </summary>
    public static bool IsReserved(string name) =>
        Reserved.Contains(name) || name.Contains("__", StringComparison.Ordinal) || name.StartsWith('_');

    /// <summary>C++ keywords and names the generated code itself refers to unqualified.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
        "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval",
        "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype",
        "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern",
        "false", "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace",
        "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected",
        "public", "register", "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
        "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw",
        "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
        "volatile", "wchar_t", "while", "xor", "xor_eq",
        // Names the printed code uses.
        "std", "Kokkos", "lapis_rt", "lapis_math", "lapis_bf16_t", "initialize", "finalize",
        "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
        "size_t", "ptrdiff_t", "memcpy",
        "INT8_MIN", "INT16_MIN", "INT32_MIN", "INT64_MIN", "INT64_C", "NULL",
    };
}

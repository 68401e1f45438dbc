using System.Text;
using System.Text.RegularExpressions;

namespace Lapis.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of MLIR text: the same seed and input give the same bytes on every
/// machine (System.Random with a seed is a fixed algorithm). Each mutator targets one part of
/// the grammar: tokens, types, numbers, attributes, sparse encodings, truncation, nesting, bytes.
/// </summary>
public static partial class MlirMutator
{
    public delegate byte[] Mutation(Random random, string text);

    public static readonly IReadOnlyList<(string Name, Mutation Apply)> All =
    [
        ("token-delete", (r, t) => Utf8(EditToken(r, t, _ => ""))),
        ("token-duplicate", (r, t) => Utf8(EditToken(r, t, tok => tok + " " + tok))),
        ("token-swap", (r, t) => Utf8(SwapTokens(r, t))),
        ("type", (r, t) => Utf8(ReplaceMatch(r, t, TypeToken(), _ => Pick(r, Types)))),
        ("number", (r, t) => Utf8(ReplaceMatch(r, t, NumberToken(), _ => Pick(r, Numbers(r))))),
        ("attribute", (r, t) => Utf8(ReplaceMatch(r, t, AttributeValue(), _ => Pick(r, Attributes)))),
        ("sparse-encoding", (r, t) => Utf8(ReplaceMatch(r, t, LevelType(), _ => Pick(r, LevelTypes)))),
        ("dim-index", (r, t) => Utf8(ReplaceMatch(r, t, IndexConstant(), _ => $"arith.constant {Pick(r, ["-1", "-7", "3", "17", "9223372036854775807"])} : index"))),
        ("truncate", (r, t) => Utf8(t[..r.Next(t.Length + 1)])),
        ("nesting", (r, t) => Utf8(Nest(r, t))),
        ("bytes", (r, t) => FlipBytes(r, Utf8(t))),
        ("bom", (_, t) => [0xEF, 0xBB, 0xBF, .. Utf8(t)]),
    ];

    /// <summary>One mutation (often), or two or three, chosen by <paramref name="random"/>; returns the names applied.</summary>
    public static (byte[] Bytes, string Names) Mutate(Random random, string text)
    {
        var count = random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        var names = new List<string>();
        var current = text;
        byte[] bytes = Utf8(text);
        for (var i = 0; i < count; i++)
        {
            var (name, apply) = All[random.Next(All.Count)];
            bytes = apply(random, current);
            names.Add(name);
            current = Encoding.UTF8.GetString(bytes);
        }
        return (bytes, string.Join("+", names));
    }

    private static readonly string[] Types = ["f32", "f64", "f16", "bf16", "i1", "i8", "i32", "i64", "index", "i0", "i65536", "f8E4M3FN", "complex<f32>", "none", "memref<?xf32>", "tensor<*xf32>", "vector<4xf32>"];

    private static string[] Numbers(Random r) =>
    [
        "0", "-1", "1", "2147483648", "-9223372036854775809", "18446744073709551616", "1e309", "-0.0", "0x7FC00000",
        "nan", "inf", "1.5", "99999999999999999999999999", new string('9', 20 + r.Next(1500)),
    ];

    private static readonly string[] Attributes =
    [
        "array<i64: 1, 0>", "array<i64>", "array<i64: 5, -1>", "[1e309, 0]", "dense<1.0> : tensor<2xf32>", "dense<[1, 2]> : tensor<3xi32>",
        "affine_map<(d0, d1) -> (d1, d0)>", "affine_map<(d0) -> (d0 floordiv 0)>", "unit", "\"\"", "{}", "[]", "-1 : i64",
        "#sparse_tensor.encoding<{ map = (d0) -> (d0 : compressed) }>",
    ];

    private static readonly string[] LevelTypes = ["dense", "compressed", "singleton", "loose_compressed", "compressed(nonunique)", "singleton(soa)", "n_out_of_m(2, 4)", "block2_4"];

    [GeneratedRegex(@"\b(f16|bf16|f32|f64|i1|i8|i16|i32|i64|index)\b")]
    private static partial Regex TypeToken();

    [GeneratedRegex(@"(?<![%\w#@^.])-?\d+(\.\d+)?(e[+-]?\d+)?\b")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"(?<=\s=\s)(array<[^>]*>|\[[^\]]*\]|affine_map<[^>]*>|dense<[^>]*>|\d+ : i64)")]
    private static partial Regex AttributeValue();

    [GeneratedRegex(@"\b(dense|compressed|singleton|loose_compressed)\b(?=\s*[,)])")]
    private static partial Regex LevelType();

    [GeneratedRegex(@"arith\.constant -?\d+ : index")]
    private static partial Regex IndexConstant();

    [GeneratedRegex(@"[%@#^!]?[\w.$]+|[^\s\w]")]
    private static partial Regex Token();

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string ReplaceMatch(Random r, string text, Regex regex, Func<string, string> replacement)
    {
        var matches = regex.Matches(text);
        if (matches.Count == 0) return EditToken(r, text, _ => "");
        var m = matches[r.Next(matches.Count)];
        return text[..m.Index] + replacement(m.Value) + text[(m.Index + m.Length)..];
    }

    private static string EditToken(Random r, string text, Func<string, string> edit)
    {
        var tokens = Token().Matches(text);
        if (tokens.Count == 0) return text;
        var m = tokens[r.Next(tokens.Count)];
        return text[..m.Index] + edit(m.Value) + text[(m.Index + m.Length)..];
    }

    private static string SwapTokens(Random r, string text)
    {
        var tokens = Token().Matches(text);
        if (tokens.Count < 2) return text;
        var (a, b) = (tokens[r.Next(tokens.Count)], tokens[r.Next(tokens.Count)]);
        if (a.Index > b.Index) (a, b) = (b, a);
        if (a.Index == b.Index) return text;
        return text[..a.Index] + b.Value + text[(a.Index + a.Length)..b.Index] + a.Value + text[(b.Index + b.Length)..];
    }

    /// <summary>Deep nesting at a random point: regions, parentheses or brackets, balanced or not.</summary>
    private static string Nest(Random r, string text)
    {
        var depth = Pick(r, new[] { 50, 999, 1001, 5000, 20000 });
        var (open, close) = Pick(r, new[] { ("{", "}"), ("(", ")"), ("[", "]"), ("scf.execute_region { ", " } "), ("tensor<", ">") });
        var at = r.Next(text.Length + 1);
        var sb = new StringBuilder(text.Length + depth * (open.Length + close.Length));
        sb.Append(text, 0, at);
        for (var i = 0; i < depth; i++) sb.Append(open);
        if (r.Next(2) == 0) for (var i = 0; i < depth; i++) sb.Append(close);
        sb.Append(text, at, text.Length - at);
        return sb.ToString();
    }

    private static byte[] FlipBytes(Random r, byte[] bytes)
    {
        if (bytes.Length == 0) return bytes;
        var copy = (byte[])bytes.Clone();
        var n = 1 + r.Next(8);
        for (var i = 0; i < n; i++) copy[r.Next(copy.Length)] = Pick(r, new byte[] { 0, 0xFF, 0xC3, (byte)'"', (byte)'{', (byte)'}', (byte)'%', (byte)'\n', (byte)r.Next(256) });
        return copy;
    }
}

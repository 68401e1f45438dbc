using System.Text;
using System.Text.Json;

namespace Lapis.BindingGenerator;

/// <summary>Extracts a one-sentence summary from the Doxygen comment clang attached to a declaration.</summary>
public static class DocComment
{
    /// <summary>The first sentence of the first non-empty paragraph, whitespace-normalised; null when there is none.</summary>
    public static string? FirstSentence(JsonElement declaration)
    {
        if (!declaration.TryGetProperty("inner", out var inner)) return null;
        foreach (var child in inner.EnumerateArray())
        {
            if (Kind(child) != "FullComment" || !child.TryGetProperty("inner", out var blocks)) continue;
            foreach (var block in blocks.EnumerateArray())
            {
                if (Kind(block) != "ParagraphComment") continue;
                var text = Normalize(ParagraphText(block));
                if (text.Length > 0) return CutAtSentenceEnd(text);
            }
        }
        return null;
    }

    private static string ParagraphText(JsonElement paragraph)
    {
        var text = new StringBuilder();
        if (!paragraph.TryGetProperty("inner", out var inlines)) return "";
        foreach (var inline in inlines.EnumerateArray())
        {
            if (inline.TryGetProperty("text", out var t))
                text.Append(t.GetString()).Append(' ');
            else if (Kind(inline) == "InlineCommandComment" && inline.TryGetProperty("args", out var args))
                foreach (var arg in args.EnumerateArray())
                    text.Append(arg.GetString()).Append(' ');
        }
        return text.ToString();
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string CutAtSentenceEnd(string text)
    {
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text : text[..(end + 1)];
    }

    private static string? Kind(JsonElement node) =>
        node.TryGetProperty("kind", out var kind) ? kind.GetString() : null;
}

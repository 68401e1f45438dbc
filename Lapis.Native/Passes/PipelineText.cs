namespace Lapis.Native.Passes;

/// <summary>One element of a textual pass pipeline: <c>name{options}</c> or <c>op.name(children)</c>.</summary>
public sealed record PipelineElement(string Name, string Text, IReadOnlyList<PipelineElement>? Nested, int Column)
{
    public bool IsNesting => Nested is not null;
}

/// <summary>
/// Splits MLIR's textual pipeline syntax into elements so that C# passes can be placed among
/// upstream ones. Upstream elements are handed back to MLIR verbatim (mlirOpPassManagerAddPipeline).
/// </summary>
public static class PipelineText
{
    public static IReadOnlyList<PipelineElement> Parse(string text)
    {
        var pos = 0;
        var list = ParseList(text, ref pos);
        SkipSpace(text, ref pos);
        if (pos != text.Length) throw new PipelineSyntaxException($"unexpected '{text[pos]}'", pos + 1);
        return list;
    }

    private static List<PipelineElement> ParseList(string s, ref int pos)
    {
        var list = new List<PipelineElement>();
        while (true)
        {
            SkipSpace(s, ref pos);
            if (pos >= s.Length || s[pos] == ')') return list;
            list.Add(ParseElement(s, ref pos));
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',') { pos++; continue; }
            return list;
        }
    }

    private static PipelineElement ParseElement(string s, ref int pos)
    {
        var start = pos;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] is '-' or '_' or '.')) pos++;
        if (pos == start) throw new PipelineSyntaxException($"expected a pass or operation name, found '{(pos < s.Length ? s[pos] : ' ')}'", pos + 1);
        var name = s[start..pos];
        if (pos < s.Length && s[pos] == '(')
        {
            pos++;
            var nested = ParseList(s, ref pos);
            if (pos >= s.Length || s[pos] != ')') throw new PipelineSyntaxException("expected ')'", pos + 1);
            pos++;
            return new PipelineElement(name, s[start..pos], nested, start + 1);
        }
        if (pos < s.Length && s[pos] == '{') SkipBraced(s, ref pos);
        return new PipelineElement(name, s[start..pos], null, start + 1);
    }

    private static void SkipBraced(string s, ref int pos)
    {
        var depth = 0;
        var open = pos;
        for (; pos < s.Length; pos++)
        {
            var c = s[pos];
            if (c is '"' or '\'')
            {
                var quote = c;
                for (pos++; pos < s.Length && s[pos] != quote; pos++) { }
            }
            else if (c is '{' or '[' or '(') depth++;
            else if (c is '}' or ']' or ')')
            {
                depth--;
                if (depth == 0) { pos++; return; }
            }
        }
        throw new PipelineSyntaxException("unbalanced '{'", open + 1);
    }

    private static void SkipSpace(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos])) pos++;
    }
}

public sealed class PipelineSyntaxException(string message, int column) : Exception(message)
{
    public int Column { get; } = column;
}

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
    /// <summary>Deepest nesting of <c>op(...)</c> accepted (real pipelines nest two or three levels).</summary>
    public const int MaxNesting = 64;

    public static IReadOnlyList<PipelineElement> Parse(string text)
    {
        var pos = 0;
        var list = ParseList(text, ref pos, 0);
        SkipSpace(text, ref pos);
        if (pos != text.Length) throw new PipelineSyntaxException($"unexpected '{text[pos]}'", pos + 1);
        return list;
    }

    private static List<PipelineElement> ParseList(string s, ref int pos, int depth)
    {
        if (depth > MaxNesting) throw new PipelineSyntaxException($"pass pipeline nested deeper than {MaxNesting} levels", pos + 1);
        var list = new List<PipelineElement>();
        while (true)
        {
            SkipSpace(s, ref pos);
            if (pos >= s.Length || s[pos] == ')') return list;
            list.Add(ParseElement(s, ref pos, depth));
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',') { pos++; continue; }
            return list;
        }
    }

    private static PipelineElement ParseElement(string s, ref int pos, int depth)
    {
        var start = pos;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] is '-' or '_' or '.')) pos++;
        if (pos == start) throw new PipelineSyntaxException($"expected a pass or operation name, found '{(pos < s.Length ? s[pos] : ' ')}'", pos + 1);
        var name = s[start..pos];
        if (pos < s.Length && s[pos] == '(')
        {
            pos++;
            var nested = ParseList(s, ref pos, depth + 1);
            if (pos >= s.Length || s[pos] != ')') throw new PipelineSyntaxException("expected ')'", pos + 1);
            pos++;
            return new PipelineElement(name, s[start..pos], nested, start + 1);
        }
        if (pos < s.Length && s[pos] == '{') SkipBraced(s, ref pos);
        return new PipelineElement(name, s[start..pos], null, start + 1);
    }

    /// <summary>Skips <c>{options}</c>; brackets inside must pair up (<c>{]</c> is an error, as in mlir-opt).</summary>
    private static void SkipBraced(string s, ref int pos)
    {
        var open = pos;
        var closers = new Stack<(char Closer, int Column)>();
        for (; pos < s.Length; pos++)
        {
            var c = s[pos];
            if (c is '"' or '\'')
            {
                var quote = c;
                var start = pos;
                for (pos++; pos < s.Length && s[pos] != quote; pos++) { }
                if (pos >= s.Length) throw new PipelineSyntaxException($"unterminated {quote} in pass options", start + 1);
            }
            else if (c is '{' or '[' or '(') closers.Push((c == '{' ? '}' : c == '[' ? ']' : ')', pos + 1));
            else if (c is '}' or ']' or ')')
            {
                if (closers.Count == 0 || closers.Peek().Closer != c)
                    throw new PipelineSyntaxException(closers.Count == 0 ? $"unexpected '{c}'" : $"expected '{closers.Peek().Closer}' to close the bracket at column {closers.Peek().Column}, found '{c}'", pos + 1);
                closers.Pop();
                if (closers.Count == 0) { pos++; return; }
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

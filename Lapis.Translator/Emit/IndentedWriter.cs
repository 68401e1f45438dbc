using System.Text;

namespace Lapis.Translator.Emit;

/// <summary>
/// Line-oriented text writer with two-space indentation and '\n' line endings on every
/// platform (the output must be byte-identical everywhere).
/// </summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "  ";
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Writes one line at the current depth (an empty line carries no indentation).</summary>
    public void Line(string text = "")
    {
        if (text.Length > 0)
            for (var i = 0; i < _depth; i++) _text.Append(IndentUnit);
        _text.Append(text).Append('\n');
    }

    /// <summary>Writes <c>header {</c> (then <c>  // comment</c> if given) and indents what follows.</summary>
    public void Open(string header, string? trailingComment = null)
    {
        Line(trailingComment is null ? header + " {" : $"{header} {{  {trailingComment}");
        _depth++;
    }

    /// <summary>Dedents and writes the closing line (<c>}</c> unless told otherwise).</summary>
    public void Close(string closing = "}")
    {
        if (_depth == 0) throw new InvalidOperationException("unbalanced IndentedWriter.Close");
        _depth--;
        Line(closing);
    }

    /// <summary>Closes the current brace and opens the next on one line: <c>} else {</c>.</summary>
    public void Continue(string text)
    {
        Dedent();
        Line(text + " {");
        _depth++;
    }

    /// <summary>Opens a bare C++ block: <c>{</c>.</summary>
    public void OpenBlock()
    {
        Line("{");
        _depth++;
    }

    public void Dedent()
    {
        if (_depth == 0) throw new InvalidOperationException("unbalanced IndentedWriter.Dedent");
        _depth--;
    }

    /// <summary>Appends text written by another writer (already indented) verbatim.</summary>
    public void Raw(string text) => _text.Append(text);

    public bool IsEmpty => _text.Length == 0;

    public override string ToString() => _text.ToString();
}

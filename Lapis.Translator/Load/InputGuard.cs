using System.Text;
using Lapis.Native.Ir;
using Lapis.Native.Support;

namespace Lapis.Translator.Load;

/// <summary>Bounds on what Lapis hands to MLIR's parser (each has a command-line option or a fixed, documented value).</summary>
/// <param name="MaxBytes">Largest input accepted (<c>--max-input-size</c>, in MB).</param>
/// <param name="MaxNesting">Deepest nesting of <c>{ ( [ &lt;</c> (MLIR's recursive parser overflows its stack at a few thousand regions or nested types).</param>
/// <param name="MaxNumberLength">Longest numeric literal (upstream parses integer literals in time super-linear in their length).</param>
public sealed record InputLimits(long MaxBytes, int MaxNesting = 1000, int MaxNumberLength = 1000)
{
    public const long DefaultMaxMegabytes = 1024;
    public static readonly InputLimits Default = new(DefaultMaxMegabytes << 20);
}

/// <summary>
/// Reads an input and rejects, with a located error, what must not reach MLIR's parser: a path
/// that is not a regular file (directories, devices such as /dev/zero, FIFOs), inputs over the
/// size limit, a UTF-8 byte order mark, nesting past <see cref="InputLimits.MaxNesting"/>,
/// numeric literals past <see cref="InputLimits.MaxNumberLength"/> characters, and the attribute
/// shapes MLIR 22's parser crashes on (linalg dense arrays that are no list of integers, <c>array&lt;index: ...&gt;</c>).
/// </summary>
public static class InputGuard
{
    /// <summary>Checks the file at <paramref name="path"/> ("-" = stdin, read here and returned); null text for a file (MLIR reads it).</summary>
    public static string? Check(string path, InputLimits limits)
    {
        if (path == "-")
        {
            var text = ReadBounded(Console.In, limits.MaxBytes);
            Scan(Encoding.UTF8.GetBytes(text), "<stdin>", limits);
            return text;
        }
        CheckFile(path, limits);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (UnauthorizedAccessException) { throw Error($"cannot open input file '{path}': permission denied"); }
        catch (IOException e) { throw Error($"cannot read input file '{path}': {e.Message}"); }
        Scan(bytes, path, limits);
        return null;
    }

    /// <summary>A regular file within the size limit (also for inputs that are not MLIR text, such as .onnx models).</summary>
    public static void CheckFile(string path, InputLimits limits)
    {
        switch (PathKinds.Of(path))
        {
            case PathKind.Missing:
                throw Error($"cannot open input file '{path}': no such file");
            case PathKind.Directory:
                throw Error($"input '{path}' is a directory, not an .mlir file");
            case PathKind.Special:
                throw Error($"input '{path}' is not a regular file (a device, pipe or socket): give an .mlir file, or '-' to read stdin");
        }
        var length = new FileInfo(path).Length;
        if (length > limits.MaxBytes)
            throw Error($"input '{path}' is {length / 1048576.0:F1} MB, more than the limit of {limits.MaxBytes / 1048576.0:F0} MB (--max-input-size MB raises it)");
    }

    private static string ReadBounded(TextReader reader, long maxBytes)
    {
        var sb = new StringBuilder();
        var buffer = new char[1 << 16];
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            sb.Append(buffer, 0, n);
            if (sb.Length > maxBytes)
                throw Error($"standard input is more than the limit of {maxBytes / 1048576.0:F0} MB (--max-input-size MB raises it)");
        }
        return sb.ToString();
    }

    /// <summary>One linear pass over the bytes, skipping string literals and comments.</summary>
    public static void Scan(ReadOnlySpan<byte> s, string name, InputLimits limits)
    {
        if (s is [0xEF, 0xBB, 0xBF, ..])
            throw At(name, 1, 1, "the file starts with a UTF-8 byte order mark (bytes EF BB BF), which MLIR does not accept: save the file as UTF-8 without BOM");
        int line = 1, lineStart = 0, depth = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case (byte)'\n':
                    line++;
                    lineStart = i + 1;
                    break;
                case (byte)'"':
                    for (i++; i < s.Length && s[i] != '"' && s[i] != '\n'; i++)
                        if (s[i] == '\\') i++;
                    if (i < s.Length && s[i] == '\n') { line++; lineStart = i + 1; }
                    break;
                case (byte)'/' when i + 1 < s.Length && s[i + 1] == '/':
                    while (i + 1 < s.Length && s[i + 1] != '\n') i++;
                    break;
                case (byte)'{' or (byte)'(' or (byte)'[' or (byte)'<':
                    if (++depth > limits.MaxNesting)
                        throw At(name, line, i - lineStart + 1,
                            $"nesting deeper than {limits.MaxNesting} levels of '{{', '(', '[' or '<' (MLIR's parser would run out of stack)");
                    break;
                // '>' of '->' closes nothing; a '>=' of an affine set may close one level too many,
                // which only ever makes the count lower.
                case (byte)'>' when i > 0 && s[i - 1] == '-':
                    break;
                case (byte)'}' or (byte)')' or (byte)']' or (byte)'>':
                    if (depth > 0) depth--;
                    break;
                case (byte)'p' or (byte)'d' when (i == 0 || !IsIdentifierChar(s[i - 1])) && DenseArrayKeyword(s, i) is { } keyword:
                    CheckDenseArray(s, i, keyword, name, line, lineStart);
                    i += keyword.Length - 1;
                    break;
                case (byte)'a' when (i == 0 || !IsIdentifierChar(s[i - 1])) && IndexDenseArray(s, i):
                    throw At(name, line, i - lineStart + 1,
                        "'array<index: ...>' is not a dense array MLIR can parse: its element type must be an integer (iN) or float type, e.g. array<i64: 1, 0>");
                case >= (byte)'0' and <= (byte)'9' when i == 0 || !IsIdentifierChar(s[i - 1]):
                    var start = i;
                    while (i + 1 < s.Length && IsNumberChar(s[i + 1])) i++;
                    if (i - start + 1 > limits.MaxNumberLength)
                        throw At(name, line, start - lineStart + 1,
                            $"numeric literal of {i - start + 1} characters; Lapis accepts at most {limits.MaxNumberLength}");
                    break;
            }
        }
    }

    /// <summary>linalg's custom syntax for dense i64 arrays (<c>linalg.transpose ... permutation = [1, 0]</c>, <c>dimensions = [..]</c> of broadcast/reduce).</summary>
    private static readonly string[] DenseArrayKeywords = ["permutation", "dimensions"];

    private static string? DenseArrayKeyword(ReadOnlySpan<byte> s, int i)
    {
        foreach (var k in DenseArrayKeywords)
            if (s.Length - i > k.Length && s.Slice(i, k.Length).SequenceEqual(Encoding.ASCII.GetBytes(k)) && !IsIdentifierChar(s[i + k.Length]))
                return k;
        return null;
    }

    /// <summary>
    /// MLIR 22's linalg parser dies (SIGSEGV) when the list after <c>permutation =</c> or
    /// <c>dimensions =</c> is not a list of 64-bit integers (a float, a number out of range, the
    /// end of the input, another attribute such as <c>dense&lt;...&gt;</c>): check the list first.
    /// <c>array&lt;i64: ...&gt;</c> is left to MLIR in an attribute dictionary (generic form:
    /// the keyword follows <c>{</c> or <c>,</c>); in the custom syntax it crashes the parser too.
    /// </summary>
    private static void CheckDenseArray(ReadOnlySpan<byte> s, int at, string keyword, string name, int line, int lineStart)
    {
        var i = SkipBlanks(s, at + keyword.Length);
        if (i >= s.Length || s[i] != '=') return;
        i = SkipBlanks(s, i + 1);
        if (i < s.Length && s[i..].StartsWith("array<"u8) && InAttributeDictionary(s, at)) return;
        var column = at - lineStart + 1;
        var why = $"'{keyword} =' must be followed by a list of 64-bit integers, e.g. [1, 0]";
        if (i >= s.Length) throw At(name, line, column, why + ", not the end of the input");
        if (s[i] != '[') throw At(name, line, column, why);
        i = SkipBlanks(s, i + 1);
        if (i < s.Length && s[i] == ']') return;
        while (true)
        {
            var start = i;
            if (i < s.Length && s[i] == '-') i++;
            while (i < s.Length && IsNumberChar(s[i])) i++;
            var token = Encoding.ASCII.GetString(s[start..i]);
            var hex = token.TrimStart('-');
            if (hex.StartsWith("0x", StringComparison.Ordinal) && hex.Length is > 2 and <= 18 && hex[2..].All(Uri.IsHexDigit)) { }
            else if (!long.TryParse(token, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                throw At(name, line, column, why + (token.Length == 0 ? "" : $"; '{token}' is not one"));
            i = SkipBlanks(s, i);
            if (i < s.Length && s[i] == ']') return;
            if (i >= s.Length || s[i] != ',') throw At(name, line, column, why);
            i = SkipBlanks(s, i + 1);
        }
    }

    /// <summary><c>array&lt;index</c>: MLIR 22's dense array parser dies (SIGSEGV) on an index element type.</summary>
    private static bool IndexDenseArray(ReadOnlySpan<byte> s, int i)
    {
        if (!s[i..].StartsWith("array<"u8)) return false;
        var j = SkipBlanks(s, i + "array<".Length);
        return s[j..].StartsWith("index"u8) && (j + 5 >= s.Length || !IsIdentifierChar(s[j + 5]));
    }

    private static bool InAttributeDictionary(ReadOnlySpan<byte> s, int at)
    {
        var i = at - 1;
        while (i >= 0 && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') i--;
        return i >= 0 && s[i] is (byte)'{' or (byte)',';
    }

    private static int SkipBlanks(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') i++;
        return i;
    }

    private static bool IsIdentifierChar(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'_' or (byte)'$' or (byte)'.' or (byte)'%' or (byte)'@' or (byte)'#' or (byte)'^' or (byte)'!';

    private static bool IsNumberChar(byte c) =>
        c is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'_' or (byte)'.';

    private static TranslationException Error(string message) => new(new Diagnostic(Severity.Error, default, message, []));

    private static TranslationException At(string file, int line, int column, string message) =>
        new(new Diagnostic(Severity.Error, new SourcePosition(file, line, column), message, []));
}

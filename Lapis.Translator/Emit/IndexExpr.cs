using System.Globalization;

namespace Lapis.Translator.Emit;

/// <summary>
/// An index expression of printed C++ (an offset, stride or extent of a View), built as a value
/// and printed once: it knows whether it is a constant (constants fold: <c>2 * 3</c> is
/// <c>6</c>, <c>x * 1</c> is <c>x</c>) and whether it needs parentheses as an operand (a sum or
/// a product), so nothing is decided by reading C++ text back.
/// </summary>
internal readonly struct IndexExpr
{
    private IndexExpr(string text, long? constant, bool compound, bool leadingMinus)
    {
        Text = text;
        Constant = constant;
        IsCompound = compound;
        LeadingMinus = leadingMinus;
    }

    /// <summary>The C++ text.</summary>
    public string Text { get; }

    /// <summary>The value, when it is known at translate time.</summary>
    public long? Constant { get; }

    /// <summary>A sum or a product: parenthesized as an operand.</summary>
    private bool IsCompound { get; }

    /// <summary>The text starts with a minus sign (a negative constant, or a product of one): added as a subtraction.</summary>
    private bool LeadingMinus { get; }

    public static IndexExpr Number(long value) => new(value.ToString(CultureInfo.InvariantCulture), value, false, value < 0);

    /// <summary>One C++ primary expression that is not a constant (<c>v.extent(0)</c>, a variable).</summary>
    public static IndexExpr Atom(string text) => new(text, null, false, false);

    /// <summary>
    /// The emitter's expression for an index value (<see cref="CppEmitter.Expr"/>): a variable, or
    /// the literal of a constant (a plain decimal literal is its constant).
    /// </summary>
    public static IndexExpr Printed(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? new(text, v, false, text.StartsWith('-'))
            : new(text, null, text.Contains(' '), text.StartsWith('-'));

    public bool IsConstant(long value) => Constant == value;

    /// <summary>The text as an operand of <c>*</c> or <c>+</c>.</summary>
    public string Operand => IsCompound ? $"({Text})" : Text;

    public static IndexExpr operator *(IndexExpr a, IndexExpr b)
    {
        if (a.Constant is { } x && b.Constant is { } y) return Number(x * y);
        if (a.IsConstant(0) || b.IsConstant(0)) return Number(0);
        if (a.IsConstant(1)) return b;
        if (b.IsConstant(1)) return a;
        return new($"{a.Operand} * {b.Operand}", null, true, !a.IsCompound && a.LeadingMinus);
    }

    /// <summary>The sum of <paramref name="terms"/>: their constants folded into one term, written last.</summary>
    public static IndexExpr Sum(IEnumerable<IndexExpr> terms)
    {
        long constant = 0;
        var rest = new List<IndexExpr>();
        foreach (var t in terms)
        {
            if (t.Constant is { } v) constant += v;
            else rest.Add(t);
        }
        if (rest.Count == 0) return Number(constant);
        if (constant != 0) rest.Add(Number(constant));
        if (rest.Count == 1) return rest[0];
        var text = rest[0].Text;
        foreach (var t in rest.Skip(1))
            text += t.LeadingMinus ? $" - {t.Text[1..]}" : $" + {t.Text}";
        return new(text, null, true, rest[0].LeadingMinus);
    }

    public override string ToString() => Text;
}

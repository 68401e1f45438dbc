using System.Globalization;
using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Translator.Check;

/// <summary>Dimension <see cref="Dimension"/> of argument <see cref="Argument"/>, written <c>argN.D</c>.</summary>
public readonly record struct DimensionSlot(int Argument, int Dimension)
{
    public override string ToString() => $"arg{Argument}.{Dimension}";
}

/// <summary>
/// What the user asked for the dynamic dimensions of the entry's arguments: <c>--dim argN.D=S</c>
/// per dimension, <c>--dynamic-size</c> for the ones neither given nor inferred (see <see cref="ShapeInference"/>).
/// </summary>
public sealed record DimensionSizes(long Default, IReadOnlyDictionary<DimensionSlot, long> Explicit)
{
    /// <summary>The largest extent accepted for one dimension (the inputs are drawn in memory).</summary>
    public const long MaxExtent = 1L << 24;

    /// <summary>The largest argument accepted, in bytes.</summary>
    public const long MaxArgumentBytes = 1L << 30;

    public static DimensionSizes Uniform(long size) => new(size, new Dictionary<DimensionSlot, long>());

    /// <summary>Validates <paramref name="dynamicSize"/> and parses each <c>argN.D=S</c>.</summary>
    public static DimensionSizes Parse(long dynamicSize, IEnumerable<string> dims)
    {
        CheckExtent(dynamicSize, "--dynamic-size");
        var map = new Dictionary<DimensionSlot, long>();
        foreach (var text in dims)
        {
            var eq = text.IndexOf('=');
            var dot = eq > 0 ? text.LastIndexOf('.', eq) : -1;
            if (eq < 0 || dot < 4 || !text.StartsWith("arg", StringComparison.Ordinal)
                || !int.TryParse(text.AsSpan(3, dot - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var arg)
                || !int.TryParse(text.AsSpan(dot + 1, eq - dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var dim)
                || !long.TryParse(text.AsSpan(eq + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size))
                throw Error($"--dim expects argN.D=SIZE (e.g. arg0.1=7), got '{text}'");
            CheckExtent(size, $"--dim {text}");
            map[new DimensionSlot(arg, dim)] = size;
        }
        return new DimensionSizes(dynamicSize, map);
    }

    /// <summary>Every <c>--dim</c> names a dynamic dimension of a shaped argument of <paramref name="func"/>.</summary>
    public void Validate(Operation func)
    {
        var type = func.Attribute("function_type").TypeValue;
        var name = func.Attribute("sym_name").StringValue;
        foreach (var slot in Explicit.Keys)
        {
            if (slot.Argument >= type.FunctionInputCount)
                throw TranslationException.At(func.Location, $"--dim {slot}: @{name} has no argument arg{slot.Argument} (arguments are arg0..arg{type.FunctionInputCount - 1})");
            var t = type.FunctionInput(slot.Argument);
            if (!t.IsShaped || slot.Dimension >= t.Rank)
                throw TranslationException.At(func.Location, $"--dim {slot}: arg{slot.Argument} of @{name} is {t}, which has no dimension {slot.Dimension}");
            if (t.DimSize(slot.Dimension) is { } fixedSize)
                throw TranslationException.At(func.Location, $"--dim {slot}: dimension {slot.Dimension} of arg{slot.Argument} ({t}) is static ({fixedSize})");
        }
    }

    private static void CheckExtent(long size, string what)
    {
        if (size < 1 || size > MaxExtent)
            throw Error($"{what}: the extent must be between 1 and {MaxExtent.ToString(CultureInfo.InvariantCulture)}, got {size.ToString(CultureInfo.InvariantCulture)}");
    }

    private static TranslationException Error(string message) => new(new Diagnostic(Severity.Error, default, message, []));
}

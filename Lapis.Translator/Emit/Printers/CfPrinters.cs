using Lapis.Native.Ir;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// cf dialect: only <c>cf.assert</c> (→ <c>Kokkos::abort</c>, which works on host and device).
/// Branches need several blocks, which the structured printer rejects with their location.
/// </summary>
internal static class CfPrinters
{
    public static void Register(OpPrinterTable table) => table.Add("cf.assert", Assert);

    private static void Assert(CppEmitter e, Operation op)
    {
        var message = op.Attribute("msg");
        var text = message.IsNull ? "assertion failed" : message.StringValue;
        var where = e.Context.LocationText(op.Location);
        if (where is not null) text = $"{where}: {text}";
        var condition = e.Expr(op.Operand(0));
        e.W.Line($"if (!{condition}) Kokkos::abort({CppLiterals.String(text)});");
    }
}

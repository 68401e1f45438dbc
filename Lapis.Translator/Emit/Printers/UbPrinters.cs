namespace Lapis.Translator.Emit.Printers;

/// <summary>ub dialect: <c>ub.poison</c> may be any value; it becomes a value-initialized variable.</summary>
internal static class UbPrinters
{
    public static void Register(OpPrinterTable table) =>
        table.Add("ub.poison", (e, op) => e.Define(op.Result(0), $"{e.TypeOf(op.Result(0))}()"));
}

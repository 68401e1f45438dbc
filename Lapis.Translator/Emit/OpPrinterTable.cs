using Lapis.Native.Ir;
using Lapis.Translator.Emit.Printers;

namespace Lapis.Translator.Emit;

/// <summary>Prints one operation at the emitter's current position (a located exception on failure).</summary>
internal delegate void OpPrinter(CppEmitter emitter, Operation op);

/// <summary>Operation name → printer. Each dialect family registers its printers in one file.</summary>
internal sealed class OpPrinterTable
{
    private readonly Dictionary<string, OpPrinter> _printers = new(StringComparer.Ordinal);

    public static OpPrinterTable Default { get; } = CreateDefault();

    private static OpPrinterTable CreateDefault()
    {
        var table = new OpPrinterTable();
        FuncPrinters.Register(table);
        ArithPrinters.Register(table);
        MathPrinters.Register(table);
        ScfPrinters.Register(table);
        MemRefPrinters.Register(table);
        CfPrinters.Register(table);
        UbPrinters.Register(table);
        KokkosPrinters.Register(table);
        ContractionPrinters.Register(table);
        WindowPrinters.Register(table);
        KokkosKernelsPrinters.Register(table);
        DualViewPrinters.Register(table);
        SparseTensorPrinters.Register(table);
        VectorPrinters.Register(table);
        return table;
    }

    public OpPrinterTable Add(string opName, OpPrinter printer)
    {
        if (!_printers.TryAdd(opName, printer)) throw new InvalidOperationException($"two printers for '{opName}'");
        return this;
    }

    public bool TryGet(string opName, out OpPrinter printer) => _printers.TryGetValue(opName, out printer!);
}

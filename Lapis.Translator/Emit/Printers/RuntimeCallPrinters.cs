using Lapis.Native.Ir;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// Calls into MLIR's runner utilities that whole programs make (declared
/// <c>func.func private @printMemrefF64(memref&lt;*xf64&gt;)</c>, defined by
/// <c>libmlir_runner_utils</c>): printed as the <c>lapis_rt</c> helper of the same output, and
/// their declarations are not printed. An unranked memref is the ranked View it was cast from
/// (<c>memref.cast</c>, see <see cref="MemRefPrinters"/>).
/// </summary>
internal static class RuntimeCallPrinters
{
    /// <summary>printMemref* of an unranked memref of the element type the suffix names.</summary>
    private static readonly HashSet<string> PrintMemref =
        ["printMemrefI8", "printMemrefI16", "printMemrefI32", "printMemrefI64", "printMemrefF32", "printMemrefF64", "printMemrefInd"];

    /// <summary>Whether <paramref name="symbol"/> is a runner-utilities function that calls are printed for.</summary>
    public static bool IsRuntimeFunction(string symbol) => PrintMemref.Contains(symbol);

    /// <summary>Prints a call of a runtime function; false when <paramref name="op"/> calls something else.</summary>
    public static bool TryPrint(CppEmitter e, Operation op)
    {
        var callee = op.Attribute("callee");
        if (!callee.IsFlatSymbolRef || !PrintMemref.Contains(callee.FlatSymbolRefValue)) return false;
        if (op.OperandCount != 1 || !op.Operand(0).Type.IsUnrankedMemRef)
            throw CppEmitter.Unsupported(op, $"@{callee.FlatSymbolRefValue} takes one unranked memref");
        var ranked = RankedSource(op.Operand(0)) ?? throw CppEmitter.Unsupported(op, "printing an unranked memref that is not a memref.cast of a ranked one");
        var offset = ranked.Type.StridesAndOffset?.Offset ?? 0;
        e.Helpers.Require(Helper.PrintMemref);
        e.W.Line($"lapis_rt::print_memref(\"Unranked Memref \", {e.Expr(op.Operand(0))}, {offset});");
        return true;
    }

    /// <summary>The ranked memref an unranked one was cast from (through casts between unranked types too).</summary>
    public static Value? RankedSource(Value unranked)
    {
        for (var v = unranked; v.IsOpResult && v.DefiningOp.Name == "memref.cast"; v = v.DefiningOp.Operand(0))
            if (v.DefiningOp.Operand(0).Type.IsMemRef) return v.DefiningOp.Operand(0);
        return null;
    }
}

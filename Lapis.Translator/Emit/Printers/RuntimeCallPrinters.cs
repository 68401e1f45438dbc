using Lapis.Native.Ir;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// Calls into MLIR's runner utilities that whole programs make (declared
/// <c>func.func private @printMemrefF64(memref&lt;*xf64&gt;)</c>, defined by
/// <c>libmlir_runner_utils</c>): printed as the <c>lapis_rt</c> helper of the same output, and
/// their declarations are not printed. An unranked memref is the ranked View it was cast from
/// (<c>memref.cast</c>, see <see cref="MemRefPrinters"/>). The random generator of the C runner
/// utilities (<c>rtsrand</c>, <c>rtrand</c>, <c>rtdrand</c>, <c>shuffle</c>) is an opaque
/// <c>!llvm.ptr</c>, a <c>void*</c> here. The tensor files of MLIR's sparse runtime are
/// <see cref="TensorFilePrinters"/>.
/// </summary>
internal static class RuntimeCallPrinters
{
    /// <summary>printMemref* of an unranked memref of the element type the suffix names.</summary>
    private static readonly HashSet<string> PrintMemref =
        ["printMemrefI8", "printMemrefI16", "printMemrefI32", "printMemrefI64", "printMemrefF32", "printMemrefF64", "printMemrefInd"];

    /// <summary>The random generator functions: name → (operand count, whether it has a result).</summary>
    private static readonly Dictionary<string, (int Operands, bool Result)> Random = new(StringComparer.Ordinal)
    {
        ["rtsrand"] = (1, true),
        ["rtrand"] = (2, true),
        ["rtdrand"] = (1, false),
        ["shuffle"] = (2, false),
    };

    /// <summary>Whether <paramref name="symbol"/> is a runner-utilities function that calls are printed for.</summary>
    public static bool IsRuntimeFunction(string symbol) =>
        PrintMemref.Contains(symbol) || Random.ContainsKey(symbol) || TensorFilePrinters.IsTensorFileFunction(symbol);

    /// <summary>Prints a call of a runtime function; false when <paramref name="op"/> calls something else.</summary>
    public static bool TryPrint(CppEmitter e, Operation op)
    {
        var callee = op.Attribute("callee");
        if (!callee.IsFlatSymbolRef) return false;
        if (Random.TryGetValue(callee.FlatSymbolRefValue, out var signature))
        {
            PrintRandom(e, op, callee.FlatSymbolRefValue, signature);
            return true;
        }
        if (TensorFilePrinters.TryPrint(e, op, callee.FlatSymbolRefValue)) return true;
        if (!PrintMemref.Contains(callee.FlatSymbolRefValue)) return false;
        if (op.OperandCount != 1 || !op.Operand(0).Type.IsUnrankedMemRef)
            throw CppEmitter.Unsupported(op, $"@{callee.FlatSymbolRefValue} takes one unranked memref");
        var ranked = RankedSource(op.Operand(0)) ?? throw CppEmitter.Unsupported(op, "printing an unranked memref that is not a memref.cast of a ranked one");
        var offset = ranked.Type.StridesAndOffset?.Offset ?? 0;
        e.Helpers.Require(Helper.PrintMemref);
        e.W.Line($"lapis_rt::print_memref(\"Unranked Memref \", {e.Expr(op.Operand(0))}, {offset});");
        return true;
    }

    private static void PrintRandom(CppEmitter e, Operation op, string name, (int Operands, bool Result) signature)
    {
        if (op.OperandCount != signature.Operands || op.ResultCount != (signature.Result ? 1 : 0))
            throw CppEmitter.Unsupported(op, $"@{name} with {op.OperandCount} operands and {op.ResultCount} results (MLIR's runner utilities define it with {signature.Operands} and {(signature.Result ? 1 : 0)})");
        if (name == "shuffle" && !(op.Operand(0).Type.IsMemRef && op.Operand(0).Type.Rank == 1 && CppTypes.IsIntegerLike(op.Operand(0).Type.ElementType)))
            throw CppEmitter.Unsupported(op, "@shuffle of anything but a 1-D memref of integers");
        e.Helpers.Require(Helper.Random);
        var args = string.Join(", ", op.Operands.Select(v => v.Type.IsIndex || v.Type.IsInteger ? $"static_cast<uint64_t>({e.Expr(v)})" : e.Expr(v)));
        var call = $"lapis_rt::{name}({args})";
        if (!signature.Result) e.W.Line(call + ";");
        else if (op.Result(0).Type.IsIndex || op.Result(0).Type.IsInteger) e.Define(op.Result(0), $"static_cast<{e.TypeOf(op.Result(0))}>({call})");
        else e.Define(op.Result(0), call);
    }

    /// <summary>The ranked memref an unranked one was cast from (through casts between unranked types too).</summary>
    public static Value? RankedSource(Value unranked)
    {
        for (var v = unranked; v.IsOpResult && v.DefiningOp.Name == "memref.cast"; v = v.DefiningOp.Operand(0))
            if (v.DefiningOp.Operand(0).Type.IsMemRef) return v.DefiningOp.Operand(0);
        return null;
    }
}

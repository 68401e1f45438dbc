using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// func dialect: <c>func.call</c>, and the signatures of functions. A <c>func.func</c> becomes a
/// C++ function in the module's namespace (<see cref="FunctionDefinitions"/>: public ones are
/// declared in the header, private ones are <c>static</c>, bodiless ones are declarations the
/// user links in); several results → <c>std::tuple</c>, unpacked with <c>std::tie</c> at calls.
/// </summary>
internal static class FuncPrinters
{
    public static void Register(OpPrinterTable table) => table.Add("func.call", Call);

    public static bool IsPublic(Operation func) => FuncOps.IsPublic(func);

    public static bool IsDeclaration(Operation func) => FuncOps.IsDeclaration(func);

    public static string SymbolName(Operation op) => op.Attribute("sym_name").StringValue;

    public static Native.Ir.Type FunctionType(Operation func) => FuncOps.FunctionType(func);

    public static string ReturnType(EmitContext context, Native.Ir.Type fnType, Location at, string space)
    {
        var results = Enumerable.Range(0, fnType.FunctionResultCount).Select(i => context.Types.Of(fnType.FunctionResult(i), at, space)).ToArray();
        return results.Length switch
        {
            0 => "void",
            1 => results[0],
            _ => $"std::tuple<{string.Join(", ", results)}>",
        };
    }

    /// <summary>Prototype of a bodiless function (parameters <c>arg0, arg1...</c>).</summary>
    public static Prototype DeclarationPrototype(EmitContext context, Operation func, string name)
    {
        var fnType = FunctionType(func);
        var parameters = Enumerable.Range(0, fnType.FunctionInputCount)
            .Select(i => new Parameter(context.Types.Of(fnType.FunctionInput(i), func.Location, CppTypes.DeviceMemory), $"arg{i}")).ToArray();
        return new Prototype(ReturnType(context, fnType, func.Location, CppTypes.DeviceMemory), name, parameters);
    }

    /// <summary>Memref arguments the function may write (stores, copies into, calls, atomics), through any view of them.</summary>
    public static IReadOnlyList<int> WrittenArguments(Operation func)
    {
        var entry = func.Region(0).FirstBlock;
        var written = new HashSet<Value>();
        foreach (var op in func.Collect())
            for (var i = 0; i < op.OperandCount; i++)
                if (op.Operand(i).Type.IsMemRef && OpEffects.WritesOperand(op, i)) written.Add(Passes.IrMatchers.ViewRoot(op.Operand(i)));
        return Enumerable.Range(0, entry.ArgumentCount).Where(i => written.Contains(entry.Argument(i))).ToArray();
    }

    /// <summary>func.call: <c>T v = f(a, b);</c>, or <c>std::tie(v0, v1) = f(a, b);</c> for several results.</summary>
    private static void Call(CppEmitter e, Operation op)
    {
        if (RuntimeCallPrinters.TryPrint(e, op)) return;
        var callee = op.Attribute("callee");
        if (!callee.IsFlatSymbolRef) throw CppEmitter.Unsupported(op, "the callee is not a flat symbol reference");
        var call = $"{e.Context.Function(callee.FlatSymbolRefValue, op.Location)}({string.Join(", ", op.Operands.Select(e.Expr))})";
        var results = op.Results;
        switch (results.Count)
        {
            case 0:
                e.W.Line(call + ";");
                break;
            case 1 when !results[0].HasUses:
                e.W.Line(call + ";");
                break;
            case 1:
                e.Define(results[0], call);
                break;
            default:
                var names = results.Select(e.DeclareUninitialized).ToArray();
                e.W.Line($"std::tie({string.Join(", ", names)}) = {call};");
                break;
        }
    }
}

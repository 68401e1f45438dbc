using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// func dialect. <c>func.func</c> → a C++ function in the module's namespace (public ones are
/// declared in the header, private ones are <c>static</c>, bodiless ones are declarations the
/// user links in); several results → <c>std::tuple</c>, unpacked with <c>std::tie</c> at calls.
/// </summary>
internal static class FuncPrinters
{
    public static void Register(OpPrinterTable table) => table.Add("func.call", Call);

    /// <summary>The C++ prototype of a function: <c>R name(T0 a, T1 b)</c>.</summary>
    public sealed record Prototype(string ReturnType, string Name, IReadOnlyList<string> Parameters)
    {
        public override string ToString() => $"{ReturnType} {Name}({string.Join(", ", Parameters)})";
    }

    public static bool IsPublic(Operation func)
    {
        var visibility = func.Attribute("sym_visibility");
        return visibility.IsNull || (visibility.IsString && visibility.StringValue == "public");
    }

    public static bool IsDeclaration(Operation func) => func.Region(0).Blocks.Count == 0;

    public static string SymbolName(Operation op) => op.Attribute("sym_name").StringValue;

    public static Native.Ir.Type FunctionType(Operation func) => func.Attribute("function_type").TypeValue;

    public static string ReturnType(EmitContext context, Native.Ir.Type fnType, Location at)
    {
        var results = Enumerable.Range(0, fnType.FunctionResultCount).Select(i => context.Types.Of(fnType.FunctionResult(i), at)).ToArray();
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
            .Select(i => $"{context.Types.Of(fnType.FunctionInput(i), func.Location)} arg{i}").ToArray();
        return new Prototype(ReturnType(context, fnType, func.Location), name, parameters);
    }

    /// <summary>
    /// Prints <c>[static ]prototype { body }</c> preceded by its location comment and returns
    /// the prototype (for the header or a forward declaration).
    /// </summary>
    public static Prototype EmitDefinition(EmitContext context, Operation func, string name, IndentedWriter writer)
    {
        var entry = CppEmitter.SingleBlock(func.Region(0), func);
        var e = new CppEmitter(context, writer, name);
        var parameters = entry.Arguments.Select(a => $"{e.TypeOf(a, func.Location)} {e.NameParameter(a)}").ToArray();
        var prototype = new Prototype(ReturnType(context, FunctionType(func), func.Location), name, parameters);

        if (context.LocationComment(func.Location) is { } comment) writer.Line(comment);
        writer.Open((IsPublic(func) ? "" : "static ") + prototype);
        var terminator = CppEmitter.Expect(e.EmitBody(entry), "func.return", func);
        var values = terminator.Operands;
        switch (values.Count)
        {
            case 0: break;
            case 1: writer.Line($"return {e.Expr(values[0])};"); break;
            default: writer.Line($"return {{{string.Join(", ", values.Select(e.Expr))}}};"); break;
        }
        writer.Close();
        return prototype;
    }

    /// <summary>func.call: <c>T v = f(a, b);</c>, or <c>std::tie(v0, v1) = f(a, b);</c> for several results.</summary>
    private static void Call(CppEmitter e, Operation op)
    {
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

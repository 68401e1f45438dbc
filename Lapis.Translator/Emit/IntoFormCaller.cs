using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using Lapis.Translator.Emit.Printers;

namespace Lapis.Translator.Emit;

/// <summary>
/// The public <c>f</c> of a function printed in its output-argument form <c>f_into</c>
/// (<see cref="Passes.PlanMemoryPass"/>): it allocates the results and calls <c>f_into</c>.
/// </summary>
internal static class IntoFormCaller
{
    /// <summary>
    /// <c>f</c> of a function with an output-argument form: allocates its (static-shape) results and
    /// calls <c>f_into</c>, so the results are fresh Views as without the form.
    /// </summary>
    public static Prototype Emit(EmitContext context, Operation func, string name, Prototype into, IndentedWriter writer)
    {
        var fnType = FuncPrinters.FunctionType(func);
        var at = func.Location;
        var outputs = fnType.FunctionResultCount;
        var parameters = into.Parameters.Skip(outputs).ToArray();
        var prototype = new Prototype(FuncPrinters.ReturnType(context, fnType, at, CppTypes.DeviceMemory), name, parameters);
        if (context.LocationComment(at) is { } comment) writer.Line(comment);
        writer.Open(prototype.ToString());
        var results = new string[outputs];
        var names = context.ModuleNames.Scope(parameters.Select(p => p.Name));
        for (var k = 0; k < outputs; k++)
        {
            var type = fnType.FunctionResult(k);
            results[k] = names.Claim($"result{k}");
            var extents = type.Shape.Select(d => $", {d!.Value}");
            writer.Line($"{context.Types.Of(type, at, CppTypes.DeviceMemory)} {results[k]}(Kokkos::view_alloc(Kokkos::WithoutInitializing, {CppLiterals.String(results[k])}){string.Concat(extents)});");
        }
        writer.Line($"{into.Name}({string.Join(", ", results.Concat(parameters.Select(p => p.Name)))});");
        writer.Line(outputs == 1 ? $"return {results[0]};" : $"return {{{string.Join(", ", results)}}};");
        writer.Close();
        return prototype;
    }
}

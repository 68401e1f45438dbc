using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using Lapis.Translator.Emit.Printers;

namespace Lapis.Translator.Emit;

/// <summary>
/// The device-View entry point of a function whose buffers live on the host: it mirrors its
/// arguments to the host, calls the host implementation, copies written arguments back and
/// mirrors the results to the device.
/// </summary>
internal static class HostMirrorWrapper
{
    public static Prototype Emit(EmitContext context, Operation func, string name, Prototype implementation, IndentedWriter writer, bool isPublic)
    {
        var fnType = FuncPrinters.FunctionType(func);
        var at = func.Location;
        var names = implementation.Parameters.Select(p => p.Name).ToArray();
        var parameters = Enumerable.Range(0, fnType.FunctionInputCount)
            .Select(i => new Parameter(context.Types.Of(fnType.FunctionInput(i), at, CppTypes.DeviceMemory), names[i])).ToArray();
        var prototype = new Prototype(FuncPrinters.ReturnType(context, fnType, at, CppTypes.DeviceMemory), name, parameters);
        if (context.LocationComment(at) is { } comment) writer.Line(comment);
        writer.Open((isPublic ? "" : "static ") + prototype);
        var args = new string[names.Length];
        var written = FuncPrinters.WrittenArguments(func);
        for (var i = 0; i < names.Length; i++)
        {
            if (!fnType.FunctionInput(i).IsMemRef) { args[i] = names[i]; continue; }
            args[i] = context.ModuleNames.Claim(names[i] + "_on_host");
            writer.Line($"auto {args[i]} = Kokkos::create_mirror_view_and_copy({CppTypes.HostMemory}(), {names[i]});");
        }
        var call = $"{implementation.Name}({string.Join(", ", args)})";
        var results = Enumerable.Range(0, fnType.FunctionResultCount).Select(fnType.FunctionResult).ToArray();
        if (results.Length == 0) writer.Line(call + ";");
        else writer.Line($"auto result = {call};");
        foreach (var i in written) writer.Line($"Kokkos::deep_copy({names[i]}, {args[i]});");
        string ToDevice(string v, int k) => results[k].IsMemRef
            ? $"Kokkos::create_mirror_view_and_copy({CppTypes.DeviceMemory}(), {v})" : v;
        switch (results.Length)
        {
            case 0: break;
            case 1: writer.Line($"return {ToDevice("result", 0)};"); break;
            default: writer.Line($"return {{{string.Join(", ", results.Select((_, k) => ToDevice($"std::get<{k}>(result)", k)))}}};"); break;
        }
        writer.Close();
        return prototype;
    }
}

using Lapis.Native.Ir;
using Lapis.Translator.Emit.Printers;
using Lapis.Translator.Sparse;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit;

/// <summary>
/// The public entry of a function whose signature had sparse tensors. MLIR's sparse codegen
/// passes each sparse tensor as its buffers plus a storage specifier; users pass one
/// <c>lapis::SparseTensor</c> (see lapis_sparse.hpp). The entry unpacks arguments into the
/// lowered function (<c>name_storage</c>) and packs its sparse results.
/// </summary>
internal static class SparseApi
{
    public static Prototype EmitWrapper(EmitContext context, Operation func, Type original, string name,
        Prototype storage, IndentedWriter writer)
    {
        context.Types.UsesSparse = true;
        var at = func.Location;
        var lowered = FuncPrinters.FunctionType(func);
        var (inputs, results) = SparseStorageLayout.GroupSignature(original, lowered, at);

        string Scalar(Type t) => context.Types.Scalar(t, at);
        string TypeOf(SparseStorageLayout.Group g, Type loweredType) =>
            g.Sparse is { } layout ? layout.CppType(Scalar) : context.Types.Of(loweredType, at, CppTypes.DeviceMemory);

        var parameters = new List<Parameter>();
        var arguments = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var g = inputs[i];
            var param = $"arg{i}";
            if (g.Sparse is { } layout)
            {
                parameters.Add(new Parameter($"const {layout.CppType(Scalar)}&", param));
                arguments.AddRange(layout.Fields.Select(f => $"{param}.{f.Member}"));
                arguments.Add($"{param}.sizes");
            }
            else
            {
                parameters.Add(new Parameter(context.Types.Of(lowered.FunctionInput(g.First), at, CppTypes.DeviceMemory), param));
                arguments.Add(param);
            }
        }
        var resultTypes = results.Select(g => TypeOf(g, lowered.FunctionResult(g.First))).ToArray();
        var returnType = resultTypes.Length switch
        {
            0 => "void",
            1 => resultTypes[0],
            _ => $"std::tuple<{string.Join(", ", resultTypes)}>",
        };
        var prototype = new Prototype(returnType, name, parameters);

        if (context.LocationComment(at) is { } comment) writer.Line(comment);
        foreach (var (g, i) in inputs.Select((g, i) => (g, i)).Where(x => x.g.Sparse is not null))
            writer.Line($"// arg{i}: {g.Original} — {g.Sparse!.Describe()}");
        writer.Open(prototype.ToString());
        var call = $"{storage.Name}({string.Join(", ", arguments)})";
        if (results.All(g => g.Sparse is null))
        {
            writer.Line(results.Count == 0 ? call + ";" : $"return {call};");
            writer.Close();
            return prototype;
        }
        writer.Line($"auto lowered = {call};");
        string Lowered(int k) => lowered.FunctionResultCount == 1 ? "lowered" : $"std::get<{k}>(lowered)";
        var packed = new List<string>();
        for (var r = 0; r < results.Count; r++)
        {
            var g = results[r];
            if (g.Sparse is not { } layout) { packed.Add(Lowered(g.First)); continue; }
            var var = $"result{r}";
            writer.Line($"{layout.CppType(Scalar)} {var};");
            for (var f = 0; f < layout.Fields.Count; f++) writer.Line($"{var}.{layout.Fields[f].Member} = {Lowered(g.First + f)};");
            writer.Line($"{var}.sizes = {Lowered(g.First + layout.Fields.Count)};");
            packed.Add(var);
        }
        writer.Line(packed.Count == 1 ? $"return {packed[0]};" : $"return {{{string.Join(", ", packed)}}};");
        writer.Close();
        return prototype;
    }
}

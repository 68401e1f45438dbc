using System.Globalization;
using System.Text;
using Lapis.Native.Execution;
using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Load;

namespace Lapis.Translator.Check;

/// <summary>The storage MLIR built for one sparse argument: its buffers (row-major bytes) and level sizes.</summary>
public sealed record PackedSparse(IReadOnlyList<byte[]> Fields, IReadOnlyList<long> LevelSizes);

/// <summary>
/// MLIR's own execution of a function with sparse tensors. Sparse inputs are drawn as dense
/// arrays with a random pattern; the module gets two kinds of wrappers: <c>@lapis_pack_argN</c>
/// converts one to the declared encoding (sparse_tensor.convert) and returns its buffers and
/// level sizes (what the generated C++ is given), and <c>@lapis_reference</c> converts all of
/// them and calls the entry, returning dense results as they are and sparse results as their
/// buffers. Lowered by upstream's <c>sparsifier</c> pipeline (runtime-library mode, a different
/// code path from the codegen mode Lapis translates) and JIT-compiled.
/// </summary>
public static class SparseReference
{
    public const string Pipeline = "builtin.module(sparsifier)";

    public static IReadOnlyList<CResultValue> Run(Module module, EntrySignature entry, IReadOnlyList<byte[]> inputs,
        int repeat, out TimeSpan meanCallTime, out IReadOnlyList<PackedSparse?> packed)
    {
        var func = module.Body.Operations.First(o => o.Name == "func.func" && o.Attribute("sym_name").StringValue == entry.Name);
        var fnType = func.Attribute("function_type").TypeValue;
        var argTypes = Enumerable.Range(0, fnType.FunctionInputCount).Select(i => fnType.FunctionInput(i).ToString()).ToArray();
        var resultTypes = Enumerable.Range(0, fnType.FunctionResultCount).Select(i => fnType.FunctionResult(i).ToString()).ToArray();
        var wrappers = Wrappers(entry, argTypes, resultTypes);

        var text = module.ToString();
        var end = text.LastIndexOf('}');
        using var extended = Module.Parse(module.Context, text[..end] + wrappers + "}\n", "<lapis check reference>");
        using var engine = ReferenceRunner.Compile(extended, Pipeline);

        var packs = new PackedSparse?[entry.Arguments.Count];
        for (var i = 0; i < entry.Arguments.Count; i++)
        {
            var a = entry.Arguments[i];
            if (a.Sparse is not { } sparse) continue;
            var results = CInterfaceCall.Invoke(engine, $"lapis_pack_arg{i}",
                [new CArgument(inputs[i], a.Kind.Size(), a.Shape)],
                sparse.Fields.Select(f => new CResult(f.Kind.Size(), 1)).Concat(Enumerable.Range(0, sparse.Levels).Select(_ => new CResult(8, null))).ToArray());
            packs[i] = new PackedSparse(results.Take(sparse.Fields.Count).Select(r => r.Data).ToArray(),
                results.Skip(sparse.Fields.Count).Select(r => BitConverter.ToInt64(r.Data)).ToArray());
        }
        packed = packs;
        return CInterfaceCall.Invoke(engine, "lapis_reference",
            entry.Arguments.Select((a, i) => new CArgument(inputs[i], a.Kind.Size(), a.Shape)).ToArray(),
            entry.ComparedOutputs.Select(r => new CResult(r.Kind.Size(), r.Shape?.Length)).ToArray(),
            repeat, out meanCallTime);
    }

    /// <summary>The MLIR text of the wrappers (dense arguments in, dense results or sparse buffers out).</summary>
    public static string Wrappers(EntrySignature entry, IReadOnlyList<string> argTypes, IReadOnlyList<string> resultTypes)
    {
        var s = new StringBuilder();
        for (var i = 0; i < entry.Arguments.Count; i++)
        {
            if (entry.Arguments[i].Sparse is not { } sparse) continue;
            var outs = sparse.Fields.Select(f => f.MemRefType).Concat(Enumerable.Repeat("index", sparse.Levels));
            s.Append($"  func.func @lapis_pack_arg{i}(%dense: {sparse.DenseType}) -> ({string.Join(", ", outs)}) attributes {{llvm.emit_c_interface}} {{\n");
            s.Append($"    %t = sparse_tensor.convert %dense : {sparse.DenseType} to {sparse.TensorType}\n");
            var values = ReadBack(s, sparse, "%t", "f");
            for (var l = 0; l < sparse.Levels; l++)
            {
                s.Append($"    %c{l} = arith.constant {l} : index\n");
                s.Append($"    %lvl{l} = sparse_tensor.lvl %t, %c{l} : {sparse.TensorType}\n");
                values.Add($"%lvl{l}");
            }
            s.Append($"    return {string.Join(", ", values)} : {string.Join(", ", outs)}\n  }}\n");
        }

        var parameters = entry.Arguments.Select((a, i) => $"%a{i}: {(a.Sparse is { } sp ? sp.DenseType : argTypes[i])}");
        var outTypes = entry.Results.SelectMany((r, k) => r.Sparse is { } sp ? sp.Fields.Select(f => f.MemRefType) : [resultTypes[k]]).ToArray();
        s.Append($"  func.func @lapis_reference({string.Join(", ", parameters)}) -> ({string.Join(", ", outTypes)}) attributes {{llvm.emit_c_interface}} {{\n");
        var operands = new List<string>();
        for (var i = 0; i < entry.Arguments.Count; i++)
        {
            if (entry.Arguments[i].Sparse is { } sparse)
            {
                s.Append($"    %s{i} = sparse_tensor.convert %a{i} : {sparse.DenseType} to {sparse.TensorType}\n");
                operands.Add($"%s{i}");
            }
            else operands.Add($"%a{i}");
        }
        var call = $"func.call @{entry.Name}({string.Join(", ", operands)}) : ({string.Join(", ", argTypes)}) -> ({string.Join(", ", resultTypes)})";
        s.Append(resultTypes.Count == 0 ? $"    {call}\n" : $"    %r:{resultTypes.Count.ToString(CultureInfo.InvariantCulture)} = {call}\n");
        var returned = new List<string>();
        for (var k = 0; k < entry.Results.Count; k++)
        {
            if (entry.Results[k].Sparse is { } sparse) returned.AddRange(ReadBack(s, sparse, $"%r#{k}", $"r{k}_"));
            else returned.Add($"%r#{k}");
        }
        s.Append(returned.Count == 0 ? "    return\n  }\n" : $"    return {string.Join(", ", returned)} : {string.Join(", ", outTypes)}\n  }}\n");
        return s.ToString();
    }

    /// <summary>Reads the buffers of sparse tensor <paramref name="tensor"/> into fresh SSA names; returns them.</summary>
    private static List<string> ReadBack(StringBuilder s, SparseArg sparse, string tensor, string prefix)
    {
        var names = new List<string>();
        for (var f = 0; f < sparse.Fields.Count; f++)
        {
            var name = $"%{prefix}{f}";
            s.Append($"    {name} = {sparse.Fields[f].Operation.Replace("%TENSOR%", tensor, StringComparison.Ordinal)}\n");
            names.Add(name);
        }
        return names;
    }
}

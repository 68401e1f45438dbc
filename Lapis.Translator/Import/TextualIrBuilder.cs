using System.Globalization;
using System.Text;

namespace Lapis.Translator.Import;

/// <summary>
/// Builds the body of one func.func as MLIR text in the linalg-on-tensors form torch-mlir prints;
/// the importer parses and verifies the finished module through the C API. Every op the importer
/// creates goes through this one type (SSA naming, locations, types), so it can be replaced by a
/// builder on MLIR's OperationState without touching the op families.
/// </summary>
public sealed class TextualIrBuilder
{
    private readonly StringBuilder body = new();
    private readonly Dictionary<long, string> indexConstants = new();
    private int next;
    private string indent = "    ";

    /// <summary>The location printed after every op (<c>loc("model.onnx":node:1)</c>).</summary>
    public string Location { get; set; } = "loc(unknown)";

    public string Fresh() => $"%{next++}";

    public string Text => body.ToString();

    public void Line(string text) => body.Append(indent).Append(text).Append(' ').Append(Location).Append('\n');

    /// <summary>Appends <c>%r = text</c> and returns %r.</summary>
    public string Op(string text)
    {
        var r = Fresh();
        Line($"{r} = {text}");
        return r;
    }

    /// <summary>An index constant at function level (only for use outside regions).</summary>
    public string Index(long v)
    {
        if (indent.Length == 4 && indexConstants.TryGetValue(v, out var name)) return name;
        var r = Op($"arith.constant {v} : index");
        if (indent.Length == 4) indexConstants[v] = r;
        return r;
    }

    public static string Scalar(ElementType t, double v)
    {
        if (t.IsBool) return v != 0 ? "true" : "false";
        if (!t.IsFloat) return ((long)v).ToString(CultureInfo.InvariantCulture);
        return t.Mlir switch
        {
            "f32" => $"0x{BitConverter.SingleToUInt32Bits((float)v):X8}",
            "f64" => $"0x{BitConverter.DoubleToUInt64Bits(v):X16}",
            "f16" => $"0x{BitConverter.HalfToUInt16Bits((Half)v):X4}",
            _ => $"0x{BitConverter.SingleToUInt32Bits((float)v) >> 16:X4}",
        };
    }

    /// <summary>A scalar constant (valid in the current region).</summary>
    public string Constant(ElementType t, double v) => Op($"arith.constant {Scalar(t, v)} : {t.Mlir}");

    public string IntConstant(ElementType t, long v) => Op($"arith.constant {v} : {t.Mlir}");

    /// <summary>The extent of dimension <paramref name="d"/> of a materialized tensor as an index value.</summary>
    public string Dim(ImportedTensor v, int d) =>
        v.Shape[d] >= 0 ? Index(v.Shape[d]) : Op($"tensor.dim {v.Ssa}, {Index(d)} : {v.Type}");

    /// <summary><c>tensor.empty</c> of a shape; <paramref name="dynamic"/> gives, per dynamic extent, the index value holding it.</summary>
    public string Empty(ElementType t, long[] shape, Func<int, string>? dynamic = null)
    {
        var dims = Enumerable.Range(0, shape.Length).Where(d => shape[d] < 0)
            .Select(d => dynamic?.Invoke(d) ?? throw new InvalidOperationException("dynamic extent without a source")).ToArray();
        return Op($"tensor.empty({string.Join(", ", dims)}) : {ImportedTensor.TypeText(t, shape)}");
    }

    public string Fill(ElementType t, double value, string tensor, string type)
    {
        var c = Constant(t, value);
        return Op($"linalg.fill ins({c} : {t.Mlir}) outs({tensor} : {type}) -> {type}");
    }

    public static string Map(int dims, IEnumerable<string> results) =>
        $"affine_map<({string.Join(", ", Enumerable.Range(0, dims).Select(d => $"d{d}"))}) -> ({string.Join(", ", results)})>";

    public static string IdentityMap(int dims) => Map(dims, Enumerable.Range(0, dims).Select(d => $"d{d}"));

    /// <summary>One operand of a linalg.generic: SSA value, its type, its indexing map, its element type.</summary>
    public readonly record struct Operand(string Ssa, string Type, string Map, string Element);

    /// <summary>
    /// <c>linalg.generic</c>; <paramref name="region"/> receives the block arguments (inputs then
    /// outputs) and returns the values to yield. Returns the results' SSA names.
    /// </summary>
    public string[] Generic(IReadOnlyList<Operand> inputs, IReadOnlyList<Operand> outputs, IReadOnlyList<bool> reduction,
        Func<string[], string[]> region)
    {
        var name = Fresh();
        var all = inputs.Concat(outputs).ToArray();
        var maps = string.Join(", ", all.Select(o => o.Map));
        var iterators = string.Join(", ", reduction.Select(r => r ? "\"reduction\"" : "\"parallel\""));
        var ins = inputs.Count == 0 ? "" : $" ins({string.Join(", ", inputs.Select(o => o.Ssa))} : {string.Join(", ", inputs.Select(o => o.Type))})";
        var outs = $" outs({string.Join(", ", outputs.Select(o => o.Ssa))} : {string.Join(", ", outputs.Select(o => o.Type))})";
        var count = outputs.Count == 1 ? "" : $":{outputs.Count}";
        body.Append(indent).Append($"{name}{count} = linalg.generic {{indexing_maps = [{maps}], iterator_types = [{iterators}]}}{ins}{outs} {{\n");
        var args = all.Select(_ => Fresh()).ToArray();
        body.Append(indent).Append("^bb0(").Append(string.Join(", ", args.Select((a, i) => $"{a}: {all[i].Element}"))).Append("):\n");
        var saved = indent;
        indent += "  ";
        var yields = region(args);
        body.Append(indent).Append($"linalg.yield {string.Join(", ", yields)} : {string.Join(", ", outputs.Select(o => o.Element))}\n");
        indent = saved;
        body.Append(indent).Append($"}} -> {(outputs.Count == 1 ? outputs[0].Type : "(" + string.Join(", ", outputs.Select(o => o.Type)) + ")")} {Location}\n");
        return outputs.Count == 1 ? [name] : Enumerable.Range(0, outputs.Count).Select(i => $"{name}#{i}").ToArray();
    }
}

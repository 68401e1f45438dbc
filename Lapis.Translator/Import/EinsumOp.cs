namespace Lapis.Translator.Import;

/// <summary>
/// Einsum → one linalg.generic whose loops are the equation's labels (an ellipsis becomes labels of
/// its own, broadcast right-aligned across operands): output labels are parallel, the others are
/// summed; each operand's map lists its labels (a label repeated in one operand reads its diagonal).
/// The implicit form (no "->") outputs the ellipsis, then the labels used once, alphabetically.
/// </summary>
public static class EinsumOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["Einsum"] = n =>
    {
        var equation = new string(n.String("equation", "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        var ins = Enumerable.Range(0, n.InputCount).Select(n.Input).ToArray();
        return [Einsum(n, equation, ins)];
    };

    private static ImportedTensor Einsum(NodeContext n, string equation, ImportedTensor[] ins)
    {
        var arrow = equation.IndexOf("->", StringComparison.Ordinal);
        var lhs = arrow < 0 ? equation : equation[..arrow];
        var terms = lhs.Split(',');
        if (terms.Length != ins.Length) throw n.Error($"equation '{equation}' names {terms.Length} operands, the node has {ins.Length}");
        if (ins.Any(x => !x.IsStatic)) throw n.Unsupported("Einsum of a dynamic shape");
        var e = ins[0].Element;
        if (ins.Any(x => x.Element != e)) throw n.Error("all inputs must have one element type");
        // Each operand's letters; where its ellipsis stands, and how many dimensions the widest one covers.
        var ellipsisRank = 0;
        var parsed = new List<char>[ins.Length];
        var ellipsisAt = new int[ins.Length];
        for (var i = 0; i < ins.Length; i++)
        {
            var term = terms[i];
            var dots = term.IndexOf("...", StringComparison.Ordinal);
            var letters = term.Replace("...", "");
            if (letters.Any(c => !char.IsAsciiLetter(c))) throw n.Error($"equation '{equation}': bad term '{term}'");
            var extra = ins[i].Rank - letters.Length;
            if (dots < 0 ? extra != 0 : extra < 0) throw n.Error($"equation '{equation}': term '{term}' does not match input {i} of rank {ins[i].Rank}");
            ellipsisAt[i] = dots;
            ellipsisRank = Math.Max(ellipsisRank, dots < 0 ? 0 : extra);
            parsed[i] = [.. letters];
        }
        // Loop labels: ellipsis dims as '\u0100' + k, then letters in first-seen order.
        var ellipsisLabels = Enumerable.Range(0, ellipsisRank).Select(k => (char)(0x100 + k)).ToArray();
        var operandLabels = new List<char>[ins.Length];
        for (var i = 0; i < ins.Length; i++)
        {
            var labels = new List<char>(parsed[i]);
            if (ellipsisAt[i] >= 0)
            {
                var before = terms[i][..ellipsisAt[i]].Length;
                var extra = ins[i].Rank - parsed[i].Count;
                labels.InsertRange(before, ellipsisLabels[(ellipsisRank - extra)..]);
            }
            operandLabels[i] = labels;
        }
        List<char> output;
        if (arrow >= 0)
        {
            var rhs = equation[(arrow + 2)..];
            var dots = rhs.IndexOf("...", StringComparison.Ordinal);
            output = [.. rhs.Replace("...", "")];
            if (dots >= 0) output.InsertRange(rhs[..dots].Length, ellipsisLabels);
            else if (ellipsisRank > 0) throw n.Error($"equation '{equation}': the output must keep the ellipsis");
        }
        else
        {
            var counts = parsed.SelectMany(l => l).GroupBy(c => c).Where(g => g.Count() == 1).Select(g => g.Key).Order();
            output = [.. ellipsisLabels, .. counts];
        }
        var loops = output.Concat(operandLabels.SelectMany(l => l)).Distinct().ToList();
        var extent = new Dictionary<char, long>();
        for (var i = 0; i < ins.Length; i++)
            for (var d = 0; d < operandLabels[i].Count; d++)
            {
                var c = operandLabels[i][d];
                var size = ins[i].Shape[d];
                if (extent.TryGetValue(c, out var seen) && seen != size && seen != 1 && size != 1)
                    throw n.Error($"equation '{equation}': label '{c}' has extents {seen} and {size}");
                extent[c] = Math.Max(seen, size);
            }
        if (output.Any(c => !extent.ContainsKey(c))) throw n.Error($"equation '{equation}': an output label names no input dimension");
        if (output.Distinct().Count() != output.Count) throw n.Error($"equation '{equation}': an output label repeats");
        var shape = output.Select(c => extent[c]).ToArray();
        var operands = ins.Select((x, i) => new TextualIrBuilder.Operand(n.Use(x), x.Type,
            TextualIrBuilder.Map(loops.Count, operandLabels[i].Select((c, d) => x.Shape[d] == 1 && extent[c] != 1 ? "0" : $"d{loops.IndexOf(c)}")), e.Mlir)).ToArray();
        var type = ImportedTensor.TypeText(e, shape);
        var init = e.IsFloat ? n.B.Fill(e, 0, n.B.Empty(e, shape), type)
            : n.B.Op($"linalg.fill ins({n.B.IntConstant(e, 0)} : {e.Mlir}) outs({n.B.Empty(e, shape)} : {type}) -> {type}");
        var r = n.B.Generic(operands, [new(init, type, TextualIrBuilder.Map(loops.Count, output.Select(c => $"d{loops.IndexOf(c)}")), e.Mlir)],
            loops.Select(c => !output.Contains(c)).ToArray(), a =>
            {
                var f = e.IsFloat ? "f" : "i";
                var p = a[0];
                for (var i = 1; i < ins.Length; i++) p = n.B.Op($"arith.mul{f} {p}, {a[i]} : {e.Mlir}");
                return [n.B.Op($"arith.add{f} {a[^1]}, {p} : {e.Mlir}")];
            });
        return new ImportedTensor(e, shape, r[0]);
    }
}

namespace Lapis.Translator.Import;

/// <summary>
/// Det of [..., n, n] for n ≤ 4 → a linalg.generic over the batch dimensions whose body reads the
/// n² elements and sums the n! signed products of the Leibniz formula (exact in form, and
/// accurate for such small matrices); larger matrices are reported unsupported.
/// </summary>
public static class DetOp
{
    private const int MaxOrder = 4;

    public static void Register(Dictionary<string, OpImporter> t) => t["Det"] = n =>
    {
        var x = n.Input(0);
        if (x.Rank < 2 || x.Shape[^1] != x.Shape[^2]) throw n.Error($"Det needs [..., n, n], not {x.Type}");
        if (!x.IsStatic) throw n.Unsupported("Det of a dynamic shape");
        var order = (int)x.Shape[^1];
        if (order > MaxOrder) throw n.Unsupported($"Det of {order}×{order} matrices (at most {MaxOrder}×{MaxOrder})");
        var e = x.Element;
        if (!e.IsFloat) throw n.Unsupported($"Det of {e}");
        var batch = x.Shape[..^2];
        var src = n.Use(x);
        var type = ImportedTensor.TypeText(e, batch);
        var init = n.B.Empty(e, batch);
        var r = n.B.Generic([], [new(init, type, TextualIrBuilder.IdentityMap(batch.Length), e.Mlir)], new bool[batch.Length], _ =>
        {
            var outer = Enumerable.Range(0, batch.Length).Select(d => n.B.Op($"linalg.index {d} : index")).ToArray();
            var m = new string[order, order];
            for (var i = 0; i < order; i++)
                for (var j = 0; j < order; j++)
                    m[i, j] = n.B.Op($"tensor.extract {src}[{string.Join(", ", outer.Append(n.B.Index(i)).Append(n.B.Index(j)))}] : {x.Type}");
            string? sum = null;
            foreach (var (perm, sign) in Permutations(order))
            {
                var p = m[0, perm[0]];
                for (var i = 1; i < order; i++) p = n.B.Op($"arith.mulf {p}, {m[i, perm[i]]} : {e.Mlir}");
                sum = sum is null ? (sign > 0 ? p : n.B.Op($"arith.negf {p} : {e.Mlir}"))
                    : n.B.Op($"arith.{(sign > 0 ? "addf" : "subf")} {sum}, {p} : {e.Mlir}");
            }
            return [sum!];
        });
        return [new ImportedTensor(e, batch, r[0])];
    };

    /// <summary>The permutations of 0..n-1 with their signs.</summary>
    private static IEnumerable<(int[], int)> Permutations(int count)
    {
        if (count == 1) { yield return ([0], 1); yield break; }
        foreach (var (rest, sign) in Permutations(count - 1))
            for (var at = 0; at < count; at++)
            {
                // Insert count-1 at position at: it passes over (count-1-at) elements.
                var p = rest.Take(at).Append(count - 1).Concat(rest.Skip(at)).ToArray();
                yield return (p, (count - 1 - at) % 2 == 0 ? sign : -sign);
            }
    }
}

namespace Lapis.Translator.Import;

/// <summary>
/// MatMul (NumPy semantics: 1-D operands, broadcast batch dimensions) and Gemm → linalg.matmul
/// for the plain 2-D case (as torch-mlir prints it), a contraction linalg.generic otherwise; Gemm's
/// alpha/beta/C become an elementwise epilogue. Transposed constant operands are transposed at import.
/// </summary>
public static class MatMulOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["MatMul"] = n => [MatMul(n, n.Input(0), n.Input(1), false, false)];
        t["Gemm"] = n =>
        {
            var (a, b, c) = (n.Input(0), n.Input(1), n.Optional(2));
            var (alpha, beta) = (n.Float("alpha", 1f), n.Float("beta", 1f));
            var (ta, tb) = (n.Int("transA", 0) != 0, n.Int("transB", 0) != 0);
            if (n.Opset < 7) n.Int("broadcast", 0);
            if (a.Rank != 2 || b.Rank != 2) throw n.Error($"Gemm needs 2-D operands, not {a.Type} and {b.Type}");
            if (tb && b.Data is not null) { b = ShapeOps.TransposeConstant(b, [1, 0]); tb = false; }
            if (ta && a.Data is not null) { a = ShapeOps.TransposeConstant(a, [1, 0]); ta = false; }
            var product = MatMul(n, a, b, ta, tb);
            if (alpha == 1 && (c is null || beta == 0)) return [product];
            var e = product.Element;
            var ins = c is null || beta == 0 ? new[] { product } : [product, c];
            return [Broadcast.Elementwise(n, ins, e, x =>
            {
                var v = alpha == 1 ? x[0] : Mul(n.B, e, x[0], n.B.Constant(e, alpha));
                if (x.Length == 1) return v;
                var cv = beta == 1 ? x[1] : Mul(n.B, e, x[1], n.B.Constant(e, beta));
                return n.B.Op($"arith.add{(e.IsFloat ? "f" : "i")} {v}, {cv} : {e.Mlir}");
            }, product.Shape)];
        };
    }

    private static string Mul(TextualIrBuilder b, ElementType e, string x, string y) => b.Op($"arith.mul{(e.IsFloat ? "f" : "i")} {x}, {y} : {e.Mlir}");

    /// <summary>A·B with ONNX MatMul semantics; <paramref name="ta"/>/<paramref name="tb"/> read a 2-D operand transposed.</summary>
    public static ImportedTensor MatMul(NodeContext n, ImportedTensor a, ImportedTensor b, bool ta, bool tb)
    {
        if (a.Rank == 0 || b.Rank == 0) throw n.Error("MatMul operands must have rank at least 1");
        if (a.Element != b.Element) throw n.Error($"operands have different element types ({a.Element}, {b.Element})");
        var e = a.Element;
        var sa = n.Use(a);
        var sb = n.Use(b);
        var aBatch = a.Shape[..Math.Max(0, a.Rank - 2)];
        var bBatch = b.Shape[..Math.Max(0, b.Rank - 2)];
        var batch = Broadcast.Shape(n, [new ImportedTensor(e, aBatch), new ImportedTensor(e, bBatch)]);
        var hasM = a.Rank >= 2;
        var hasN = b.Rank >= 2;
        var k = a.Rank >= 2 ? a.Shape[ta ? a.Rank - 2 : a.Rank - 1] : a.Shape[0];
        var kb = b.Rank >= 2 ? b.Shape[tb ? b.Rank - 1 : b.Rank - 2] : b.Shape[0];
        if (k >= 0 && kb >= 0 && k != kb) throw n.Error($"inner dimensions of {a.Type} and {b.Type} differ");
        var m = hasM ? a.Shape[ta ? a.Rank - 1 : a.Rank - 2] : 1;
        var nn = hasN ? b.Shape[tb ? b.Rank - 2 : b.Rank - 1] : 1;
        var shape = batch.Concat(hasM ? [m] : Array.Empty<long>()).Concat(hasN ? [nn] : Array.Empty<long>()).ToArray();
        var nb = batch.Length;
        var dm = nb;
        var dn = nb + (hasM ? 1 : 0);
        var dk = dn + (hasN ? 1 : 0);
        var loops = dk + 1;
        string DynamicExtent(int d)
        {
            if (d < nb)
            {
                foreach (var (t, bs) in new[] { (a, aBatch), (b, bBatch) })
                {
                    var kk = d - (nb - bs.Length);
                    if (kk >= 0 && bs[kk] < 0) return n.B.Dim(t, kk);
                }
            }
            if (hasM && d == nb) return n.B.Dim(a, ta ? a.Rank - 1 : a.Rank - 2);
            return n.B.Dim(b, tb ? b.Rank - 2 : b.Rank - 1);
        }
        var type = ImportedTensor.TypeText(e, shape);
        var init = n.B.Empty(e, shape, DynamicExtent);
        var zero = n.B.Fill(e, 0, init, type);
        if (nb == 0 && hasM && hasN && !ta && !tb)
            return new ImportedTensor(e, shape, n.B.Op($"linalg.matmul ins({sa}, {sb} : {a.Type}, {b.Type}) outs({zero} : {type}) -> {type}"));
        IEnumerable<string> BatchIndices(long[] bs) => Enumerable.Range(0, bs.Length).Select(i => bs[i] == 1 && batch[i + nb - bs.Length] != 1 ? "0" : $"d{i + nb - bs.Length}");
        var aIdx = BatchIndices(aBatch).Concat(hasM ? (ta ? new[] { $"d{dk}", $"d{dm}" } : [$"d{dm}", $"d{dk}"]) : [$"d{dk}"]);
        var bIdx = BatchIndices(bBatch).Concat(hasN ? (tb ? new[] { $"d{dn}", $"d{dk}" } : [$"d{dk}", $"d{dn}"]) : [$"d{dk}"]);
        var oIdx = Enumerable.Range(0, nb).Select(d => $"d{d}").Concat(hasM ? [$"d{dm}"] : Array.Empty<string>()).Concat(hasN ? [$"d{dn}"] : Array.Empty<string>());
        var r = n.B.Generic(
            [new(sa, a.Type, TextualIrBuilder.Map(loops, aIdx), e.Mlir), new(sb, b.Type, TextualIrBuilder.Map(loops, bIdx), e.Mlir)],
            [new(zero, type, TextualIrBuilder.Map(loops, oIdx), e.Mlir)],
            Enumerable.Range(0, loops).Select(d => d == dk).ToArray(),
            x => [n.B.Op($"arith.add{(e.IsFloat ? "f" : "i")} {x[2]}, {Mul(n.B, e, x[0], x[1])} : {e.Mlir}")]);
        return new ImportedTensor(e, shape, r[0]);
    }
}

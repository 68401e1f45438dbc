namespace Lapis.Translator.Import;

/// <summary>
/// TfIdfVectorizer over integer input ([C] or [N, C]; pool_int64s) → a linalg.generic over the output
/// [(N,) max(ngram_indexes) + 1] reducing over start positions p: each output index counts the
/// matches of its n-gram (lengths min_gram_length..max_gram_length) at p with every skip
/// 0..max_skip_count (n-grams of length 1 once), as ONNX Runtime counts; then TF keeps the counts,
/// IDF takes min(count, 1) · weight and TFIDF count · weight (weights default 1).
/// </summary>
public static class TfIdfVectorizerOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["TfIdfVectorizer"] = n =>
    {
        var x = n.Input(0);
        var mode = n.String("mode", "");
        if (mode is not ("TF" or "IDF" or "TFIDF")) throw n.Error($"mode must be TF, IDF or TFIDF, not '{mode}'");
        var minLength = n.Int("min_gram_length", 0);
        var maxLength = n.Int("max_gram_length", 0);
        var maxSkip = n.Int("max_skip_count", 0);
        var counts = n.Ints("ngram_counts") ?? throw n.Error("attribute 'ngram_counts' is required");
        var indexes = n.Ints("ngram_indexes") ?? throw n.Error("attribute 'ngram_indexes' is required");
        if (n.Has("pool_strings")) { n.Strings("pool_strings"); throw n.Unsupported("pool_strings (string input)"); }
        var pool = n.Ints("pool_int64s") ?? throw n.Error("attribute 'pool_int64s' is required");
        var weights = n.Floats("weights");
        if (x.Element.IsFloat || x.Rank is not (1 or 2) || !x.IsStatic) throw n.Unsupported($"input {x.Type} (a static [C] or [N, C] of integers)");
        // The n-grams: those of length i + 1 start at pool[counts[i]], each numbered in pool order.
        var grams = new List<(long[] Gram, long Output, int Number)>();
        for (var i = 0; i < counts.Length; i++)
        {
            var length = i + 1;
            var end = i + 1 < counts.Length ? counts[i + 1] : pool.Length;
            for (var p = counts[i]; p + length <= end; p += length)
                grams.Add((pool[(int)p..(int)(p + length)], grams.Count < indexes.Length ? indexes[grams.Count] : throw n.Error("ngram_indexes is shorter than the pool's n-grams"), grams.Count));
        }
        if (weights is not null && weights.Length != grams.Count) throw n.Error($"weights must have one value per n-gram ({grams.Count})");
        var width = indexes.Length == 0 ? 0 : indexes.Max() + 1;
        var f = ElementType.F32;
        var batched = x.Rank == 2;
        var columns = x.Shape[^1];
        long[] shape = batched ? [x.Shape[0], width] : [width];
        var rank = shape.Length;
        var src = n.Use(x);
        var type = ImportedTensor.TypeText(f, shape);
        var init = n.B.Fill(f, 0, n.B.Empty(f, shape), type);
        var steps = ImportedTensor.Constant(TensorData.FromInts(ElementType.I8, [columns], new long[columns]));
        var used = grams.Where(g => g.Gram.Length >= minLength && g.Gram.Length <= maxLength).ToList();
        var r = n.B.Generic([new(n.Use(steps), steps.Type, TextualIrBuilder.Map(rank + 1, [$"d{rank}"]), "i8")],
            [new(init, type, TextualIrBuilder.Map(rank + 1, Enumerable.Range(0, rank).Select(d => $"d{d}")), f.Mlir)],
            Enumerable.Range(0, rank + 1).Select(d => d == rank).ToArray(), a =>
            {
                var p = n.B.Op($"linalg.index {rank} : index");
                var o = n.B.Op($"linalg.index {rank - 1} : index");
                var row = batched ? n.B.Op("linalg.index 0 : index") : null;
                var total = a[1];
                foreach (var (gram, output, _) in used)
                {
                    var mine = n.B.Op($"arith.cmpi eq, {o}, {n.B.Index(output)} : index");
                    for (long skip = 0; skip <= (gram.Length == 1 ? 0 : maxSkip); skip++)
                    {
                        var hit = mine;
                        for (var l = 0; l < gram.Length; l++)
                        {
                            var at = n.B.Op($"arith.addi {p}, {n.B.Index(l * (skip + 1))} : index");
                            var inside = n.B.Op($"arith.cmpi ult, {at}, {n.B.Index(columns)} : index");
                            var clamped = n.B.Op($"arith.minui {at}, {n.B.Index(columns - 1)} : index");
                            var v = n.B.Op($"tensor.extract {src}[{(row is null ? clamped : $"{row}, {clamped}")}] : {x.Type}");
                            var same = n.B.Op($"arith.cmpi eq, {v}, {n.B.IntConstant(x.Element, gram[l])} : {x.Element.Mlir}");
                            hit = n.B.Op($"arith.andi {hit}, {n.B.Op($"arith.andi {inside}, {same} : i1")} : i1");
                        }
                        total = n.B.Op($"arith.addf {total}, {n.B.Op($"arith.uitofp {hit} : i1 to f32")} : f32");
                    }
                }
                return [total];
            });
        var tf = new ImportedTensor(f, shape, r[0]);
        if (mode == "TF") return [tf];
        var perOutput = new double[width];
        foreach (var g in grams) perOutput[g.Output] = weights?[g.Number] ?? 1;
        var w = ImportedTensor.Constant(TensorData.FromDoubles(f, [width], perOutput));
        return [Broadcast.Elementwise(n, [tf, w], f, v => mode == "IDF"
            ? n.B.Op($"arith.mulf {n.B.Op($"arith.minimumf {v[0]}, {n.B.Constant(f, 1)} : f32")}, {v[1]} : f32")
            : n.B.Op($"arith.mulf {v[0]}, {v[1]} : f32"), shape)];
    };
}

namespace Lapis.Translator.Import;

/// <summary>
/// Data-movement ops: Reshape/Flatten/Squeeze/Unsqueeze (tensor.collapse_shape + expand_shape),
/// Transpose (linalg.transpose), Concat (tensor.insert_slice), Split and Slice (tensor.extract_slice,
/// or a linalg.generic reading <c>start + i*step</c> for negative steps), Gather (linalg.generic with
/// tensor.extract), Expand, Tile and Pad. Shapes, axes and pads must be known at import time; on
/// constant inputs these ops fold.
/// </summary>
public static class ShapeOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["Reshape"] = n =>
        {
            var x = n.Input(0);
            var allowZero = n.Int("allowzero", 0) != 0;
            var target = n.Opset >= 5 ? n.ConstantInput(1, "shape").Ints() : n.Ints("shape") ?? throw n.Error("attribute 'shape' is required");
            var shape = new long[target.Length];
            var infer = -1;
            for (var i = 0; i < target.Length; i++)
            {
                if (target[i] == 0 && !allowZero) shape[i] = i < x.Rank ? x.Shape[i] : throw n.Error($"shape[{i}] = 0 copies a dimension the input does not have");
                else if (target[i] == -1) { if (infer >= 0) throw n.Error("shape has more than one -1"); infer = i; shape[i] = -1; }
                else if (target[i] < 0) throw n.Error($"shape[{i}] = {target[i]} is invalid");
                else shape[i] = target[i];
            }
            if (infer >= 0 && x.IsStatic && shape.Where((_, i) => i != infer).All(d => d >= 0))
            {
                var known = shape.Where((_, i) => i != infer).Aggregate(1L, (a, b) => a * b);
                shape[infer] = known == 0 ? 0 : x.ElementCount / known;
            }
            return [Reshape(n, x, shape, d => d == infer ? InferredExtent(n, x, shape, infer) : target[d] == 0 ? n.B.Dim(x, d) : throw n.Error("dynamic extent"))];
        };
        t["Flatten"] = n =>
        {
            var x = n.Input(0);
            var axis = (int)n.Int("axis", 1);
            if (axis < 0) axis += x.Rank;
            var outer = x.Shape[..axis];
            var inner = x.Shape[axis..];
            long Product(long[] s) => s.Any(d => d < 0) ? -1 : s.Aggregate(1L, (a, b) => a * b);
            return [Reshape(n, x, [Product(outer), Product(inner)], d => DimProduct(n, x, d == 0 ? 0 : axis, d == 0 ? axis : x.Rank))];
        };
        t["Squeeze"] = n =>
        {
            var x = n.Input(0);
            var axes = (n.Opset >= 13 ? n.Optional(1) is null ? null : n.ConstantInput(1, "axes").Ints() : n.Ints("axes"))?.Select(a => a < 0 ? a + x.Rank : a).ToHashSet();
            axes ??= Enumerable.Range(0, x.Rank).Where(d => x.Shape[d] == 1).Select(d => (long)d).ToHashSet();
            foreach (var a in axes) if (x.Shape[a] > 1) throw n.Error($"cannot squeeze axis {a} of {x.Type}");
            var kept = Enumerable.Range(0, x.Rank).Where(d => !axes.Contains(d)).ToArray();
            return [Reshape(n, x, kept.Select(d => x.Shape[d]).ToArray(), d => n.B.Dim(x, kept[d]))];
        };
        t["Unsqueeze"] = n =>
        {
            var x = n.Input(0);
            var axes = (n.Opset >= 13 ? n.ConstantInput(1, "axes").Ints() : n.Ints("axes") ?? throw n.Error("attribute 'axes' is required"));
            var rank = x.Rank + axes.Length;
            var set = axes.Select(a => a < 0 ? a + rank : a).ToHashSet();
            var shape = new long[rank];
            var source = new int[rank];
            for (int d = 0, k = 0; d < rank; d++)
            {
                if (set.Contains(d)) { shape[d] = 1; source[d] = -1; }
                else { shape[d] = x.Shape[k]; source[d] = k++; }
            }
            return [Reshape(n, x, shape, d => n.B.Dim(x, source[d]))];
        };
        t["Transpose"] = n =>
        {
            var x = n.Input(0);
            var perm = n.Ints("perm") ?? Enumerable.Range(0, x.Rank).Reverse().Select(d => (long)d).ToArray();
            return [Transpose(n, x, perm.Select(p => (int)p).ToArray())];
        };
        t["Concat"] = n =>
        {
            var ins = n.Inputs.ToArray();
            var rank = ins[0].Rank;
            var axis = (int)n.Int("axis", 0);
            if (axis < 0) axis += rank;
            var shape = (long[])ins[0].Shape.Clone();
            shape[axis] = ins.Any(i => i.Shape[axis] < 0) ? -1 : ins.Sum(i => i.Shape[axis]);
            for (var d = 0; d < rank; d++)
                if (d != axis && shape[d] < 0) shape[d] = ins.Select(i => i.Shape[d]).FirstOrDefault(s => s >= 0, -1);
            var e = ins[0].Element;
            if (ins.All(i => i.Data is { Count: <= 65536 }))
                return [ImportedTensor.Constant(new TensorData(e, shape, ConcatRaw(ins, axis, shape)))];
            var live = ins.Where(i => i.Shape[axis] != 0).ToArray();
            if (live.Length == 1 && live[0].Shape.SequenceEqual(shape)) return [live[0]];
            var type = ImportedTensor.TypeText(e, shape);
            var dest = n.B.Empty(e, shape, d => d == axis ? live.Select(i => n.B.Dim(i, axis)).Aggregate((a, b) => n.B.Op($"arith.addi {a}, {b} : index"))
                : n.B.Dim(ins.First(i => i.Shape[d] < 0), d));
            string offset = "0";
            foreach (var i in live)
            {
                var src = n.Use(i);
                var offsets = Enumerable.Range(0, rank).Select(d => d == axis ? offset : "0");
                var sizes = Enumerable.Range(0, rank).Select(d => i.Shape[d] >= 0 ? i.Shape[d].ToString() : n.B.Dim(i, d));
                dest = n.B.Op($"tensor.insert_slice {src} into {dest}[{string.Join(", ", offsets)}] [{string.Join(", ", sizes)}] [{string.Join(", ", Enumerable.Repeat("1", rank))}] : {i.Type} into {type}");
                offset = i.Shape[axis] >= 0 && !offset.StartsWith('%') ? (long.Parse(offset) + i.Shape[axis]).ToString()
                    : n.B.Op($"arith.addi {(offset.StartsWith('%') ? offset : n.B.Index(long.Parse(offset)))}, {n.B.Dim(i, axis)} : index");
            }
            return [new ImportedTensor(e, shape, dest)];
        };
        t["Split"] = n =>
        {
            var x = n.Input(0);
            var axis = (int)n.Int("axis", 0);
            if (axis < 0) axis += x.Rank;
            var sizes = n.Opset >= 13 ? n.Optional(1) is null ? null : n.ConstantInput(1, "split").Ints() : n.Ints("split");
            if (x.Shape[axis] < 0) throw n.Unsupported("split of a dynamic dimension");
            if (sizes is null)
            {
                var parts = n.OutputCount;
                if (x.Shape[axis] % parts != 0) throw n.Error($"dimension {axis} of {x.Type} does not split into {parts} equal parts");
                sizes = Enumerable.Repeat(x.Shape[axis] / parts, parts).ToArray();
            }
            var outputs = new ImportedTensor?[sizes.Length];
            long start = 0;
            for (var i = 0; i < sizes.Length; i++)
            {
                var starts = new long[x.Rank];
                var size = (long[])x.Shape.Clone();
                starts[axis] = start;
                size[axis] = sizes[i];
                outputs[i] = ExtractSlice(n, x, starts, size, Enumerable.Repeat(1L, x.Rank).ToArray());
                start += sizes[i];
            }
            return outputs;
        };
        t["Slice"] = n =>
        {
            var x = n.Input(0);
            long[] starts, ends;
            long[]? axes, steps = null;
            if (n.Opset < 10)
            {
                starts = n.Ints("starts") ?? throw n.Error("attribute 'starts' is required");
                ends = n.Ints("ends") ?? throw n.Error("attribute 'ends' is required");
                axes = n.Ints("axes");
            }
            else
            {
                starts = n.ConstantInput(1, "starts").Ints();
                ends = n.ConstantInput(2, "ends").Ints();
                axes = n.Optional(3) is null ? null : n.ConstantInput(3, "axes").Ints();
                steps = n.Optional(4) is null ? null : n.ConstantInput(4, "steps").Ints();
            }
            axes ??= Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
            var begin = new long[x.Rank];
            var size = (long[])x.Shape.Clone();
            var stride = Enumerable.Repeat(1L, x.Rank).ToArray();
            for (var i = 0; i < axes.Length; i++)
            {
                var a = (int)(axes[i] < 0 ? axes[i] + x.Rank : axes[i]);
                var dim = x.Shape[a];
                if (dim < 0) throw n.Unsupported("slice of a dynamic dimension");
                var step = steps?[i] ?? 1;
                if (step == 0) throw n.Error("a step is 0");
                long s = starts[i], e = ends[i];
                if (s < 0) s += dim;
                if (e < 0) e += dim;
                if (step > 0) { s = Math.Clamp(s, 0, dim); e = Math.Clamp(e, 0, dim); }
                else { s = Math.Clamp(s, 0, dim - 1); e = Math.Clamp(e, -1, dim - 1); }
                var count = step > 0 ? Math.Max(0, (e - s + step - 1) / step) : Math.Max(0, (s - e + (-step) - 1) / -step);
                if (count == 0) s = 0;  // an empty slice starts anywhere; offset = extent does not verify
                (begin[a], size[a], stride[a]) = (s, count, step);
            }
            return [ExtractSlice(n, x, begin, size, stride)];
        };
        t["Gather"] = n => [Gather(n, n.Input(0), n.Input(1), (int)n.Int("axis", 0))];
        t["Expand"] = n =>
        {
            var x = n.Input(0);
            var target = n.ConstantInput(1, "shape").Ints();
            var shape = Broadcast.Shape(n, [x, new ImportedTensor(x.Element, target)]);
            if (x.Data is { Count: <= 65536 } d)
            {
                var count = shape.Aggregate(1L, (a, b) => a * b);
                var raw = new byte[count * x.Element.Bytes];
                for (long i = 0; i < count; i++) d.Raw.AsSpan((int)(Broadcast.SourceIndex(x.Shape, shape, i) * x.Element.Bytes), x.Element.Bytes).CopyTo(raw.AsSpan((int)(i * x.Element.Bytes)));
                return [ImportedTensor.Constant(new TensorData(x.Element, shape, raw))];
            }
            return [Broadcast.Elementwise(n, [x], x.Element, a => a[0], shape)];
        };
        t["Tile"] = n =>
        {
            var x = n.Input(0);
            var repeats = n.ConstantInput(1, "repeats").Ints();
            if (!x.IsStatic) throw n.Unsupported("Tile of a dynamic shape");
            var shape = x.Shape.Select((s, d) => s * repeats[d]).ToArray();
            var src = n.Use(x);
            var type = ImportedTensor.TypeText(x.Element, shape);
            var init = n.B.Empty(x.Element, shape);
            var map = TextualIrBuilder.Map(x.Rank, Enumerable.Range(0, x.Rank).Select(d => repeats[d] == 1 ? $"d{d}" : $"d{d} mod {x.Shape[d]}"));
            var r = n.B.Generic([new(src, x.Type, map, x.Element.Mlir)], [new(init, type, TextualIrBuilder.IdentityMap(x.Rank), x.Element.Mlir)],
                new bool[x.Rank], a => [a[0]]);
            return [new ImportedTensor(x.Element, shape, r[0])];
        };
        t["Pad"] = n => [Pad(n)];
    }

    /// <summary>Same elements, new shape (<paramref name="dynamic"/> gives each dynamic extent of the result).</summary>
    public static ImportedTensor Reshape(NodeContext n, ImportedTensor x, long[] shape, Func<int, string> dynamic)
    {
        if (x.Shape.SequenceEqual(shape) && shape.All(d => d >= 0) || x.Shape.SequenceEqual(shape) && x.Rank <= 1) return x;
        if (x.IsStatic && shape.All(d => d >= 0) && x.ElementCount != shape.Aggregate(1L, (a, b) => a * b))
            throw n.Error($"cannot reshape {x.Type} into {ImportedTensor.TypeText(x.Element, shape)}");
        if (x.Data is not null) return ImportedTensor.Constant(new TensorData(x.Element, shape, x.Data.Raw));
        var src = n.Use(x);
        var flatCount = x.IsStatic ? x.ElementCount : -1;
        var flatType = ImportedTensor.TypeText(x.Element, [flatCount]);
        string flat = x.Rank switch
        {
            0 => n.B.Op($"tensor.expand_shape {src} [] output_shape [1] : {x.Type} into {flatType}"),
            1 => src,
            _ => n.B.Op($"tensor.collapse_shape {src} [[{string.Join(", ", Enumerable.Range(0, x.Rank))}]] : {x.Type} into {flatType}"),
        };
        var type = ImportedTensor.TypeText(x.Element, shape);
        var dims = Enumerable.Range(0, shape.Length).Select(d => shape[d] >= 0 ? shape[d].ToString() : dynamic(d)).ToArray();
        string result = shape.Length switch
        {
            0 => n.B.Op($"tensor.collapse_shape {flat} [] : {flatType} into {type}"),
            1 => flatType == type ? flat : n.B.Op($"tensor.cast {flat} : {flatType} to {type}"),
            _ => n.B.Op($"tensor.expand_shape {flat} [[{string.Join(", ", Enumerable.Range(0, shape.Length))}]] output_shape [{string.Join(", ", dims)}] : {flatType} into {type}"),
        };
        return new ImportedTensor(x.Element, shape, result);
    }

    /// <summary>The product of dimensions [from, to) of <paramref name="x"/> as an index value.</summary>
    private static string DimProduct(NodeContext n, ImportedTensor x, int from, int to)
    {
        var acc = n.B.Index(1);
        for (var d = from; d < to; d++) acc = n.B.Op($"arith.muli {acc}, {n.B.Dim(x, d)} : index");
        return acc;
    }

    private static string InferredExtent(NodeContext n, ImportedTensor x, long[] shape, int infer)
    {
        var total = DimProduct(n, x, 0, x.Rank);
        var known = shape.Where((_, i) => i != infer).Aggregate(1L, (a, b) => b < 0 ? a : a * b);
        if (shape.Where((_, i) => i != infer).Any(d => d < 0)) throw n.Unsupported("reshape with -1 and another dynamic extent");
        return n.B.Op($"arith.divui {total}, {n.B.Index(known)} : index");
    }

    public static ImportedTensor TransposeConstant(ImportedTensor x, int[] perm)
    {
        var d = x.Data!;
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        var raw = new byte[d.Raw.Length];
        var inStrides = Broadcast.Strides(x.Shape);
        var outStrides = Broadcast.Strides(shape);
        var size = x.Element.Bytes;
        for (long i = 0; i < d.Count; i++)
        {
            long src = 0;
            for (var k = 0; k < shape.Length; k++) src += i / outStrides[k] % shape[k] * inStrides[perm[k]];
            d.Raw.AsSpan((int)(src * size), size).CopyTo(raw.AsSpan((int)(i * size)));
        }
        return ImportedTensor.Constant(new TensorData(x.Element, shape, raw));
    }

    public static ImportedTensor Transpose(NodeContext n, ImportedTensor x, int[] perm)
    {
        if (perm.Select((p, i) => p == i).All(b => b)) return x;
        if (x.Data is { Count: <= 1 << 24 }) return TransposeConstant(x, perm);
        var shape = perm.Select(p => x.Shape[p]).ToArray();
        var src = n.Use(x);
        var init = n.B.Empty(x.Element, shape, d => n.B.Dim(x, perm[d]));
        return new ImportedTensor(x.Element, shape,
            n.B.Op($"linalg.transpose ins({src} : {x.Type}) outs({init} : {ImportedTensor.TypeText(x.Element, shape)}) permutation = [{string.Join(", ", perm)}]"));
    }

    private static byte[] ConcatRaw(ImportedTensor[] ins, int axis, long[] shape)
    {
        var size = ins[0].Element.Bytes;
        var outer = shape[..axis].Aggregate(1L, (a, b) => a * b);
        var inner = shape[(axis + 1)..].Aggregate(1L, (a, b) => a * b);
        var raw = new List<byte>();
        for (long o = 0; o < outer; o++)
            foreach (var i in ins)
            {
                var chunk = i.Shape[axis] * inner * size;
                raw.AddRange(i.Data!.Raw.AsSpan((int)(o * chunk), (int)chunk).ToArray());
            }
        return raw.ToArray();
    }

    /// <summary>Elements <c>begin + i*stride</c> along each dimension (static shapes on sliced dimensions).</summary>
    public static ImportedTensor ExtractSlice(NodeContext n, ImportedTensor x, long[] begin, long[] size, long[] stride)
    {
        if (begin.All(b => b == 0) && stride.All(s => s == 1) && size.SequenceEqual(x.Shape)) return x;
        var e = x.Element;
        if (x.Data is { Count: <= 1 << 20 } data && size.All(s => s >= 0))
        {
            var count = size.Aggregate(1L, (a, b) => a * b);
            var raw = new byte[count * e.Bytes];
            var inStrides = Broadcast.Strides(x.Shape);
            var outStrides = Broadcast.Strides(size);
            for (long i = 0; i < count; i++)
            {
                long src = 0;
                for (var k = 0; k < size.Length; k++) src += (begin[k] + i / outStrides[k] % size[k] * stride[k]) * inStrides[k];
                data.Raw.AsSpan((int)(src * e.Bytes), e.Bytes).CopyTo(raw.AsSpan((int)(i * e.Bytes)));
            }
            return ImportedTensor.Constant(new TensorData(e, size, raw));
        }
        var srcSsa = n.Use(x);
        var type = ImportedTensor.TypeText(e, size);
        if (stride.All(s => s > 0))
        {
            var sizes = Enumerable.Range(0, x.Rank).Select(d => size[d] >= 0 ? size[d].ToString() : n.B.Dim(x, d));
            return new ImportedTensor(e, size, n.B.Op(
                $"tensor.extract_slice {srcSsa}[{string.Join(", ", begin)}] [{string.Join(", ", sizes)}] [{string.Join(", ", stride)}] : {x.Type} to {type}"));
        }
        var init = n.B.Empty(e, size, d => n.B.Dim(x, d));
        var map = TextualIrBuilder.Map(x.Rank, Enumerable.Range(0, x.Rank).Select(d =>
            stride[d] == 1 && begin[d] == 0 ? $"d{d}" : $"d{d} * {stride[d]} + {begin[d]}"));
        var r = n.B.Generic([new(srcSsa, x.Type, map, e.Mlir)], [new(init, type, TextualIrBuilder.IdentityMap(x.Rank), e.Mlir)], new bool[x.Rank], a => [a[0]]);
        return new ImportedTensor(e, size, r[0]);
    }

    public static ImportedTensor Gather(NodeContext n, ImportedTensor data, ImportedTensor indices, int axis)
    {
        if (axis < 0) axis += data.Rank;
        var shape = data.Shape[..axis].Concat(indices.Shape).Concat(data.Shape[(axis + 1)..]).ToArray();
        var e = data.Element;
        var dim = data.Shape[axis];
        if (indices.Data is { } idx && data.Data is { Count: <= 1 << 20 } d && data.IsStatic && indices.IsStatic)
        {
            var outer = data.Shape[..axis].Aggregate(1L, (a, b) => a * b);
            var inner = data.Shape[(axis + 1)..].Aggregate(1L, (a, b) => a * b);
            var raw = new List<byte>();
            for (long o = 0; o < outer; o++)
                foreach (var j0 in idx.Ints())
                {
                    var j = j0 < 0 ? j0 + dim : j0;
                    if (j < 0 || j >= dim) throw n.Error($"index {j0} is out of range for dimension {axis} of {data.Type}");
                    raw.AddRange(d.Raw.AsSpan((int)((o * dim + j) * inner * e.Bytes), (int)(inner * e.Bytes)).ToArray());
                }
            return ImportedTensor.Constant(new TensorData(e, shape, raw.ToArray()));
        }
        var dataSsa = n.Use(data);
        var idxSsa = n.Use(indices);
        var type = ImportedTensor.TypeText(e, shape);
        var init = n.B.Empty(e, shape, k => k < axis ? n.B.Dim(data, k) : k < axis + indices.Rank ? n.B.Dim(indices, k - axis) : n.B.Dim(data, k - indices.Rank + 1));
        var extent = n.B.Dim(data, axis);
        var loops = shape.Length;
        var idxMap = TextualIrBuilder.Map(loops, Enumerable.Range(axis, indices.Rank).Select(k => $"d{k}"));
        var r = n.B.Generic([new(idxSsa, indices.Type, idxMap, indices.Element.Mlir)], [new(init, type, TextualIrBuilder.IdentityMap(loops), e.Mlir)], new bool[loops], a =>
        {
            var i = n.B.Op($"arith.index_cast {a[0]} : {indices.Element.Mlir} to index");
            var negative = n.B.Op($"arith.cmpi slt, {i}, {n.B.Op("arith.constant 0 : index")} : index");
            var wrapped = n.B.Op($"arith.select {negative}, {n.B.Op($"arith.addi {i}, {extent} : index")}, {i} : index");
            var coords = new List<string>();
            for (var k = 0; k < data.Rank; k++)
                coords.Add(k == axis ? wrapped : n.B.Op($"linalg.index {(k < axis ? k : k + indices.Rank - 1)} : index"));
            return [n.B.Op($"tensor.extract {dataSsa}[{string.Join(", ", coords)}] : {data.Type}")];
        });
        return new ImportedTensor(e, shape, r[0]);
    }

    private static ImportedTensor Pad(NodeContext n)
    {
        var x = n.Input(0);
        var mode = n.String("mode", "constant");
        long[] pads;
        ImportedTensor? valueTensor = null;
        double value = 0;
        if (n.Opset < 11)
        {
            pads = n.Ints(n.Opset < 2 ? "paddings" : "pads") ?? throw n.Error("attribute 'pads' is required");
            value = n.Float("value", 0f);
        }
        else
        {
            pads = n.ConstantInput(1, "pads").Ints();
            valueTensor = n.Optional(2);
            if (n.Optional(3) is not null) throw n.Unsupported("input 'axes'");
        }
        var rank = x.Rank;
        if (pads.Length != 2 * rank) throw n.Error($"pads has {pads.Length} values, {x.Type} needs {2 * rank}");
        var low = pads[..rank];
        var high = pads[rank..];
        if (x.Shape.Any(d => d < 0)) throw n.Unsupported("Pad of a dynamic shape");
        var shape = x.Shape.Select((s, d) => s + low[d] + high[d]).ToArray();
        var e = x.Element;
        var type = ImportedTensor.TypeText(e, shape);
        if (mode == "constant")
        {
            var clippedLow = low.Select(p => Math.Max(0, p)).ToArray();
            var clippedHigh = high.Select(p => Math.Max(0, p)).ToArray();
            var padded = x;
            if (clippedLow.Any(p => p > 0) || clippedHigh.Any(p => p > 0))
            {
                var src = n.Use(x);
                string scalar;
                if (valueTensor is { Data: { } vd }) scalar = n.B.Constant(e, vd.GetDouble(0));
                else if (valueTensor is not null) scalar = n.B.Op($"tensor.extract {n.Use(valueTensor)}[] : {valueTensor.Type}");
                else scalar = n.B.Constant(e, value);
                var pshape = x.Shape.Select((s, d) => s + clippedLow[d] + clippedHigh[d]).ToArray();
                var ptype = ImportedTensor.TypeText(e, pshape);
                var r = n.B.Fresh();
                var args = string.Join(", ", Enumerable.Range(0, rank).Select(_ => $"{n.B.Fresh()}: index"));
                n.B.Line($"{r} = tensor.pad {src} low[{string.Join(", ", clippedLow)}] high[{string.Join(", ", clippedHigh)}] {{\n    ^bb0({args}):\n      tensor.yield {scalar} : {e.Mlir}\n    }} : {x.Type} to {ptype}");
                padded = new ImportedTensor(e, pshape, r);
            }
            if (low.All(p => p >= 0) && high.All(p => p >= 0)) return padded;
            return ExtractSlice(n, padded, low.Select(p => p < 0 ? -p : 0).ToArray(), shape, Enumerable.Repeat(1L, rank).ToArray());
        }
        if (mode is not ("edge" or "reflect")) throw n.Unsupported($"mode '{mode}'");
        if (low.Any(p => p < 0) || high.Any(p => p < 0)) throw n.Unsupported($"negative pads in mode '{mode}'");
        var srcSsa = n.Use(x);
        var init = n.B.Empty(e, shape);
        var res = n.B.Generic([], [new(init, type, TextualIrBuilder.IdentityMap(rank), e.Mlir)], new bool[rank], _ =>
        {
            var coords = new List<string>();
            for (var d = 0; d < rank; d++)
            {
                var i = n.B.Op($"linalg.index {d} : index");
                if (low[d] == 0 && high[d] == 0) { coords.Add(i); continue; }
                var size = x.Shape[d];
                var j = n.B.Op($"arith.subi {i}, {n.B.Op($"arith.constant {low[d]} : index")} : index");
                var zero = n.B.Op("arith.constant 0 : index");
                var last = n.B.Op($"arith.constant {size - 1} : index");
                if (mode == "edge")
                    coords.Add(n.B.Op($"arith.minsi {n.B.Op($"arith.maxsi {j}, {zero} : index")}, {last} : index"));
                else
                {
                    var reflectedLow = n.B.Op($"arith.select {n.B.Op($"arith.cmpi slt, {j}, {zero} : index")}, {n.B.Op($"arith.subi {zero}, {j} : index")}, {j} : index");
                    var twice = n.B.Op($"arith.constant {2 * (size - 1)} : index");
                    coords.Add(n.B.Op($"arith.select {n.B.Op($"arith.cmpi sgt, {reflectedLow}, {last} : index")}, {n.B.Op($"arith.subi {twice}, {reflectedLow} : index")}, {reflectedLow} : index"));
                }
            }
            return [n.B.Op($"tensor.extract {srcSsa}[{string.Join(", ", coords)}] : {x.Type}")];
        });
        return new ImportedTensor(e, shape, res[0]);
    }
}

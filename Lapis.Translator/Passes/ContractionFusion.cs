using Lapis.Native.Ir;

namespace Lapis.Translator.Passes;

/// <summary>
/// What <see cref="TileContractionsPass"/> fuses into a contraction (linalg on memrefs, one block):
/// the <c>linalg.fill</c> (or the copy of a filled buffer) that initializes its output (→ the <c>init</c> operand) and the elementwise
/// <c>linalg.generic</c> that is the only reader of its output (→ the epilogue region, the generic's
/// output becomes the contraction's).
/// </summary>
internal static class ContractionFusion
{
    /// <summary>
    /// The value <paramref name="output"/> holds everywhere when <paramref name="op"/> runs, and the op
    /// that put it there (erased by the caller once the value is the op's init), or null: either the
    /// <c>linalg.fill ins(%v) outs(%out)</c> that last wrote it, or a <c>memref.copy %filled, %out</c>
    /// of a fresh buffer whose only write is such a fill (bufferization's form of one filled tensor
    /// shared by several convolutions), with no other access of <paramref name="output"/> in between.
    /// </summary>
    public static (Value Init, Operation Writer)? FindInit(Operation op, Value output)
    {
        var root = IrMatchers.ViewRoot(output);
        var ops = op.Block.Operations;
        for (var i = IndexIn(ops, op) - 1; i >= 0; i--)
        {
            var prev = ops[i];
            if (!Touches(prev, root)) continue;
            if (prev.Name == "linalg.fill" && prev.OperandCount == 2 && prev.Operand(1) == output && prev.Operand(0).Type == output.Type.ElementType)
                return (prev.Operand(0), prev);
            if (prev.Name == "memref.copy" && prev.Operand(1) == output && FilledWith(prev.Operand(0), prev) is { } v && v.Type == output.Type.ElementType)
                return (v, prev);
            return null;
        }
        return null;
    }

    /// <summary>
    /// The fill value of <paramref name="buffer"/> at <paramref name="reader"/>: a fresh allocation
    /// filled by a <c>linalg.fill</c> earlier in the same block, with nothing but copies out of it in
    /// between (later uses — the last convolution writing it in place — do not matter).
    /// </summary>
    private static Value? FilledWith(Value buffer, Operation reader)
    {
        if (!buffer.IsOpResult || buffer.DefiningOp.Name != "memref.alloc") return null;
        var ops = reader.Block.Operations;
        var at = IndexIn(ops, reader);
        for (var i = at - 1; i >= 0; i--)
        {
            var prev = ops[i];
            if (!Touches(prev, buffer)) continue;
            if (prev.Name == "memref.copy" && prev.Operand(0) == buffer && IrMatchers.ViewRoot(prev.Operand(1)) != buffer) continue;
            if (prev.Name == "linalg.fill" && prev.OperandCount == 2 && prev.Operand(1) == buffer) return prev.Operand(0);
            return null;
        }
        return null;
    }

    /// <summary>
    /// Erases the fill or copy <see cref="FindInit"/> found; a copied-from buffer nothing but its fill
    /// and deallocs uses any more goes too.
    /// </summary>
    public static void EraseInitWriter(Operation writer)
    {
        var source = writer.Name == "memref.copy" ? writer.Operand(0) : default;
        writer.Erase();
        if (source.IsNull || source.Uses.Any(u => u.Owner.Name is not ("linalg.fill" or "memref.dealloc"))) return;
        foreach (var (user, _) in source.Uses.ToArray()) user.Erase();
        source.DefiningOp.Erase();
    }

    /// <summary>
    /// Moves the elementwise consumer of a contraction's output into its epilogue when the output is
    /// a fresh allocation nothing else reads: <c>C = alloc; C = init + A B; D = f(C, x...)</c> →
    /// <c>D = f(init + A B, x...)</c>, C erased. The epilogue block is (acc, i0, ..., i_{r-1}).
    /// With <paramref name="outputReadable"/> false (a library call writes the whole output before
    /// the epilogue runs), a consumer that also reads the output's buffer (<c>D = f(C, D)</c>) stays.
    /// </summary>
    public static void FuseEpilogue(Operation contraction, bool outputReadable = true)
    {
        if (contraction.OperandCount != 4) return; // without init, partial sums would have to start from C's content
        var c = contraction.Operand(2);
        if (!c.IsOpResult || c.DefiningOp.Name != "memref.alloc") return;
        var alloc = c.DefiningOp;
        var ops = contraction.Block.Operations;
        var at = IndexIn(ops, contraction);
        // The consumer is the first op after the contraction that uses C.
        var users = c.Uses.Select(u => u.Owner).Where(u => u != contraction && u.Name != "memref.dealloc").Distinct().ToArray();
        if (users.Any(u => u.Block != contraction.Block || IndexIn(ops, u) < at)) return;
        if (users.Length == 0) return;
        var consumer = users.MinBy(u => IndexIn(ops, u));
        if (!IsElementwiseConsumer(consumer, c, out var cInput)) return;
        var end = IndexIn(ops, consumer);
        var inPlace = consumer.Operand(consumer.OperandCount - 1) == c;
        // Out of place, C disappears: nothing else may read it. In place, later readers see the final value.
        if (!inPlace && users.Length != 1) return;
        var inputs = Enumerable.Range(0, consumer.OperandCount - 1).Select(consumer.Operand).ToArray();
        var d = consumer.Operand(consumer.OperandCount - 1);
        // Everything the epilogue reads or writes must be available at the contraction and untouched in between.
        var roots = inputs.Where(v => v.Type.IsMemRef).Select(IrMatchers.ViewRoot).Append(IrMatchers.ViewRoot(d)).ToHashSet();
        for (var i = at + 1; i < end; i++)
            if (ops[i].Name == "func.call" || roots.Any(r => Touches(ops[i], r))) return;
        var dRoot = IrMatchers.ViewRoot(d);
        if (dRoot == IrMatchers.ViewRoot(contraction.Operand(0)) || dRoot == IrMatchers.ViewRoot(contraction.Operand(1))) return;
        if (!outputReadable && inputs.Where((v, i) => i != cInput && v.Type.IsMemRef).Any(v => IrMatchers.ViewRoot(v) == dRoot)) return;
        // Values defined between the two ops move up: the output's allocation (if its sizes are
        // available) and operand-free globals (a bias).
        var move = new List<Operation>();
        foreach (var v in inputs.Append(d))
        {
            if (v == c || DefinedBefore(v, contraction, ops, at)) continue;
            var def = v.IsOpResult ? v.DefiningOp : default;
            if (def.IsNull || def.Block != contraction.Block) return;
            if ((def.Name == "memref.alloc" && v == d) || def.Name == "memref.get_global")
            {
                if (!def.Operands.All(s => DefinedBefore(s, contraction, ops, at))) return;
                move.Add(def);
            }
            else return;
        }
        foreach (var def in move.Distinct()) def.MoveBefore(contraction);

        var b = OpBuilder.For(contraction);
        var element = c.Type.ElementType;
        var rank = c.Type.Rank;
        var payload = consumer.Region(0).FirstBlock;
        var epilogue = contraction.Region(0).AppendBlock([element, .. Enumerable.Repeat(b.Index, rank)], consumer.Location);
        var maps = LinalgStructure.IndexingMaps(consumer)!;
        var yield = payload.Terminator;
        var loads = new List<Operation>();
        for (var i = 0; i < inputs.Length; i++)
        {
            if (i == cInput) { payload.Argument(i).ReplaceAllUsesWith(epilogue.Argument(0)); continue; }
            var indices = maps[i].Select(dim => epilogue.Argument(1 + dim)).ToArray();
            var load = b.Create("memref.load", consumer.Location, [inputs[i], .. indices], [payload.Argument(i).Type]);
            epilogue.Append(load);
            payload.Argument(i).ReplaceAllUsesWith(load.Result(0));
        }
        var result = b.Create("gpu.yield", yield.Location, [yield.Operand(0)]);
        epilogue.Append(result);
        foreach (var op in payload.Operations)
            if (op != yield) op.MoveBefore(result);
        consumer.Erase();
        if (inPlace) return; // the contraction keeps its output
        contraction.SetOperand(2, d);
        foreach (var (user, _) in c.Uses.ToArray()) user.Erase(); // deallocs
        alloc.Erase();
    }

    /// <summary>
    /// An all-parallel <c>linalg.generic</c> with one output (identity map, not read by the payload) whose
    /// inputs include <paramref name="c"/> once with the identity map and are otherwise any
    /// projected permutations of the loops (a bias row, a residual).
    /// </summary>
    private static bool IsElementwiseConsumer(Operation generic, Value c, out int cInput)
    {
        cInput = -1;
        if (generic.Name != "linalg.generic" || generic.ResultCount != 0 || generic.OperandCount < 2) return false;
        if (generic.Attribute("iterator_types") is not { IsNull: false, IsArray: true } it
            || it.ArrayElements.Any(e => !e.ToString().Contains("parallel", StringComparison.Ordinal))) return false;
        var rank = c.Type.Rank;
        if (it.ArrayElements.Count != rank) return false;
        if (LinalgStructure.IndexingMaps(generic) is not { } maps || maps.Count != generic.OperandCount) return false;
        var identity = Enumerable.Range(0, rank).ToArray();
        var outIndex = generic.OperandCount - 1;
        var d = generic.Operand(outIndex);
        if (!d.Type.IsMemRef || d.Type.Rank != rank || d.Type.ElementType != c.Type.ElementType || !maps[outIndex].SequenceEqual(identity)) return false;
        var payload = generic.Region(0).FirstBlock;
        if (payload.Argument(outIndex).HasUses || payload.Terminator.OperandCount != 1) return false;
        if (payload.Operations.Any(o => o.RegionCount > 0 || o.Name == "linalg.index")) return false;
        for (var i = 0; i < outIndex; i++)
        {
            var v = generic.Operand(i);
            if (v == c)
            {
                if (cInput >= 0 || !maps[i].SequenceEqual(identity)) return false;
                cInput = i;
            }
            else if (!v.Type.IsMemRef || maps[i].Any(dim => dim < 0)) return false;
        }
        return cInput >= 0;
    }

    private static bool DefinedBefore(Value v, Operation op, IReadOnlyList<Operation> ops, int at)
    {
        if (v.IsBlockArgument) return true; // an argument of this block or of an enclosing one
        var def = v.DefiningOp;
        if (def.Block != op.Block) return !IrMatchers.IsNestedIn(def, op);
        return IndexIn(ops, def) < at;
    }

    /// <summary>True when <paramref name="op"/> (or an op nested in it) has an operand viewing <paramref name="root"/>.</summary>
    private static bool Touches(Operation op, Value root) =>
        op.Collect().Any(inner => inner.Operands.Any(v => v.Type.IsMemRef && IrMatchers.ViewRoot(v) == root));

    private static int IndexIn(IReadOnlyList<Operation> ops, Operation op)
    {
        for (var i = 0; i < ops.Count; i++) if (ops[i] == op) return i;
        return -1;
    }
}

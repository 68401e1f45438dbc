using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-sparse-parallel-safety. Input: buffers and scf.parallel loops as MLIR's sparsifier
/// leaves them with the <c>any-storage-any-loop</c> strategy, which also parallelizes loops whose
/// iterations write the same element (CSC SpMV scatters into y through row coordinates).
/// Output: only loops whose iterations cannot race stay parallel. For every write inside a
/// parallel loop to a buffer not private to an iteration:
/// <list type="bullet">
/// <item>disjoint: some index is injective in each induction variable of the loop (the IV
/// itself, plus or minus a loop-invariant value, through casts) and every other access to the
/// buffer in the loop uses the same indices — safe as it is;</item>
/// <item>otherwise, when an enclosing parallel loop (not serial) already writes the element
/// disjointly (CSR SpMM: <c>C[i, j] += A[i, k] * B[k, j]</c> in the loop over a row's nonzeros
/// k, inside the parallel loop over rows i), the loop becomes a sequential <c>scf.for</c>
/// nest: each outer iteration owns the element, so its updates need neither atomics nor a
/// parallel level of their own (and loops nested in it may still be parallel);</item>
/// <item>otherwise, a read-modify-write with an associative-commutative op
/// (<c>store(load(B[i]) + x, B[i])</c>) becomes <c>memref.atomic_rmw</c>, which is safe in any loop;</item>
/// <item>otherwise the loop is marked <c>lapis.serial</c>: it runs its iterations in order
/// (loops nested in it may still be parallel).</item>
/// </list>
/// Calls, copies and reallocations inside a parallel loop make it serial. Reductions through
/// scf.reduce are race-free by construction. A race is therefore impossible by construction:
/// nothing is left parallel that was not proven disjoint or made atomic.
/// </summary>
public sealed class SparseParallelSafetyPass : ExternalPass
{
    public override string Argument => "lapis-sparse-parallel-safety";
    public override string Description => "Keep only race-free scf.parallel loops: disjoint writes, atomics for scattered updates, serial otherwise";

    public override void Run(Operation op, PassRun run)
    {
        // Pre-order: an enclosing loop is decided (parallel or serial) before the loops in it.
        foreach (var loop in op.Collect(o => o.Name == "scf.parallel"))
        {
            var safe = IsSafe(loop, out var ownedByOuter);
            if (ownedByOuter) SerialLoops.ToFor(loop);
            else if (!safe) LapisAttributes.MarkSerial(loop);
        }
    }

    /// <summary>
    /// Makes scattered updates atomic where it can; true when the loop is then race-free.
    /// <paramref name="ownedByOuter"/>: some write races only across this loop's iterations and an
    /// enclosing parallel loop writes it disjointly, so the loop is to run sequentially instead.
    /// </summary>
    private static bool IsSafe(Operation loop, out bool ownedByOuter)
    {
        ownedByOuter = false;
        var ivs = loop.Region(0).FirstBlock.Arguments;
        if (loop.Collect(o => OpEffects.IsCall(o) || OpEffects.IsWholeBuffer(o) || o.Name == "memref.realloc").Count > 0) return false;
        var accesses = loop.Collect().Select(OpEffects.Element).OfType<ElementAccess>().Where(a => !a.IsAtomic)
            .Where(a => !IrMatchers.IsDefinedIn(IrMatchers.ViewRoot(a.Buffer), loop))
            .GroupBy(a => IrMatchers.ViewRoot(a.Buffer))
            .ToArray();
        var safe = true;
        foreach (var group in accesses)
        {
            var stores = group.Where(a => a.Writes).ToArray();
            if (stores.Length == 0) continue;
            foreach (var store in stores)
            {
                if (Disjoint(store, group, loop, ivs)) continue;
                if (SerialLoops.CanConvert(loop) && DisjointInEnclosingParallel(store, loop)) { ownedByOuter = true; continue; }
                if (TryMakeAtomic(store, group)) continue;
                safe = false;
            }
        }
        return safe;
    }

    /// <summary>Every IV has an index injective in it, and all other accesses to the buffer use the same memref and indices.</summary>
    private static bool Disjoint(ElementAccess store, IEnumerable<ElementAccess> accesses, Operation loop, IReadOnlyList<Value> ivs)
    {
        var indices = store.Indices;
        if (!ivs.All(iv => indices.Any(i => InjectiveIn(i, iv, loop)))) return false;
        return accesses.All(a => a.Op == store.Op || (a.Buffer == store.Buffer && a.Indices.SequenceEqual(indices)));
    }

    /// <summary>Some enclosing scf.parallel that stays parallel writes the element of <paramref name="store"/> disjointly.</summary>
    private static bool DisjointInEnclosingParallel(ElementAccess store, Operation loop)
    {
        var root = IrMatchers.ViewRoot(store.Buffer);
        for (var outer = loop.ParentOperation; !outer.IsNull; outer = outer.ParentOperation)
        {
            if (outer.Name != "scf.parallel" || LapisAttributes.IsSerial(outer)) continue;
            var accesses = outer.Collect().Select(OpEffects.Element).OfType<ElementAccess>()
                .Where(a => !a.IsAtomic && IrMatchers.ViewRoot(a.Buffer) == root);
            if (Disjoint(store, accesses, outer, outer.Region(0).FirstBlock.Arguments)) return true;
        }
        return false;
    }

    /// <summary>The value is <paramref name="iv"/> ± loop-invariant values, through index casts.</summary>
    private static bool InjectiveIn(Value value, Value iv, Operation loop)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            if (value == iv) return true;
            var def = value.DefiningOp;
            if (def.IsNull) return false;
            switch (def.Name)
            {
                case "arith.index_cast" or "arith.index_castui" or "arith.extsi" or "arith.extui":
                    value = def.Operand(0);
                    continue;
                case "arith.addi" or "arith.subi":
                    var (a, b) = (def.Operand(0), def.Operand(1));
                    if (!IrMatchers.IsDefinedIn(b, loop)) { value = a; continue; }
                    if (def.Name == "arith.addi" && !IrMatchers.IsDefinedIn(a, loop)) { value = b; continue; }
                    return false;
                default:
                    return false;
            }
        }
        return false;
    }

    /// <summary>
    /// <c>%v = load B[i]; %n = op %v, %x; store %n, B[i]</c> (the load used only there, no other
    /// access to B) → <c>memref.atomic_rmw op %x, B[i]</c>.
    /// </summary>
    private static bool TryMakeAtomic(ElementAccess written, IEnumerable<ElementAccess> accesses)
    {
        var store = written.Op;
        var combine = store.Operand(0).DefiningOp;
        if (combine.IsNull || ReductionKind.ForJoinOp(combine.Name)?.AtomicKind is not { } kind || combine.OperandCount != 2) return false;
        if (combine.Result(0).Uses.Count != 1) return false;
        Operation load = default;
        Value contribution = default;
        for (var k = 0; k < 2; k++)
        {
            var candidate = combine.Operand(k).DefiningOp;
            if (candidate.IsNull || OpEffects.Element(candidate) is not { Writes: false } read || read.Buffer != written.Buffer) continue;
            if (!read.Indices.SequenceEqual(written.Indices) || candidate.Result(0).Uses.Count != 1) continue;
            load = candidate;
            contribution = combine.Operand(1 - k);
        }
        if (load.IsNull) return false;
        if (accesses.Any(a => a.Op != store && a.Op != load)) return false;
        if (contribution.DefiningOp == load) return false;

        var b = OpBuilder.For(store);
        var atomic = b.Create("memref.atomic_rmw", store.Location,
            [contribution, written.Buffer, .. written.Indices], [contribution.Type],
            [("kind", b.Integer(b.Integer(64), AtomicRmwKinds.Value(kind)))]);
        store.Block.InsertBefore(store, atomic);
        store.Erase();
        combine.Erase();
        load.Erase();
        return true;
    }
}

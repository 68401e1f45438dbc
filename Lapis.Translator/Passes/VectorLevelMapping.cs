using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// The innermost level of a hierarchical mapping: in the body one team thread runs for one row
/// (an iteration of the loop mapped to kokkos.thread_parallel), the row's inner parallel loop
/// becomes kokkos.vector_parallel (ThreadVectorRange; its reductions stay reductions) and the
/// row's own writes run once per thread in kokkos.single(per_thread). The other ops of the row
/// run on every vector lane, redundantly, as Kokkos intends.
/// Rows are independent (they were iterations of a parallel loop), so no barrier is needed;
/// inside a row, vector lanes do not synchronize, hence the conditions of <see cref="CanMap"/>.
/// </summary>
internal static class VectorLevelMapping
{
    /// <summary>
    /// The only parallel loop of <paramref name="rowBody"/> (1-D, with no parallel loop inside),
    /// directly in it or in sequential scf.for loops of it (CSR SpMM: the loop over a row's
    /// nonzeros around the loop over the dense columns), or null. It can be mapped when the row's
    /// other writes come after it and read nothing another lane may still be writing: nothing
    /// that reads or writes memory follows the first per-row write, and nothing touches memory
    /// after a vector loop that writes. In the sequential loops around it, which every lane runs,
    /// the other ops write nothing and read nothing the vector loop writes.
    /// </summary>
    public static Operation? CanMap(Block rowBody, Operation nest)
    {
        var ops = rowBody.Operations;
        var all = nest.Collect(o => o.Name == "scf.parallel" && o != nest);
        if (all.Count != 1) return null;
        var inner = all[0];
        if (inner.Region(0).FirstBlock.ArgumentCount != 1) return null;
        var top = TopLevel(rowBody, inner);
        if (top.IsNull || (top != inner && !InSequentialLoops(top, inner))) return null;

        var terminator = rowBody.Terminator;
        var innerWrites = OpEffects.WritesMemory(inner);
        bool afterInner = false, afterWrite = false;
        foreach (var op in ops)
        {
            if (op == terminator) break;
            if (op == top) { afterInner = true; continue; }
            var writes = OpEffects.WritesMemory(op);
            var touches = writes || OpEffects.ReadsMemory(op);
            if (writes && (op.ResultCount > 0 || !afterInner)) return null;
            if (afterInner && innerWrites && touches) return null;
            if (afterWrite && touches && !writes) return null;
            afterWrite |= writes;
        }
        return inner;
    }

    /// <summary>Rewrites <paramref name="inner"/> (from <see cref="CanMap"/>) and the row's writes.</summary>
    public static void Map(Block rowBody, Operation inner)
    {
        var b = OpBuilder.For(inner);
        var top = TopLevel(rowBody, inner);
        var writers = rowBody.Operations.Where(o => o != top && o != rowBody.Terminator && OpEffects.WritesMemory(o)).ToArray();
        KokkosLoopMappingPass.Replace(inner, "kokkos.vector_parallel", [new ParallelLoop(inner).UpperBound(0)], []);
        foreach (var writer in writers) KokkosLoopMappingPass.WrapInSingle(rowBody, writer, "per_thread", b);
    }

    /// <summary>True when the vector loop <paramref name="inner"/> sits in sequential loops of the row (<see cref="CanMap"/>).</summary>
    public static bool IsInSequentialLoop(Block rowBody, Operation inner) => TopLevel(rowBody, inner) != inner;

    /// <summary>The op of <paramref name="rowBody"/> that is or holds <paramref name="op"/>, or a null op.</summary>
    private static Operation TopLevel(Block rowBody, Operation op)
    {
        for (var o = op; !o.IsNull; o = o.ParentOperation)
            if (o.Block == rowBody) return o;
        return default;
    }

    /// <summary>
    /// <paramref name="inner"/> is nested in <paramref name="top"/> through scf.for loops only,
    /// without results, whose other ops write no memory and read no buffer the vector loop writes.
    /// </summary>
    private static bool InSequentialLoops(Operation top, Operation inner)
    {
        var written = inner.Collect(o => OpEffects.Has(o, MemoryEffect.Write)).Select(OpEffects.Element).ToArray();
        if (written.Any(a => a is null)) return false;
        var roots = written.Select(a => IrMatchers.ViewRoot(a!.Value.Buffer)).ToHashSet();
        for (var level = inner; level != top;)
        {
            var loop = level.ParentOperation;
            if (loop.Name != "scf.for" || loop.ResultCount != 0) return false;
            foreach (var op in loop.Region(0).FirstBlock.Operations)
            {
                if (op == level || op.Name == "scf.yield") continue;
                if (OpEffects.WritesMemory(op)) return false;
                if (!OpEffects.ReadsMemory(op)) continue;
                var reads = op.Collect(o => OpEffects.Has(o, MemoryEffect.Read)).Select(OpEffects.Element).ToArray();
                if (reads.Any(a => a is null || roots.Contains(IrMatchers.ViewRoot(a.Value.Buffer)))) return false;
            }
            level = loop;
        }
        return true;
    }
}

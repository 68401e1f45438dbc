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
    /// The only parallel loop of <paramref name="rowBody"/> (directly in it, 1-D, with no parallel
    /// loop inside), or null. It can be mapped when the row's other writes come after it and
    /// read nothing another lane may still be writing: nothing that reads or writes memory
    /// follows the first per-row write, and nothing touches memory after a vector loop that writes.
    /// </summary>
    public static Operation? CanMap(Block rowBody, Operation nest)
    {
        var ops = rowBody.Operations;
        var loops = ops.Where(o => o.Name == "scf.parallel").ToArray();
        if (loops.Length != 1) return null;
        var inner = loops[0];
        if (inner.Region(0).FirstBlock.ArgumentCount != 1) return null;
        if (inner.Collect(o => o.Name == "scf.parallel" && o != inner).Count > 0) return null;
        var all = nest.Collect(o => o.Name == "scf.parallel" && o != nest);
        if (all.Any(o => o != inner && !IrMatchers.IsNestedIn(o, inner))) return null;

        var terminator = rowBody.Terminator;
        var innerWrites = OpEffects.WritesMemory(inner);
        bool afterInner = false, afterWrite = false;
        foreach (var op in ops)
        {
            if (op == terminator) break;
            if (op == inner) { afterInner = true; continue; }
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
        var writers = rowBody.Operations.Where(o => o != inner && o != rowBody.Terminator && OpEffects.WritesMemory(o)).ToArray();
        KokkosLoopMappingPass.Replace(inner, "kokkos.vector_parallel", [new ParallelLoop(inner).UpperBound(0)], []);
        foreach (var writer in writers) KokkosLoopMappingPass.WrapInSingle(rowBody, writer, "per_thread", b);
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-hoist-parallel-loops. Input: a sequential loop whose body is only a parallel loop,
/// as linalg lowering leaves for a reduction over an outer dimension:
///   scf.for %k { scf.parallel (%j) { out[%j] = out[%j] + in[%k, %j] } }   (one kernel launch per k)
/// Output: the parallel loop outside, the sequential one inside:
///   scf.parallel (%j) { scf.for %k { out[%j] = out[%j] + in[%k, %j] } }    (one kernel)
/// Legal when each parallel iteration owns the elements it writes: every buffer written in the
/// body is accessed only at one index list that uses all parallel induction variables, and the
/// parallel bounds do not depend on %k.
/// </summary>
public sealed class HoistParallelLoopsPass : ExternalPass
{
    public override string Argument => "lapis-hoist-parallel-loops";
    public override string Description => "Interchange a sequential loop with the parallel loop that is its whole body";

    public override void Run(Operation op, PassRun run)
    {
        // Post-order: inner pairs first, so a parallel loop can climb through several loops.
        bool changed;
        do
        {
            changed = false;
            foreach (var loop in op.Collect(o => o.Name == "scf.for").Reverse())
                if (CanHoist(loop, out var parallel)) { Hoist(loop, parallel); changed = true; break; }
        } while (changed);
    }

    private static bool CanHoist(Operation loop, out Operation parallel)
    {
        parallel = default;
        if (loop.ResultCount != 0) return false;
        var ops = loop.Region(0).FirstBlock.Operations;
        if (ops.Count != 2 || ops[0].Name != "scf.parallel" || LapisAttributes.IsSerial(ops[0])) return false;
        parallel = ops[0];
        if (parallel.ResultCount != 0) return false;
        if (parallel.Operands.Any(v => IrMatchers.IsDefinedIn(v, loop))) return false;
        var body = parallel.Region(0).FirstBlock;
        var ivs = body.Arguments.ToHashSet();
        // Only plain loads and stores: nothing that allocates, frees, calls, copies or updates atomically.
        var effects = parallel.Collect(o => OpEffects.Of(o) != MemoryEffect.None);
        var accesses = effects.Select(OpEffects.Element).OfType<ElementAccess>().Where(a => !a.IsAtomic).ToArray();
        if (accesses.Length != effects.Count) return false;
        var written = accesses.Where(a => a.Writes).Select(a => IrMatchers.ViewRoot(a.Buffer)).ToHashSet();
        foreach (var root in written)
        {
            var touching = accesses.Where(a => IrMatchers.ViewRoot(a.Buffer) == root).ToArray();
            var first = touching[0].Indices;
            if (touching.Any(a => a.Buffer != touching[0].Buffer || !a.Indices.SequenceEqual(first))) return false;
            if (!ivs.All(iv => first.Contains(iv))) return false;
        }
        return true;
    }

    private static void Hoist(Operation loop, Operation parallel)
    {
        var b = OpBuilder.For(loop);
        var oldBody = parallel.Region(0).FirstBlock;
        var rank = oldBody.ArgumentCount;
        var outer = b.Create("scf.parallel", parallel.Location, parallel.Operands, [], parallel.Attributes, regionCount: 1);
        loop.Block.InsertBefore(loop, outer);
        var outerBody = outer.Region(0).AppendBlock(Enumerable.Repeat(b.Index, rank).ToArray(), parallel.Location);
        var inner = b.Create("scf.for", loop.Location, [loop.Operand(0), loop.Operand(1), loop.Operand(2)], [], loop.Attributes, regionCount: 1);
        outerBody.Append(inner);
        outerBody.Append(b.Create("scf.reduce", parallel.Location));
        var innerBody = inner.Region(0).AppendBlock([b.Index], loop.Location);
        var yield = b.Create("scf.yield", loop.Location);
        innerBody.Append(yield);
        foreach (var op in oldBody.Operations)
            if (op.Name != "scf.reduce") op.MoveBefore(yield);
        for (var d = 0; d < rank; d++) oldBody.Argument(d).ReplaceAllUsesWith(outerBody.Argument(d));
        loop.Region(0).FirstBlock.Argument(0).ReplaceAllUsesWith(innerBody.Argument(0));
        loop.Erase();
    }
}

using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// Finds the accumulator of a loop body: the only memref.store in the body, at a buffer and
/// indices defined outside <c>scope</c>, and the memref.load of the same element in the same
/// block, with no other load of that buffer (through any view) and nothing else with side
/// effects (allocations, calls, copies, atomics, nested loops). What linalg lowering leaves for
/// every reduction dimension: <c>load C[i,j]; ...; store C[i,j]</c> inside the k loop.
/// </summary>
internal static class AccumulatorMatcher
{
    public sealed record Accumulator(Operation Load, Operation Store);

    public static Accumulator? Find(Operation loop, Operation scope)
    {
        var body = loop.Region(0).FirstBlock;
        var effects = loop.Collect(o => o != loop && (HasSideEffect(o) || o.Name is "scf.parallel" or "scf.for" or "scf.while" or "kokkos.range_parallel"));
        if (effects.Count != 1 || OpEffects.Element(effects[0]) is not { IsAtomic: false, Writes: true } written || effects[0].Block != body) return null;
        var store = effects[0];
        var target = written.Buffer;
        var indices = written.Indices;
        if (IrMatchers.IsDefinedIn(target, scope) || indices.Any(v => IrMatchers.IsDefinedIn(v, scope))) return null;
        var loads = loop.Collect(o => OpEffects.Element(o) is { Writes: false } read && IrMatchers.ViewRoot(read.Buffer) == IrMatchers.ViewRoot(target));
        if (loads.Count != 1) return null;
        var load = loads[0];
        if (load.Block != body || load.Operand(0) != target || !OpEffects.Element(load)!.Value.Indices.SequenceEqual(indices)) return null;
        if (!IsBefore(load, store)) return null;
        return new Accumulator(load, store);
    }

    /// <summary>Writes, allocates, frees or calls: anything but reading memory.</summary>
    private static bool HasSideEffect(Operation op) => (OpEffects.Of(op) & ~MemoryEffect.Read) != MemoryEffect.None;

    private static bool IsBefore(Operation a, Operation b)
    {
        for (var op = a; !op.IsNull; op = op.Next)
            if (op == b) return true;
        return false;
    }
}

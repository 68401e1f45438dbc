using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// The run-time estimate of how many iterations an inner parallel loop runs per outer
/// iteration, computed in host code before the kernel (the vector length and the rows per team
/// of a hierarchical mapping come from it):
/// <list type="bullet">
/// <item>a trip count defined outside the nest (dense rows) is the estimate itself (at least 1);</item>
/// <item>otherwise (sparse rows, trip count <c>pos[i+1] - pos[i]</c>) the extent of a 1-D
/// buffer the inner loop walks (loads at <c>offset + j</c>, e.g. the coordinates or values of
/// CSR: the number of stored entries) divided by the number of rows, at least 1 — a
/// host-side quantity, no device data is read.</item>
/// </list>
/// Loops with neither have no estimate (they keep the one-team-per-iteration mapping).
/// </summary>
internal static class AverageTripCount
{
    /// <summary>The value to build the estimate from, or null when there is none.</summary>
    private static (Value TripCount, Value Buffer)? Source(Operation inner, Operation nest)
    {
        var entries = new ParallelLoop(inner);
        var tripCount = entries.UpperBound(0);
        if (!IrMatchers.IsDefinedIn(tripCount, nest)) return (tripCount, default);
        var iv = entries.InductionVar(0);
        foreach (var load in inner.Collect(o => o.Name == "memref.load" && o.OperandCount == 2))
        {
            var buffer = load.Operand(0);
            if (IrMatchers.IsDefinedIn(buffer, nest) || !WalksWith(load.Operand(1), iv)) continue;
            return (default, buffer);
        }
        return null;
    }

    public static bool Exists(Operation inner, Operation nest) => Source(inner, nest) is not null;

    /// <summary>The 1-D buffer of the sparse form (its extent is the number of stored entries), or a null value.</summary>
    public static Value WalkedBuffer(Operation inner, Operation nest) => Source(inner, nest) is { } s ? s.Buffer : default;

    /// <summary>
    /// Builds the estimate before <paramref name="anchor"/> (outside <paramref name="nest"/>);
    /// <paramref name="rows"/> is the number of inner-loop instances (used for the buffer form).
    /// </summary>
    public static Value Build(Operation inner, Operation nest, Value rows, Operation anchor)
    {
        var (tripCount, buffer) = Source(inner, nest) ?? throw new InvalidOperationException("no trip-count estimate");
        var b = OpBuilder.For(anchor);
        var loc = inner.Location;
        Value Insert(Operation op) { anchor.Block.InsertBefore(anchor, op); return op.Result(0); }
        var one = b.IndexConstant(1, loc, anchor);
        if (!tripCount.IsNull) return Insert(b.Create("arith.maxsi", loc.Named("entries_per_row"), [tripCount, one], [b.Index]));
        var zero = b.IndexConstant(0, loc, anchor);
        var entries = Insert(b.Create("memref.dim", loc.Named("entries"), [buffer, zero], [b.Index]));
        var atLeastOneRow = Insert(b.Create("arith.maxsi", loc, [rows, one], [b.Index]));
        var average = Insert(b.Create("arith.divsi", loc, [entries, atLeastOneRow], [b.Index]));
        return Insert(b.Create("arith.maxsi", loc.Named("entries_per_row"), [average, one], [b.Index]));
    }

    /// <summary>True when <paramref name="index"/> is <paramref name="iv"/> or <c>iv + x</c> (either order).</summary>
    private static bool WalksWith(Value index, Value iv)
    {
        if (index == iv) return true;
        var def = index.DefiningOp;
        return !def.IsNull && def.Name == "arith.addi" && (def.Operand(0) == iv || def.Operand(1) == iv);
    }
}

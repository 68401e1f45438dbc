using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// Rewrites an <c>scf.parallel</c> without reductions into the equivalent nest of <c>scf.for</c>
/// loops (the first dimension outermost), so that later passes see a sequential loop: nothing
/// maps it onto a parallel level, and a parallel loop in its body may still be mapped.
/// </summary>
internal static class SerialLoops
{
    public static bool CanConvert(Operation loop) => loop.Name == "scf.parallel" && loop.ResultCount == 0;

    /// <summary>Replaces <paramref name="loop"/> (see <see cref="CanConvert"/>) by nested scf.for loops; returns the outermost.</summary>
    public static Operation ToFor(Operation loop)
    {
        var parallel = new ParallelLoop(loop);
        var b = OpBuilder.For(loop);
        var loc = loop.Location;
        var oldBody = parallel.Body;
        Operation outermost = default;
        Operation anchor = loop;
        Block enclosing = default;
        var ivs = new Value[parallel.Rank];
        for (var d = 0; d < parallel.Rank; d++)
        {
            var @for = b.Create("scf.for", loc, [parallel.LowerBound(d), parallel.UpperBound(d), parallel.Step(d)], [], regionCount: 1);
            if (d == 0) { loop.Block.InsertBefore(loop, @for); outermost = @for; }
            else enclosing.InsertBefore(anchor, @for);
            var body = @for.Region(0).AppendBlock([b.Index], loc);
            var yield = b.Create("scf.yield", loc);
            body.Append(yield);
            ivs[d] = body.Argument(0);
            enclosing = body;
            anchor = yield;
        }
        foreach (var op in oldBody.Operations)
            if (op != oldBody.Terminator) op.MoveBefore(anchor);
        for (var d = 0; d < ivs.Length; d++) oldBody.Argument(d).ReplaceAllUsesWith(ivs[d]);
        loop.Erase();
        return outermost;
    }
}

using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// Rewrites one <c>scf.parallel</c> to lower bound 0 and step 1 in every dimension:
///   scf.parallel (%i) = (%lb) to (%ub) step (%s)   →   scf.parallel (%j) = (0) to (ceildiv(%ub - %lb, %s)) step (1)
/// with %i = %lb + %j * %s materialized at the top of the body. Kokkos policies iterate [0, n).
/// </summary>
public sealed class NormalizeParallelLoopPattern : RewritePattern
{
    public override string RootOperation => "scf.parallel";

    public override bool MatchAndRewrite(Operation op, Rewriter rewriter)
    {
        var loop = new ParallelLoop(op);
        var body = loop.Body;
        var dims = Enumerable.Range(0, loop.Rank).Where(d => !IsNormalized(loop, d)).ToArray();
        if (dims.Length == 0) return false;

        var b = rewriter.Builder;
        var index = b.Index;
        var loc = op.Location;
        rewriter.SetInsertionPointBefore(op);
        var zero = Constant(rewriter, 0, loc);
        var one = Constant(rewriter, 1, loc);
        var newUpper = new Dictionary<int, Value>();
        foreach (var d in dims)
        {
            Value lb = loop.LowerBound(d), ub = loop.UpperBound(d), step = loop.Step(d);
            var extent = rewriter.Create("arith.subi", loc, [ub, lb], [index]).Result(0);
            newUpper[d] = rewriter.Create("arith.ceildivsi", loc, [extent, step], [index]).Result(0);
        }

        rewriter.SetInsertionPointToStart(body);
        foreach (var d in dims)
        {
            Value lb = loop.LowerBound(d), step = loop.Step(d);
            var iv = loop.InductionVar(d);
            var scale = rewriter.Create("arith.muli", loc, [iv, step], [index]);
            var original = rewriter.Create("arith.addi", loc, [scale.Result(0), lb], [index]).Result(0);
            rewriter.ReplaceAllUsesExcept(iv, original, scale);
        }

        rewriter.ModifyInPlace(op, () =>
        {
            foreach (var d in dims)
            {
                loop.SetLowerBound(d, zero);
                loop.SetUpperBound(d, newUpper[d]);
                loop.SetStep(d, one);
            }
        });
        return true;
    }

    /// <summary>Lower bound 0 and step 1 in dimension <paramref name="d"/> (what Kokkos policies iterate).</summary>
    public static bool IsNormalized(ParallelLoop loop, int d) =>
        IrMatchers.IsConstant(loop.LowerBound(d), 0) && IrMatchers.IsConstant(loop.Step(d), 1);

    private static Value Constant(Rewriter rewriter, long value, Location loc)
    {
        var b = rewriter.Builder;
        return rewriter.Create("arith.constant", loc, resultTypes: [b.Index], attributes: [("value", b.Integer(b.Index, value))]).Result(0);
    }
}

using Lapis.Native.Ir;
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

    public override bool MatchAndRewrite(Operation loop, Rewriter rewriter)
    {
        var body = loop.Region(0).FirstBlock;
        var rank = body.ArgumentCount;
        var dims = Enumerable.Range(0, rank)
            .Where(d => !IrMatchers.IsConstant(loop.Operand(d), 0) || !IrMatchers.IsConstant(loop.Operand(2 * rank + d), 1))
            .ToArray();
        if (dims.Length == 0) return false;

        var b = rewriter.Builder;
        var index = b.Index;
        var loc = loop.Location;
        rewriter.SetInsertionPointBefore(loop);
        var zero = Constant(rewriter, 0, loc);
        var one = Constant(rewriter, 1, loc);
        var newUpper = new Dictionary<int, Value>();
        foreach (var d in dims)
        {
            Value lb = loop.Operand(d), ub = loop.Operand(rank + d), step = loop.Operand(2 * rank + d);
            var extent = rewriter.Create("arith.subi", loc, [ub, lb], [index]).Result(0);
            newUpper[d] = rewriter.Create("arith.ceildivsi", loc, [extent, step], [index]).Result(0);
        }

        rewriter.SetInsertionPointToStart(body);
        foreach (var d in dims)
        {
            Value lb = loop.Operand(d), step = loop.Operand(2 * rank + d);
            var iv = body.Argument(d);
            var scale = rewriter.Create("arith.muli", loc, [iv, step], [index]);
            var original = rewriter.Create("arith.addi", loc, [scale.Result(0), lb], [index]).Result(0);
            rewriter.ReplaceAllUsesExcept(iv, original, scale);
        }

        rewriter.ModifyInPlace(loop, () =>
        {
            foreach (var d in dims)
            {
                loop.SetOperand(d, zero);
                loop.SetOperand(rank + d, newUpper[d]);
                loop.SetOperand(2 * rank + d, one);
            }
        });
        return true;
    }

    private static Value Constant(Rewriter rewriter, long value, Location loc)
    {
        var b = rewriter.Builder;
        return rewriter.Create("arith.constant", loc, resultTypes: [b.Index], attributes: [("value", b.Integer(b.Index, value))]).Result(0);
    }
}

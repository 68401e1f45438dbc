using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-promote-accumulators. Input: scf.for loops (without iter_args) whose body loads,
/// updates and stores one loop-invariant memref element (see <see cref="AccumulatorMatcher"/>),
/// e.g. the k loop of a matmul: <c>C[i,j] = C[i,j] + A[i,k] * B[k,j]</c>. Output: the element is
/// loaded once before the loop, carried in an iter_arg (a register) and stored once after it.
/// Same operations in the same order, so results are bit-identical; the kernel stops reading
/// and writing memory in its innermost loop.
/// </summary>
public sealed class PromoteAccumulatorsPass : ExternalPass
{
    public override string Argument => "lapis-promote-accumulators";
    public override string Description => "Carry loop-invariant memref accumulators in scf.for iter_args";

    public override void Run(Operation op, PassRun run)
    {
        // Post-order: inner loops first, so an outer loop can then promote the same element.
        var loops = op.Collect(o => o.Name == "scf.for" && o.ResultCount == 0).Reverse().ToArray();
        foreach (var loop in loops)
            if (AccumulatorMatcher.Find(loop, loop) is { } acc) Promote(loop, acc);
    }

    private static void Promote(Operation loop, AccumulatorMatcher.Accumulator acc)
    {
        var b = OpBuilder.For(loop);
        var type = acc.Load.Result(0).Type;
        var init = b.Create("memref.load", acc.Load.Location, acc.Load.Operands, [type]);
        loop.Block.InsertBefore(loop, init);
        var promoted = b.Create("scf.for", loop.Location, [loop.Operand(0), loop.Operand(1), loop.Operand(2), init.Result(0)], [type],
            loop.Attributes.Where(a => a.Name != "operandSegmentSizes").ToArray(), regionCount: 1);
        loop.Block.InsertBefore(loop, promoted);
        var oldBody = loop.Region(0).FirstBlock;
        var body = promoted.Region(0).AppendBlock([oldBody.Argument(0).Type, type], loop.Location);
        var yield = b.Create("scf.yield", acc.Store.Location, [acc.Store.Operand(0)]);
        body.Append(yield);
        foreach (var op in oldBody.Operations)
            if (op != acc.Store && op != acc.Load && op.Name != "scf.yield") op.MoveBefore(yield);
        oldBody.Argument(0).ReplaceAllUsesWith(body.Argument(0));
        acc.Load.Result(0).ReplaceAllUsesWith(body.Argument(1));
        var store = b.Create("memref.store", acc.Store.Location, [promoted.Result(0), .. acc.Store.Operands.Skip(1)]);
        loop.Block.InsertBefore(loop.Next, store);
        acc.Store.Erase();
        acc.Load.Erase();
        loop.Erase();
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-parallelize-reductions. Upstream convert-linalg-to-parallel-loops keeps reduction
/// dimensions as sequential scf.for loops that load, combine and store one accumulator:
///   scf.for %k { %a = load %M[%I]; %x = ...; %r = arith.addf %a, %x; store %r, %M[%I] }
/// When such a (perfectly nested) loop nest is not already inside a parallel loop (host loops
/// around it are fine: the kernel is launched from them) and the
/// combining op is associative and commutative (sum, product, min, max — NaN-aware variants
/// included — and, or, xor), this rewrites it into
///   %init = load %M[%I]; %r = scf.parallel (%k) ... init(%init) { %x = ...; scf.reduce(%x) {...} }; store %r, %M[%I]
/// so the Kokkos mapping turns it into a parallel_reduce. Anything else is left alone.
/// </summary>
public sealed class ParallelizeReductionsPass : ExternalPass
{
    public override string Argument => "lapis-parallelize-reductions";
    public override string Description => "Turn sequential accumulate loops into scf.parallel reductions";

    public override void Run(Operation op, PassRun run)
    {
        // One rewrite at a time: a rewrite erases loops, so candidates are collected afresh.
        while (op.Collect(o => o.Name == "scf.for" && !InsideLoop(o) && !IsInnerOfPerfectNest(o))
                   .Select(FindReduction).FirstOrDefault(m => m is not null) is { } match)
            Rewrite(match);
    }

    /// <summary>True when the loop is the whole body of an enclosing scf.for (the nest is matched from its outermost loop).</summary>
    private static bool IsInnerOfPerfectNest(Operation loop)
    {
        var parent = loop.ParentOperation;
        return parent.Name == "scf.for" && parent.Region(0).FirstBlock.Operations.Count == 2;
    }

    private sealed record NestMatch(IReadOnlyList<Operation> Nest, Operation Load, Operation Combine, Operation Store, Value Contribution, ReductionKind Kind);

    private static bool InsideLoop(Operation op)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (p.Name is "scf.parallel" or "kokkos.range_parallel" or "kokkos.team_parallel") return true;
        return false;
    }

    private static NestMatch? FindReduction(Operation outer)
    {
        // The perfect nest: each loop's body is exactly the next loop (+ yield); no iter_args;
        // inner bounds do not depend on outer induction variables.
        var nest = new List<Operation> { outer };
        while (true)
        {
            var current = nest[^1];
            if (current.ResultCount != 0) return null;
            var ops = current.Region(0).FirstBlock.Operations;
            if (ops.Count == 2 && ops[0].Name == "scf.for") nest.Add(ops[0]);
            else break;
        }
        if (nest.Skip(1).Any(l => l.Operands.Take(3).Any(v => IrMatchers.IsDefinedIn(v, outer)))) return null;

        if (AccumulatorMatcher.Find(nest[^1], outer) is not { } acc) return null;
        var body = nest[^1].Region(0).FirstBlock;
        var combine = acc.Store.Operand(0).DefiningOp;
        if (combine.IsNull || combine.Block != body || combine.OperandCount != 2 || combine.Result(0).Uses.Count != 1) return null;
        if (ReductionKind.ForJoinOp(combine.Name) is not { } kind) return null;
        if (acc.Load.Result(0).Uses.Count != 1) return null;
        var side = combine.Operand(0) == acc.Load.Result(0) ? 0 : combine.Operand(1) == acc.Load.Result(0) ? 1 : -1;
        if (side < 0) return null;
        return new NestMatch(nest, acc.Load, combine, acc.Store, combine.Operand(1 - side), kind);
    }

    private static void Rewrite(NestMatch m)
    {
        var outer = m.Nest[0];
        var b = OpBuilder.For(outer);
        var loc = m.Combine.Location;
        var type = m.Load.Result(0).Type;
        var rank = m.Nest.Count;

        var init = b.Create("memref.load", m.Load.Location, m.Load.Operands, [type]);
        outer.Block.InsertBefore(outer, init);
        var lbs = m.Nest.Select(l => l.Operand(0)).ToArray();
        var ubs = m.Nest.Select(l => l.Operand(1)).ToArray();
        var steps = m.Nest.Select(l => l.Operand(2)).ToArray();
        var i32 = b.Integer(32);
        var parallel = b.Create("scf.parallel", outer.Location, [.. lbs, .. ubs, .. steps, init.Result(0)], [type],
            [("operandSegmentSizes", b.ParseAttribute($"array<i32: {rank}, {rank}, {rank}, 1>"))], regionCount: 1);
        outer.Block.InsertBefore(outer, parallel);
        var block = parallel.Region(0).AppendBlock(Enumerable.Repeat(b.Index, rank).ToArray(), outer.Location);

        // scf.reduce(%x) { ^bb0(%a, %b): %c = <combine> %a, %b; scf.reduce.return %c }
        var reduce = b.Create("scf.reduce", loc, [m.Contribution], regionCount: 1);
        block.Append(reduce);
        var join = reduce.Region(0).AppendBlock([type, type], loc);
        var joined = b.Create(m.Combine.Name, loc, [join.Argument(0), join.Argument(1)], [type], CopyAttributes(m.Combine));
        join.Append(joined);
        join.Append(b.Create("scf.reduce.return", loc, [joined.Result(0)]));

        var innerBody = m.Nest[^1].Region(0).FirstBlock;
        foreach (var op in innerBody.Operations)
            if (op != m.Load && op != m.Combine && op != m.Store && op.Name != "scf.yield") op.MoveBefore(reduce);
        for (var d = 0; d < rank; d++) m.Nest[d].Region(0).FirstBlock.Argument(0).ReplaceAllUsesWith(block.Argument(d));

        var store = b.Create("memref.store", m.Store.Location, [parallel.Result(0), .. m.Store.Operands.Skip(1)]);
        outer.Block.InsertBefore(outer.Next, store);
        m.Store.Erase();
        m.Combine.Erase();
        m.Load.Erase();
        outer.Erase();
    }

    private static IReadOnlyList<(string, Native.Ir.Attribute)> CopyAttributes(Operation op) =>
        op.Attributes.Where(a => a.Name == "fastmath").ToArray();
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-kokkos-loop-mapping. Input: normalized scf.parallel loops (lower bound 0, step 1).
/// Output: every outermost scf.parallel whose body can run in a kernel becomes
/// kokkos.range_parallel (1-D RangePolicy, n-D MDRangePolicy) with its scf.reduce turned into
/// kokkos.update_reduction ops (identity + join) and the MLIR init values joined after the loop.
/// Parallel loops nested in a mapped loop run serially inside the kernel. Loops that allocate,
/// call functions or use a reduction that is not associative-commutative stay as scf.parallel
/// and run serially on the host.
/// Option: execution-space=device|host.
/// </summary>
public sealed class KokkosLoopMappingPass : ExternalPass
{
    public override string Argument => "lapis-kokkos-loop-mapping";
    public override string Description => "Map scf.parallel nests onto kokkos.range_parallel with reductions";

    public string ExecutionSpace { get; private set; } = "device";

    public override void SetOption(string key, string value)
    {
        if (key != "execution-space" || value is not ("device" or "host"))
            throw new ArgumentException($"pass '{Argument}' accepts execution-space=device|host, not '{key}={value}'");
        ExecutionSpace = value;
    }

    public override void Run(Operation op, PassRun run)
    {
        var candidates = op.Collect(o => o.Name == "scf.parallel" && !IsInsideParallel(o));
        foreach (var loop in candidates)
            if (CanRunInKernel(loop, out _)) Map(loop);
    }

    private static bool IsInsideParallel(Operation op)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (p.Name is "scf.parallel" or "kokkos.range_parallel") return true;
        return false;
    }

    /// <summary>A body may run in a kernel unless it allocates, calls, or has an unknown reduction.</summary>
    public static bool CanRunInKernel(Operation loop, out string reason)
    {
        reason = "";
        // Nested scf.parallel loops stay inside the kernel and run serially per iteration.
        var blocking = loop.Collect(o => o.Name is "memref.alloc" or "memref.alloca" or "memref.dealloc" or "func.call" or "memref.copy" or "cf.assert");
        if (blocking.Count > 0) { reason = $"contains {blocking[0].Name}"; return false; }
        var body = loop.Region(0).FirstBlock;
        var lbsAndSteps = Enumerable.Range(0, body.ArgumentCount)
            .All(d => IrMatchers.IsConstant(loop.Operand(d), 0) && IrMatchers.IsConstant(loop.Operand(2 * body.ArgumentCount + d), 1));
        if (!lbsAndSteps) { reason = "not normalized"; return false; }
        var reduce = body.Terminator;
        if (reduce.Regions.Any(r => ReductionKind.Recognize(r) is null)) { reason = "reduction is not a recognized associative-commutative op"; return false; }
        if (body.ArgumentCount > 6) { reason = "more than 6 dimensions"; return false; }
        return true;
    }

    private void Map(Operation loop)
    {
        var b = OpBuilder.For(loop);
        var loc = loop.Location;
        var body = loop.Region(0).FirstBlock;
        var rank = body.ArgumentCount;
        var uppers = Enumerable.Range(rank, rank).Select(loop.Operand).ToArray();
        var inits = Enumerable.Range(3 * rank, loop.OperandCount - 3 * rank).Select(loop.Operand).ToArray();
        var reduce = body.Terminator;
        var kinds = reduce.Regions.Select(r => ReductionKind.Recognize(r)!).ToArray();

        // Identities are defined before the kernel so the body can use them.
        var identities = new Value[inits.Length];
        for (var i = 0; i < inits.Length; i++)
        {
            var type = inits[i].Type;
            var c = b.Create("arith.constant", loc, resultTypes: [type], attributes: [("value", kinds[i].Identity(b, type))]);
            loop.Block.InsertBefore(loop, c);
            identities[i] = c.Result(0);
        }

        var range = b.Create("kokkos.range_parallel", loc, uppers, inits.Select(v => v.Type).ToArray(),
            [("execution_space", b.String(ExecutionSpace)), ("label", b.String(Label(loop)))], regionCount: 1);
        loop.Block.InsertBefore(loop, range);
        range.Region(0).TakeBody(loop.Region(0));

        // scf.reduce(%v...) { join regions }  →  kokkos.update_reduction(%v, %identity) { join } ...; gpu.yield
        for (var i = 0; i < kinds.Length; i++)
        {
            var update = b.Create("kokkos.update_reduction", loc, [reduce.Operand(i), identities[i]],
                attributes: [("kind", b.String(kinds[i].Kind))], regionCount: 1);
            body.InsertBefore(reduce, update);
            update.Region(0).TakeBody(reduce.Region(i));
            ReplaceTerminator(update.Region(0).FirstBlock, b, loc);
        }
        body.InsertBefore(reduce, b.Create("gpu.yield", loc));
        reduce.Erase();

        // The kernel reduces from the identity; MLIR's init value is joined once afterwards.
        var after = loop.Next;
        for (var i = 0; i < kinds.Length; i++)
        {
            var join = b.Create(kinds[i].JoinOp, loc, [inits[i], range.Result(i)], [inits[i].Type]);
            loop.Block.InsertBefore(after, join);
            loop.Result(i).ReplaceAllUsesWith(join.Result(0));
        }
        loop.Erase();
    }

    private static void ReplaceTerminator(Block block, OpBuilder b, Location loc)
    {
        var ret = block.Terminator;
        block.InsertBefore(ret, b.Create("gpu.yield", loc, ret.Operands));
        ret.Erase();
    }

    /// <summary>Kokkos label "function:line" so profiles read naturally.</summary>
    public static string Label(Operation op)
    {
        var func = op;
        while (!func.IsNull && func.Name != "func.func") func = func.ParentOperation;
        var name = func.IsNull ? "kernel" : func.Attribute("sym_name").StringValue;
        var pos = op.Location.Position;
        return pos.IsKnown ? $"{name}:{pos.Line}" : name;
    }
}

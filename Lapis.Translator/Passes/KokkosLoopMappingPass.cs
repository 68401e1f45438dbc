using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-kokkos-loop-mapping. Input: normalized scf.parallel loops (lower bound 0, step 1).
/// Output: every outermost scf.parallel whose body can run in a kernel becomes
/// kokkos.range_parallel (1-D RangePolicy, n-D MDRangePolicy) with its scf.reduce turned into
/// kokkos.update_reduction ops (identity + join) and the MLIR init values joined after the loop.
/// Row-wise nests are mapped hierarchically: a 1-D loop over rows around one innermost 1-D
/// loop over the row's entries becomes blocks of rows per team, a row per team thread and the
/// entries on the vector lanes, with the vector length and rows per team computed at run time
/// from the average entries per row (<see cref="RowBlockMapping"/>; the innermost loop may sit in
/// sequential loops of the row, as the dense columns of CSR SpMM in its nonzero loop); a 1-D loop around another
/// 1-D parallel loop becomes one team per iteration and TeamThreadRange, and an innermost 1-D
/// parallel loop inside that one ThreadVectorRange (team / thread / vector).
/// Other parallel loops nested in a mapped loop run serially inside the kernel. Loops that allocate,
/// call functions or use a reduction that is not associative-commutative stay as scf.parallel
/// and run serially on the host.
/// Options: execution-space=device|host; entries-per-lane=N (row blocks: entries one vector
/// lane of a team handles, default <see cref="RowBlockMapping.DefaultEntriesPerLane"/>);
/// sparse-rows=auto|row-blocks|nonzero-split (CSR SpMV rows: <see cref="NonzeroSplitMapping"/>; a function's
/// <c>lapis.sparse_rows = "..."</c> attribute overrides it for that function).
/// </summary>
public sealed class KokkosLoopMappingPass : ExternalPass
{
    public override string Argument => "lapis-kokkos-loop-mapping";
    public override string Description => "Map scf.parallel nests onto kokkos.range_parallel with reductions";

    public string ExecutionSpace { get; private set; } = "device";

    public long EntriesPerLane { get; private set; } = RowBlockMapping.DefaultEntriesPerLane;

    /// <summary>CSR row loops: auto (nonzero split when the row lengths are skewed, decided at run time), row-blocks or nonzero-split.</summary>
    internal NonzeroSplitMapping.Mode SparseRows { get; private set; } = NonzeroSplitMapping.Mode.Auto;

    public override void SetOption(string key, string value)
    {
        if (key == "execution-space" && value is ("device" or "host")) ExecutionSpace = value;
        else if (key == "sparse-rows" && value is ("auto" or "row-blocks" or "nonzero-split"))
            SparseRows = value switch { "row-blocks" => NonzeroSplitMapping.Mode.RowBlocks, "nonzero-split" => NonzeroSplitMapping.Mode.NonzeroSplit, _ => NonzeroSplitMapping.Mode.Auto };
        else if (key == "entries-per-lane" && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0) EntriesPerLane = n;
        else throw new ArgumentException($"pass '{Argument}' accepts execution-space=device|host, entries-per-lane=<positive integer> and sparse-rows=auto|row-blocks|nonzero-split, not '{key}={value}'");
    }

    public override void Run(Operation op, PassRun run)
    {
        // Loops lapis-sparse-parallel-safety made serial stay host loops; parallel loops inside them may be kernels.
        // Team-level variants (lapis-team-level-variants) are already mapped onto the team's threads.
        var candidates = op.Collect(o => o.Name == "scf.parallel" && !IsSerial(o) && !IsInsideParallel(o) && !TeamLevelVariantsPass.IsInTeamLevelFunction(o));
        foreach (var loop in candidates)
            if (CanRunInKernel(loop, out _)) Map(loop);
    }

    /// <summary>Attribute of a func.func that chooses its CSR row mapping at translate time (overrides the pass option).</summary>
    public const string SparseRowsAttribute = "lapis.sparse_rows";

    private NonzeroSplitMapping.Mode SparseRowsFor(Operation loop)
    {
        var func = loop.ParentOperation;
        while (!func.IsNull && func.Name != "func.func") func = func.ParentOperation;
        var attr = func.IsNull ? default : func.Attribute(SparseRowsAttribute);
        if (attr.IsNull || !attr.IsString) return SparseRows;
        return attr.StringValue switch
        {
            "row-blocks" => NonzeroSplitMapping.Mode.RowBlocks,
            "nonzero-split" => NonzeroSplitMapping.Mode.NonzeroSplit,
            _ => NonzeroSplitMapping.Mode.Auto,
        };
    }

    private static bool IsInsideParallel(Operation op)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if ((p.Name == "scf.parallel" && !IsSerial(p)) || p.Name is "kokkos.range_parallel" or "kokkos.team_parallel") return true;
        return false;
    }

    private static bool IsSerial(Operation loop) => LapisAttributes.IsSerial(loop);

    /// <summary>A body may run in a kernel unless it allocates, calls, or has an unknown reduction.</summary>
    public static bool CanRunInKernel(Operation loop, out string reason)
    {
        reason = "";
        // Nested scf.parallel loops stay inside the kernel and run serially per iteration.
        var blocking = loop.Collect(o => OpEffects.Has(o, MemoryEffect.Allocate | MemoryEffect.Free | MemoryEffect.Unknown)
            || OpEffects.IsWholeBuffer(o) || o.Name == "cf.assert");
        if (blocking.Count > 0) { reason = $"contains {blocking[0].Name}"; return false; }
        var parallel = new ParallelLoop(loop);
        if (!Enumerable.Range(0, parallel.Rank).All(d => NormalizeParallelLoopPattern.IsNormalized(parallel, d))) { reason = "not normalized"; return false; }
        if (parallel.Reduce.Regions.Any(r => ReductionKind.Recognize(r) is null)) { reason = "reduction is not a recognized associative-commutative op"; return false; }
        if (parallel.Rank > 6) { reason = "more than 6 dimensions"; return false; }
        return true;
    }

    private void Map(Operation loop)
    {
        if (RowBlockMapping.TryMap(loop, ExecutionSpace, EntriesPerLane, Label(loop), SparseRowsFor(loop))) return;
        if (TryMapTeams(loop)) return;
        var b = OpBuilder.For(loop);
        Replace(loop, "kokkos.range_parallel", new ParallelLoop(loop).UpperBounds,
            [("execution_space", b.String(ExecutionSpace)), ("label", b.String(Label(loop)))]);
    }

    /// <summary>
    /// Hierarchical mapping of a 1-D parallel loop whose body holds one 1-D parallel loop:
    /// the outer loop becomes kokkos.team_parallel (one team per iteration), the inner one
    /// kokkos.thread_parallel (TeamThreadRange). Team-level ops that write memory run once per
    /// team in kokkos.single, and a kokkos.team_barrier follows every thread loop and single
    /// that later ops may depend on. When the inner loop's body holds an innermost 1-D parallel
    /// loop whose trip count is known before the kernel, that loop becomes kokkos.vector_parallel
    /// (<see cref="VectorLevelMapping"/>) and the team's vector length is kokkos.vector_length of
    /// its trip count; otherwise the vector length is AUTO and deeper loops run serially.
    /// </summary>
    private bool TryMapTeams(Operation loop)
    {
        var body = loop.Region(0).FirstBlock;
        if (body.ArgumentCount != 1 || loop.ResultCount != 0) return false;
        var ops = body.Operations;
        var inner = ops.Where(o => o.Name == "scf.parallel").ToArray();
        if (inner.Length != 1 || inner[0].Region(0).FirstBlock.ArgumentCount != 1) return false;
        if (loop.Collect(o => o.Name == "scf.parallel" && o != loop && o != inner[0]).Any(o => !IrMatchers.IsNestedIn(o, inner[0])))
            return false;
        var teamLevelWriters = ops.Where(o => o != inner[0] && o != body.Terminator && OpEffects.WritesMemory(o)).ToArray();
        if (teamLevelWriters.Any(o => o.ResultCount > 0)) return false;

        var b = OpBuilder.For(loop);
        var loc = loop.Location;
        var zero = b.IndexConstant(0, loc, loop);
        var vectorLength = zero;
        var vector = VectorLevelMapping.CanMap(inner[0].Region(0).FirstBlock, inner[0]);
        if (vector is { } v && new ParallelLoop(v).UpperBound(0) is var trips && !IrMatchers.IsDefinedIn(trips, loop))
        {
            var length = b.Create("kokkos.vector_length", loc.Named("vector_length"), [trips], [b.Index], [("execution_space", b.String(ExecutionSpace))]);
            loop.Block.InsertBefore(loop, length);
            vectorLength = length.Result(0);
        }
        else vector = null;
        var thread = Replace(inner[0], "kokkos.thread_parallel", [new ParallelLoop(inner[0]).UpperBound(0)], []);
        if (vector is { } mapped) VectorLevelMapping.Map(thread.Region(0).FirstBlock, mapped);
        foreach (var writer in teamLevelWriters) WrapInSingle(body, writer, "per_team", b);
        foreach (var op in body.Operations)
        {
            if (op.Name is not ("kokkos.thread_parallel" or "kokkos.single")) continue;
            if (op.Next == body.Terminator) continue;
            body.InsertBefore(op.Next, b.Create("kokkos.team_barrier", op.Location));
        }
        var team = Replace(loop, "kokkos.team_parallel", [new ParallelLoop(loop).UpperBound(0), zero, vectorLength],
            [("execution_space", b.String(ExecutionSpace)), ("label", b.String(Label(loop)))]);
        team.Region(0).FirstBlock.AddArgument(b.Index, loc);
        return true;
    }

    /// <summary>Moves <paramref name="writer"/> into a kokkos.single of the given level at its place in <paramref name="body"/>.</summary>
    internal static void WrapInSingle(Block body, Operation writer, string level, OpBuilder b)
    {
        var single = b.Create("kokkos.single", writer.Location, attributes: [("level", b.String(level))], regionCount: 1);
        body.InsertBefore(writer, single);
        var block = single.Region(0).AppendBlock([], writer.Location);
        var yield = b.Create("gpu.yield", writer.Location);
        block.Append(yield);
        writer.MoveBefore(yield);
    }

    /// <summary>
    /// Replaces a normalized scf.parallel by the kokkos op <paramref name="name"/> with the same
    /// body: its scf.reduce becomes kokkos.update_reduction ops (identity + join) and a
    /// gpu.yield; the kernel reduces from the identities and MLIR's init values are joined once
    /// after it.
    /// </summary>
    internal static Operation Replace(Operation loop, string name, IReadOnlyList<Value> operands, IReadOnlyList<(string, Native.Ir.Attribute)> attributes)
    {
        var b = OpBuilder.For(loop);
        var loc = loop.Location;
        var parallel = new ParallelLoop(loop);
        var body = parallel.Body;
        var inits = parallel.InitValues;
        var reduce = parallel.Reduce;
        var kinds = reduce.Regions.Select(r => ReductionKind.Recognize(r)!).ToArray();

        // Identities are defined before the kernel so the body can use them.
        var identities = new Value[inits.Count];
        for (var i = 0; i < inits.Count; i++)
        {
            var type = inits[i].Type;
            var c = b.Create("arith.constant", loc, resultTypes: [type], attributes: [("value", kinds[i].Identity(b, type))]);
            loop.Block.InsertBefore(loop, c);
            identities[i] = c.Result(0);
        }

        var kernel = b.Create(name, loc, operands, inits.Select(v => v.Type).ToArray(), attributes, regionCount: 1);
        loop.Block.InsertBefore(loop, kernel);
        kernel.Region(0).TakeBody(loop.Region(0));

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

        var after = loop.Next;
        for (var i = 0; i < kinds.Length; i++)
        {
            var join = b.Create(kinds[i].JoinOp, loc, [inits[i], kernel.Result(i)], [inits[i].Type]);
            loop.Block.InsertBefore(after, join);
            loop.Result(i).ReplaceAllUsesWith(join.Result(0));
        }
        loop.Erase();
        return kernel;
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

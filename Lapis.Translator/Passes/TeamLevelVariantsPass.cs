using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-team-level-variants. Input: normalized scf.parallel/memref functions (before
/// lapis-kokkos-loop-mapping). Output: next to every public function whose arguments and
/// results have static shapes, a copy <c>@f_team</c> marked <c>lapis.team_level = "f"</c> that one
/// team of the caller's own TeamPolicy runs: its results become trailing output arguments, each
/// top-level scf.parallel becomes a kokkos.thread_parallel (a multi-dimensional one over the
/// product of its extents; a 1-D parallel loop that is the only effect of its body becomes a
/// kokkos.vector_parallel), other top-level writes run once in kokkos.single(per_team),
/// intermediate buffers become kokkos.alloc_scratch at 64-byte aligned offsets
/// (<c>lapis.team_scratch_bytes</c> is the total), and a kokkos.team_barrier separates
/// top-level ops that touch a buffer another one wrote (or read, for a write) since the last
/// barrier, plus one at the end so the caller sees the outputs. A function that cannot be
/// mapped (dynamic shapes, calls, copies, nested allocations...) gets no variant and the
/// reason in <c>lapis.team_level_note</c> (printed by the emitter as a header comment and a warning).
/// </summary>
public sealed class TeamLevelVariantsPass : ExternalPass
{
    public const string Suffix = "_team";
    private const int ScratchAlignment = 64;

    public override string Argument => "lapis-team-level-variants";
    public override string Description => "Add a team-level variant (callable inside a TeamPolicy) of every public function with static shapes";

    public override void Run(Operation op, PassRun run)
    {
        var symbols = op.Collect(o => o.HasAttribute("sym_name")).Select(o => o.Attribute("sym_name").StringValue).ToHashSet(StringComparer.Ordinal);
        var functions = op.Collect(o => o.Name == "func.func" && o.ParentOperation == op && o.Region(0).Blocks.Count > 0
            && FuncOps.IsPublic(o) && !LapisAttributes.IsTeamLevel(o));
        foreach (var func in functions)
        {
            var b = OpBuilder.For(func);
            if (Check(func) is { } problem)
            {
                LapisAttributes.SetTeamLevelNote(func, problem);
                continue;
            }
            var name = func.Attribute("sym_name").StringValue + Suffix;
            while (!symbols.Add(name)) name += "_";
            var team = func.Clone();
            func.Block.InsertBefore(func.Next, team);
            team.SetAttribute("sym_name", b.String(name));
            LapisAttributes.SetTeamLevelOrigin(team, func.Attribute("sym_name").StringValue);
            team.RemoveAttribute("arg_attrs");
            team.RemoveAttribute("res_attrs");
            Transform(team);
        }
    }

    public static bool IsInTeamLevelFunction(Operation op)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (p.Name == "func.func") return LapisAttributes.IsTeamLevel(p);
        return false;
    }

    // -----------------------------------------------------------------------------------------
    // What can be mapped
    // -----------------------------------------------------------------------------------------

    /// <summary>Null when <paramref name="func"/> can get a team-level variant, else why not ("file:line:col: reason").</summary>
    private static string? Check(Operation func)
    {
        var entry = func.Region(0).FirstBlock;
        if (func.Region(0).Blocks.Count != 1) return Where(func, "the function has several blocks");
        foreach (var arg in entry.Arguments)
            if (!IsStaticBuffer(arg.Type) && !IsScalar(arg.Type))
                return Where(func, $"argument {arg.ArgumentNumber} has type '{arg.Type}' (static shapes with the identity layout only)");
        var ret = entry.Terminator;
        var returned = new HashSet<Operation>();
        foreach (var v in ret.Operands)
        {
            if (!IsStaticBuffer(v.Type)) return Where(ret, $"result of type '{v.Type}' (only statically shaped buffers)");
            var def = v.DefiningOp;
            if (def.IsNull || def.Name != "memref.alloc" || def.Block != entry || !returned.Add(def))
                return Where(ret, "a result is not a buffer the function allocates (argument, global or view)");
        }
        foreach (var o in func.Collect())
        {
            switch (o.Name)
            {
                case "func.call" or "func.call_indirect": return Where(o, $"'{o.Name}' (calls are not supported in team-level code)");
                case "memref.copy": return Where(o, "'memref.copy' (a deep_copy cannot run inside a team)");
                case "kokkos.contraction" or "kokkos.convolution" or "kokkos.sliding_window": return Where(o, $"'{o.Name}' (a whole TeamPolicy kernel cannot run inside a team)");
                case "memref.alloca" or "memref.alloca_scope": return Where(o, $"'{o.Name}'");
                case "memref.alloc":
                    if (o.Block != entry) return Where(o, "'memref.alloc' inside a loop or region (scratch is carved at function level)");
                    if (!IsStaticBuffer(o.Result(0).Type)) return Where(o, $"'memref.alloc' of '{o.Result(0).Type}' (dynamic shape)");
                    break;
                case "scf.parallel" when o.Block == entry:
                    if (!KokkosLoopMappingPass.CanRunInKernel(o, out var why)) return Where(o, $"parallel loop cannot run in a kernel: {why}");
                    break;
            }
            if (o.Block == entry && o.Name != "scf.parallel" && OpEffects.WritesMemory(o) && o.ResultCount > 0)
                return Where(o, $"'{o.Name}' writes memory and produces values at team level");
        }
        return null;
    }

    private static bool IsStaticBuffer(Type t) => t.IsMemRef && t.HasStaticShape && t.HasIdentityLayout;

    private static bool IsScalar(Type t) => t.IsIndex || t.IsInteger || t.IsFloat;

    private static string Where(Operation op, string reason)
    {
        var pos = op.Location.Position;
        return pos.IsKnown ? $"{Path.GetFileName(pos.File)}:{pos.Line}:{pos.Column}: {reason}" : reason;
    }

    // -----------------------------------------------------------------------------------------
    // The mapping
    // -----------------------------------------------------------------------------------------

    private static void Transform(Operation func)
    {
        var b = OpBuilder.For(func);
        var entry = func.Region(0).FirstBlock;

        // Results → output arguments: the allocation a result comes from is that argument.
        var ret = entry.Terminator;
        var resultTypes = ret.Operands.Select(v => v.Type).ToArray();
        foreach (var v in ret.Operands)
        {
            var alloc = v.DefiningOp;
            var output = entry.AddArgument(v.Type, alloc.Location);
            v.ReplaceAllUsesWith(output);
            alloc.Erase();
        }
        var newReturn = b.Create("func.return", ret.Location);
        entry.InsertBefore(ret, newReturn);
        ret.Erase();
        var fnType = func.Attribute("function_type").TypeValue;
        var inputs = Enumerable.Range(0, fnType.FunctionInputCount).Select(fnType.FunctionInput).Concat(resultTypes).ToArray();
        func.SetAttribute("function_type", b.TypeAttribute(b.Function(inputs, [])));
        LapisAttributes.SetTeamOutputs(func, resultTypes.Length);

        // Intermediate buffers → views into the caller's scratch pad.
        long offset = 0;
        foreach (var alloc in entry.Operations.Where(o => o.Name == "memref.alloc").ToArray())
        {
            var type = alloc.Result(0).Type;
            offset = AlignUp(offset, ScratchAlignment);
            var scratch = b.Create("kokkos.alloc_scratch", alloc.Location, resultTypes: [type],
                attributes: [("offset", b.Integer(b.Integer(64), offset)), ("level", b.Integer(b.Integer(64), 0))]);
            entry.InsertBefore(alloc, scratch);
            alloc.Result(0).ReplaceAllUsesWith(scratch.Result(0));
            alloc.Erase();
            offset += ByteSize(type);
        }
        foreach (var dealloc in func.Collect(o => o.Name == "memref.dealloc")) dealloc.Erase();
        LapisAttributes.SetTeamScratchBytes(func, AlignUp(offset, 8));

        // Loops → team threads; other writes → once per team.
        foreach (var op in entry.Operations)
        {
            if (op == newReturn) break;
            if (op.Name == "scf.parallel") MapLoop(op);
            else if (OpEffects.WritesMemory(op)) WrapInSingle(op, "per_team");
        }
        InsertBarriers(entry, newReturn);
    }

    /// <summary>A top-level scf.parallel → kokkos.thread_parallel (linearized when n-D), its only inner loop → vector_parallel.</summary>
    private static void MapLoop(Operation loop)
    {
        var b = OpBuilder.For(loop);
        var body = loop.Region(0).FirstBlock;
        var rank = body.ArgumentCount;
        var uppers = Enumerable.Range(rank, rank).Select(loop.Operand).ToArray();

        var inner = body.Operations.Where(o => o.Name == "scf.parallel").ToArray();
        var vectorize = loop.ResultCount == 0 && inner.Length == 1 && inner[0].Region(0).FirstBlock.ArgumentCount == 1
            && inner[0].ResultCount == 0 && KokkosLoopMappingPass.CanRunInKernel(inner[0], out _)
            && body.Operations.All(o => o == inner[0] || o == body.Terminator || !OpEffects.WritesMemory(o));
        if (vectorize) KokkosLoopMappingPass.Replace(inner[0], "kokkos.vector_parallel", [inner[0].Operand(1)], []);

        var count = uppers[0];
        for (var d = 1; d < rank; d++)
        {
            var mul = b.Create("arith.muli", loop.Location, [count, uppers[d]], [b.Index]);
            loop.Block.InsertBefore(loop, mul);
            count = mul.Result(0);
        }
        var thread = KokkosLoopMappingPass.Replace(loop, "kokkos.thread_parallel", [count], []);
        if (rank == 1) return;

        // One index over the product of the extents; the original indices are its row-major digits.
        var block = thread.Region(0).FirstBlock;
        var linear = block.AddArgument(b.Index, thread.Location);
        var first = block.FirstOperation;
        var rest = linear;
        for (var d = rank - 1; d >= 0; d--)
        {
            Value index;
            if (d == 0) index = rest;
            else
            {
                var rem = b.Create("arith.remui", thread.Location, [rest, uppers[d]], [b.Index]);
                var div = b.Create("arith.divui", thread.Location, [rest, uppers[d]], [b.Index]);
                block.InsertBefore(first, rem);
                block.InsertBefore(first, div);
                index = rem.Result(0);
                rest = div.Result(0);
            }
            block.Argument(d).ReplaceAllUsesWith(index);
        }
        for (var d = 0; d < rank; d++) block.EraseArgument(0);
    }

    private static void WrapInSingle(Operation writer, string level)
    {
        var b = OpBuilder.For(writer);
        var single = b.Create("kokkos.single", writer.Location, attributes: [("level", b.String(level))], regionCount: 1);
        writer.Block.InsertBefore(writer, single);
        var block = single.Region(0).AppendBlock([], writer.Location);
        var yield = b.Create("gpu.yield", writer.Location);
        block.Append(yield);
        writer.MoveBefore(yield);
    }

    /// <summary>
    /// A barrier before a top-level op that reads a buffer written, or writes a buffer touched,
    /// by the team since the last barrier; and one at the end when the team wrote anything.
    /// </summary>
    private static void InsertBarriers(Block entry, Operation ret)
    {
        var b = OpBuilder.For(ret);
        var pendingReads = new HashSet<Value>();
        var pendingWrites = new HashSet<Value>();
        foreach (var op in entry.Operations)
        {
            if (op == ret) break;
            var (reads, writes) = Accesses(op);
            if (reads.Count == 0 && writes.Count == 0) continue;
            if (reads.Overlaps(pendingWrites) || writes.Overlaps(pendingWrites) || writes.Overlaps(pendingReads))
            {
                entry.InsertBefore(op, b.Create("kokkos.team_barrier", op.Location));
                pendingReads.Clear();
                pendingWrites.Clear();
            }
            pendingReads.UnionWith(reads);
            pendingWrites.UnionWith(writes);
        }
        if (pendingWrites.Count > 0) entry.InsertBefore(ret, b.Create("kokkos.team_barrier", ret.Location));
    }

    private static (HashSet<Value> Reads, HashSet<Value> Writes) Accesses(Operation op)
    {
        var reads = new HashSet<Value>();
        var writes = new HashSet<Value>();
        foreach (var o in op.Collect())
        {
            if (OpEffects.Element(o) is not { } access) continue;
            var root = IrMatchers.ViewRoot(access.Buffer);
            if (access.Reads) reads.Add(root);
            if (access.Writes) writes.Add(root);
        }
        return (reads, writes);
    }

    private static long AlignUp(long n, long alignment) => (n + alignment - 1) / alignment * alignment;

    /// <summary>Bytes of a statically shaped buffer (i1 is a one-byte bool, index eight bytes).</summary>
    public static long ByteSize(Type memref)
    {
        var element = memref.ElementType;
        long size = element.IsIndex ? 8 : element.IsInteger ? Math.Max(1, element.IntegerWidth / 8) : element.IsFloat ? element.FloatWidth / 8 : 8;
        return memref.Shape.Aggregate(size, (a, d) => a * d!.Value);
    }
}

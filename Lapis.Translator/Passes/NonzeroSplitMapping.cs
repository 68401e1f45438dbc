using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// Load-balanced (nonzero-split) mapping of a CSR row loop, for skewed row lengths. Input: the
/// sparsifier's row loop as <see cref="RowBlockMapping"/> sees it — <c>scf.parallel</c> over rows
/// whose body loads <c>lo = pos[i]</c>, <c>hi = pos[i+1]</c>, sums over the entries
/// <c>lo + k</c> (k &lt; hi - lo) in one inner <c>scf.parallel</c> and stores
/// <c>init ⊕ sum</c> (or the sum) to <c>out[i]</c>, its only write. Output, next to the row
/// mapping and chosen at run time:
/// <code>
/// skewed = max over row blocks of their entries > SkewFactor × the average   // range_parallel, max reduction
/// chunks, C = merge-path items per chunk; bounds = memref.alloc(chunks + 1) : memref&lt;?x2xindex&gt;
/// scf.if skewed {
///   range_parallel(chunks + 1)   { bounds[t] = point t·C of the merge path (row ends merged with
///     entries), by binary search in pos: (rows completed, pos[0] + entries consumed) }
///   range_parallel(chunks - 1)   { out[r] = init(r) for the row r cut by boundary t+1, once per row }
///   range_parallel(chunks)       { chunk t = items [t·C, (t+1)·C): from bounds[t] to bounds[t+1];
///     its first and last rows: the row's entries inside the chunk;
///       whole row ? out[i] = init ⊕ sum : (part not empty ? atomic out[i] += partial sum);
///     the rows between them (wholly inside): the row body as written }
/// } else { the row mapping }
/// </code>
/// Where the row starts from the output's own value (y += A x in place), the split branch holds two forms,
/// chosen by where the execution space runs: host backends the kernels above, GPUs one kernel per thread
/// chunk that searches its own boundaries and loads its entries ahead (<see cref="BuildThreadKernel"/>).
/// Each boundary is searched once (chunks + 1 searches, not 4 per chunk). When the row loop is in
/// the function's entry block the bounds buffer is allocated there, before the choice, and
/// lapis-plan-memory gives it module storage (allocated on the first call, grown when a later call
/// has more chunks); elsewhere it is allocated in the split branch.
/// Every chunk gets the same number of rows + entries C (merge-path SpMV, Merrill and Garland
/// 2016), so one huge row is shared by many chunks and a run of empty or short rows is no more
/// work than C entries; only the rows a chunk boundary cuts use an atomic add, on a value the
/// split_rows kernel initialized (no such kernel when the init is the output's own value, y += A x in
/// place). C is chosen per execution space (<see cref="RowBlockMapping"/>): on host backends the path
/// over concurrency × <see cref="HostChunksPerThread"/>, at least a row block's 2048 items (chunks
/// taken dynamically by the pool threads), on GPUs <see cref="GpuItemsPerThread"/> (a thread's share). On an H200 the R-MAT matrix of
/// bench/spmv (longest row 31,063, 52 % of rows empty) took 0.68 ms with a team per 2048-entry
/// chunk and a thread per row (a chunk inside a long row ran on one thread) and 0.69 ms with
/// entry-only chunks of 16 (the last chunk held the 1,531 nearly empty rows of the matrix' tail);
/// 0.19 ms on the merge path. With <see cref="Mode"/> the choice can also be made at
/// translate time (pass option <c>sparse-rows=row-blocks|nonzero-split|auto</c>).
/// </summary>
internal static class NonzeroSplitMapping
{
    /// <summary>How the row loop of a CSR SpMV is mapped.</summary>
    public enum Mode { Auto, RowBlocks, NonzeroSplit }

    /// <summary>
    /// A row block (rows_per_block consecutive rows, the row mapping's team) with more than this
    /// many times the average entries per block selects the nonzero split. Uniformly random
    /// matrices stay well below 2 (block sums of ~2048 entries vary by a few percent), power-law
    /// matrices with rows of 10⁴ entries are far above it.
    /// </summary>
    public const long SkewFactor = 2;

    /// <summary>
    /// Merge-path items (rows + entries) of one chunk, one GPU thread's work, where the execution
    /// space is a GPU. Measured on an H200 (R-MAT 2^20, 11.6 M entries, f64, in one run): 8 items
    /// 0.193 ms, 12 0.186 ms, 16 0.204 ms, 32 0.263 ms, 64 0.330 ms per SpMV — a thread reads its
    /// items one after another, so longer chunks spread a warp's loads over more cache lines.
    /// </summary>
    public const long GpuItemsPerThread = 12;

    /// <summary>
    /// Chunks per host thread: the path is cut into concurrency × this chunks (at least a row block's
    /// entries each), which the pool threads take dynamically. R-MAT 2^20 (11.6 M entries), 2 Zen 5
    /// threads, 32-bit CSR, interleaved with Kokkos Kernels' spmv in one process: chunks of a row
    /// block's 2,048 items, static 1.06x Kokkos Kernels; dynamic 1.14-1.15x; 64 per thread, static 1.07-1.10x;
    /// 64 per thread, dynamic 1.22-1.24x.
    /// </summary>
    public const long HostChunksPerThread = 64;

    /// <summary>What the mapping needs to know about a matched row loop.</summary>
    private sealed record Shape(Operation Inner, Value Positions, Value Lo, Value Hi, Operation Length, Operation Store,
        Operation Combine, Value Init, bool InitInLoop, ReductionKind Sum, Operation[] InitSlice);

    /// <summary>True when <paramref name="loop"/> (with its entries loop <paramref name="inner"/>) has the CSR SpMV shape.</summary>
    public static bool Matches(Operation loop, Operation inner) => Match(loop, inner) is not null;

    private static Shape? Match(Operation loop, Operation inner)
    {
        var body = loop.Region(0).FirstBlock;
        if (body.ArgumentCount != 1 || inner.ResultCount != 1 || inner.Block != body) return null;
        var row = body.Argument(0);
        var innerBody = inner.Region(0).FirstBlock;
        var reduce = innerBody.Terminator;
        if (reduce.Name != "scf.reduce" || reduce.RegionCount != 1) return null;
        var kind = ReductionKind.Recognize(reduce.Region(0));
        if (kind is not { Kind: ReductionKind.Sum, AtomicKind: not null }) return null;
        // A reduction that starts from the row's value (the sparsifier chains y[i] into it) is split into
        // that init and a sum from the identity; every part of a split row adds only its own sum.
        var entries = new ParallelLoop(inner);
        var innerInit = entries.InitValue(0);
        var initInLoop = !IsZero(innerInit);

        var length = entries.UpperBound(0).DefiningOp;
        if (length.IsNull || length.Name != "arith.subi" || length.Block != body) return null;
        var (hi, lo) = (length.Operand(0), length.Operand(1));
        if (PositionLoad(lo) is not { } start || PositionLoad(hi) is not { } end) return null;
        if (start.Buffer != end.Buffer || IrMatchers.IsDefinedIn(start.Buffer, loop)) return null;
        if (start.Index != row || !IsSuccessor(end.Index, row)) return null;
        var k = innerBody.Argument(0);
        foreach (var (owner, _) in lo.Uses)
            if (IrMatchers.IsNestedIn(owner, inner) && !(owner.Name == "arith.addi" && (owner.Operand(0) == k || owner.Operand(1) == k)))
                return null;

        var sum = inner.Result(0);
        if (sum.Uses.Count != 1) return null;
        var (user, operand) = sum.Uses[0];
        Operation combine = default;
        Value init = default, stored = sum;
        if (user.Name == kind.JoinOp && user.Block == body && !initInLoop)
        {
            combine = user;
            init = user.Operand(1 - operand);
            stored = user.Result(0);
            if (stored.Uses.Count != 1) return null;
            user = stored.Uses[0].Owner;
        }
        if (user.Name != "memref.store" || user.Block != body || user.OperandCount != 3 || user.Operand(0) != stored || user.Operand(2) != row)
            return null;
        if (IrMatchers.IsDefinedIn(user.Operand(1), loop)) return null;
        if (initInLoop) init = innerInit;
        if (body.Operations.Any(o => o != user && o != body.Terminator && OpEffects.WritesMemory(o))) return null;
        Operation[] slice = [];
        if (!init.IsNull && IrMatchers.IsDefinedIn(init, loop))
        {
            if (InitSlice(init, loop) is not { } s) return null;
            slice = s;
        }
        return new Shape(inner, start.Buffer, lo, hi, length, user, combine, init, initInLoop, kind, slice);
    }

    /// <summary>
    /// Builds the nonzero-split kernels in front of <paramref name="loop"/>. With
    /// <see cref="Mode.NonzeroSplit"/> they replace it (true is returned: the loop is gone);
    /// otherwise the run-time choice is built and <paramref name="loop"/> moves into the else branch
    /// (false: the caller maps it by rows there). The launch quantities are the row mapping's,
    /// computed before the loop.
    /// </summary>
    public static bool Build(Operation loop, Operation inner, Mode mode, string executionSpace, string label, Value rows,
        Value entries, Value rowsPerTeam, Value league, Value perChunk, Value minTeams, Value onHost)
    {
        var b = OpBuilder.For(loop);
        var loc = loop.Location;
        var split = loop;
        var before = loop;
        var parent = loop.Block.ParentOperation;
        var inEntryBlock = parent.Name == "func.func" && parent.Region(0).FirstBlock == loop.Block;
        if (mode != Mode.NonzeroSplit)
        {
            var ctx = new Builder(b, loc, loop);
            var choose = BuildSkewTest(ctx, Match(loop, inner)!.Positions, rows, rowsPerTeam, league, entries, executionSpace, label);
            var branch = b.Create("scf.if", loc.Named("nonzero_split"), [choose], regionCount: 2);
            loop.Block.InsertBefore(loop, branch);
            var then = branch.Region(0).AppendBlock([], loc);
            then.Append(b.Create("scf.yield", loc));
            var otherwise = branch.Region(1).AppendBlock([], loc);
            var elseYield = b.Create("scf.yield", loc);
            otherwise.Append(elseYield);
            split = loop.Clone();
            then.InsertBefore(then.Terminator, split);
            loop.MoveBefore(elseYield);
            before = branch;
        }

        // Chunks of the merge path (rows + entries): at least as many as the row mapping's minimum league,
        // each about perChunk items. The entries buffer's size bounds the entries, so chunks x chunk covers the path.
        // With the buffer of the chunk boundaries: in the function's entry block, before the run-time choice,
        // lapis-plan-memory backs it by module storage (allocated once); elsewhere (the row loop inside a loop
        // or branch) it is a fresh allocation, made only where the split runs.
        var t = new Builder(b, loc, inEntryBlock ? before : split);
        var one = t.Index(1);
        var items = t.Op("arith.maxsi", [t.Op("arith.addi", [rows, entries], "rows_and_entries"), one], "path_items");
        var byItems = t.Op("arith.divsi", [t.Op("arith.subi", [t.Op("arith.addi", [items, perChunk], "path_items_up"), one], "path_items_up_less"),
            perChunk], "chunks_for_items");
        var chunks = t.Op("arith.maxsi", [byItems, minTeams], "chunks");
        var chunk = t.Op("arith.divsi", [t.Op("arith.subi", [t.Op("arith.addi", [items, chunks], "path_items_over"), one], "path_items_over_less"),
            chunks], "items_per_chunk");
        var boundaries = t.Op("arith.addi", [chunks, one], "chunk_boundaries");
        var shape = Match(split, split.Region(0).FirstBlock.Operations.First(o => o.Name == "scf.parallel"))!;
        // GPUs, rows updated in place: one kernel that finds its own boundaries and loads its entries ahead
        // (BuildThreadKernel); the bounds buffer is then the host path's only (one row elsewhere).
        var threadKernel = InitIsOutput(shape) && EntryValueIsLocal(shape, split);
        var boundsRows = threadKernel ? t.Op("arith.select", [onHost, boundaries, one], "chunk_bounds_rows") : boundaries;
        var bounds = t.Add(b.Create("memref.alloc", loc.Named("chunk_bounds"), [boundsRows], [b.ParseType("memref<?x2xindex>")],
            [("operandSegmentSizes", b.ParseAttribute("array<i32: 1, 0>"))]));
        NameRowValues(shape, split);
        if (threadKernel)
        {
            var (_, hostBlock, gpuBlock) = If(b, loc, new Builder(b, loc, split), onHost, []);
            BuildThreadKernel(new Builder(b, loc, gpuBlock.Terminator), split, shape, rows, chunks, chunk, executionSpace, label);
            split.MoveBefore(hostBlock.Terminator);
        }
        var k = new Builder(b, loc, split);
        BuildBoundaries(k, shape, rows, boundaries, chunk, bounds, executionSpace, label);
        // A row that starts from its own output value (y[i] += ..., in place) needs no init: out[i] holds it.
        if (!InitIsOutput(shape)) BuildSplitRowInit(k, split, shape, chunks, bounds, executionSpace, label);
        BuildChunkKernel(k, split, shape, chunks, bounds, executionSpace, label);
        return mode == Mode.NonzeroSplit;
    }

    /// <summary>max over row blocks of pos[min((k+1)·R, rows)] - pos[k·R] > SkewFactor × entries / blocks.</summary>
    private static Value BuildSkewTest(Builder h, Value positions, Value rows, Value rowsPerTeam, Value league, Value entries, string space, string label)
    {
        var b = h.B;
        var loc = h.Loc;
        var zero = h.Index(0);
        var one = h.Index(1);
        var loop = b.Create("scf.parallel", loc.Named("row_block_entries"), [zero, league, one, zero], [b.Index],
            [("operandSegmentSizes", b.ParseAttribute("array<i32: 1, 1, 1, 1>"))], regionCount: 1);
        h.Add(loop);
        var body = loop.Region(0).AppendBlock([b.Index], loc);
        var reduce = b.Create("scf.reduce", loc, [zero], regionCount: 1);
        body.Append(reduce);
        var k = new Builder(b, loc, reduce);
        var first = k.Op("arith.muli", [body.Argument(0), rowsPerTeam]);
        var last = k.Op("arith.minsi", [k.Op("arith.addi", [first, rowsPerTeam]), rows]);
        var count = k.Op("arith.subi", [k.Load(positions, [last]), k.Load(positions, [first])]);
        reduce.SetOperand(0, count);
        var join = reduce.Region(0).AppendBlock([b.Index, b.Index], loc);
        var max = b.Create("arith.maxsi", loc, [join.Argument(0), join.Argument(1)], [b.Index]);
        join.Append(max);
        join.Append(b.Create("scf.reduce.return", loc, [max.Result(0)]));
        var kernel = KokkosLoopMappingPass.Replace(loop, "kokkos.range_parallel", [league],
            [("execution_space", b.String(space)), ("label", b.String(label + ":row_block_entries"))]);
        var maxBlock = kernel.Result(0).Uses[0].Owner.Result(0);
        var factor = h.Index(SkewFactor);
        var lhs = h.Op("arith.muli", [maxBlock, league]);
        var rhs = h.Op("arith.muli", [h.Op("arith.maxsi", [entries, one]), factor]);
        return h.Op("arith.cmpi", [lhs, rhs], "skewed", predicate: 4 /* sgt */, result: b.Integer(1));
    }

    /// <summary>
    /// range_parallel over the chunk boundaries 0..chunks: boundary t's point on the merge path (diagonal
    /// t × chunk) by one binary search, stored as (rows completed, its entry in pos) to bounds[t]. The
    /// split_rows and chunk kernels read their boundaries there instead of searching again.
    /// </summary>
    private static void BuildBoundaries(Builder h, Shape shape, Value rows, Value boundaries, Value chunk, Value bounds, string space, string label)
    {
        var b = h.B;
        var loc = h.Loc;
        var kernel = b.Create("kokkos.range_parallel", loc.Named("chunk_bounds"), [boundaries],
            attributes: [("execution_space", b.String(space)), ("label", b.String(label + ":chunk_bounds"))], regionCount: 1);
        h.Add(kernel);
        var body = kernel.Region(0).AppendBlock([b.Index], loc);
        body.Argument(0).SetArgumentLocation(loc.Named("boundary"));
        var yield = b.Create("gpu.yield", loc);
        body.Append(yield);
        var k = new Builder(b, loc, yield);
        var (row, entry) = new MergePath(k, shape.Positions, rows).Split(body.Argument(0), chunk, "boundary_row", "boundary_entry");
        body.InsertBefore(yield, b.Create("memref.store", loc, [row, bounds, body.Argument(0), k.Index(0)]));
        body.InsertBefore(yield, b.Create("memref.store", loc, [entry, bounds, body.Argument(0), k.Index(1)]));
    }

    /// <summary>
    /// range_parallel over the chunk boundaries 1..chunks-1: the row a boundary cuts (entries on
    /// both sides of it) gets its initial value (the row's init, or 0) from the first boundary
    /// inside it; the chunks then add their parts atomically.
    /// </summary>
    private static void BuildSplitRowInit(Builder h, Operation clone, Shape shape, Value chunks, Value bounds, string space, string label)
    {
        var b = h.B;
        var loc = h.Loc;
        var one = h.Index(1);
        var count = h.Op("arith.subi", [chunks, one], "inner_boundaries");
        var kernel = b.Create("kokkos.range_parallel", loc.Named("split_rows"), [count],
            attributes: [("execution_space", b.String(space)), ("label", b.String(label + ":split_rows"))], regionCount: 1);
        h.Add(kernel);
        var body = kernel.Region(0).AppendBlock([b.Index], loc);
        body.Argument(0).SetArgumentLocation(loc.Named("previous"));
        var yield = b.Create("gpu.yield", loc);
        body.Append(yield);
        var k = new Builder(b, loc, yield);
        var boundary = k.Op("arith.addi", [body.Argument(0), k.Index(1)], "split_boundary");
        var row = k.Load(bounds, [boundary, k.Index(0)], "split_row");
        var entry = k.Load(bounds, [boundary, k.Index(1)], "split_entry");
        var previousRow = k.Load(bounds, [body.Argument(0), k.Index(0)], "previous_row");
        var previousEntry = k.Load(bounds, [body.Argument(0), k.Index(1)], "previous_entry");
        var rowStart = k.Load(shape.Positions, [row], "split_row_start");
        var cut = k.Op("arith.cmpi", [rowStart, entry], "cut", predicate: 2 /* slt */, result: b.Integer(1));
        // Unless the previous boundary cuts it too (and initialized it): another row there, or this one starting after it.
        var otherRow = k.Op("arith.cmpi", [previousRow, row], "other_row", predicate: 1 /* ne */, result: b.Integer(1));
        var startsAfter = k.Op("arith.cmpi", [rowStart, previousEntry], "starts_after_previous", predicate: 5 /* sge */, result: b.Integer(1));
        var notBefore = k.Op("arith.ori", [otherRow, startsAfter], "not_cut_before", result: b.Integer(1));
        var first = k.Op("arith.andi", [cut, notBefore], "first_cut", result: b.Integer(1));
        var branch = b.Create("scf.if", loc, [first], regionCount: 2);
        body.InsertBefore(yield, branch);
        var then = branch.Region(0).AppendBlock([], loc);
        var thenYield = b.Create("scf.yield", loc);
        then.Append(thenYield);
        var initial = CloneInit(b, shape, clone, row, thenYield);
        then.InsertBefore(thenYield, b.Create("memref.store", loc, [initial, shape.Store.Operand(1), row]));
    }

    /// <summary>True when the row's init is <c>out[row]</c> itself (a load of the stored buffer at the row, nothing else).</summary>
    private static bool InitIsOutput(Shape shape)
    {
        if (shape.Init.IsNull || shape.InitSlice.Length != 1) return false;
        var load = shape.InitSlice[0];
        return load.Name == "memref.load" && load.Result(0) == shape.Init && load.OperandCount == 2 &&
               load.Operand(0) == shape.Store.Operand(1) && load.Operand(1) == shape.Store.Operand(2);
    }

    /// <summary>The row's initial value at <paramref name="row"/>: the init slice cloned there, or the sum's identity.</summary>
    private static Value CloneInit(OpBuilder b, Shape shape, Operation clone, Value row, Operation anchor)
    {
        var type = shape.Store.Operand(0).Type;
        if (shape.Init.IsNull)
        {
            var c = b.Create("arith.constant", anchor.Location, resultTypes: [type], attributes: [("value", shape.Sum.Identity(b, type))]);
            anchor.Block.InsertBefore(anchor, c);
            return c.Result(0);
        }
        var map = new Dictionary<Value, Value> { [clone.Region(0).FirstBlock.Argument(0)] = row };
        CloneOps(shape.InitSlice, map, anchor);
        return map.TryGetValue(shape.Init, out var init) ? init : shape.Init;
    }

    /// <summary>
    /// Clones <paramref name="ops"/> (no regions) before <paramref name="anchor"/>, in order, their operands renamed
    /// through <paramref name="map"/>, which gains each result's copy.
    /// </summary>
    private static void CloneOps(IEnumerable<Operation> ops, Dictionary<Value, Value> map, Operation anchor)
    {
        foreach (var op in ops)
        {
            var copy = op.Clone();
            for (var i = 0; i < copy.OperandCount; i++)
                if (map.TryGetValue(copy.Operand(i), out var v)) copy.SetOperand(i, v);
            anchor.Block.InsertBefore(anchor, copy);
            for (var i = 0; i < op.ResultCount; i++) map[op.Result(i)] = copy.Result(i);
        }
    }

    /// <summary><c>out[row] ⊕= part</c> atomically (the sum's atomic kind), at the end of <paramref name="block"/> (before its terminator).</summary>
    private static void AtomicCombine(OpBuilder b, Location loc, Shape shape, Value part, Value row, Block block) =>
        block.InsertBefore(block.Terminator, b.Create("memref.atomic_rmw", loc, [part, shape.Store.Operand(1), row], [part.Type],
            [("kind", b.Integer(b.Integer(64), AtomicRmwKinds.Value(shape.Sum.AtomicKind!)))]));

    /// <summary>
    /// range_parallel over the chunks; each iteration finds its rows by binary search in pos and
    /// runs the row body, rows one after another, on its part of each row (<paramref name="clone"/>,
    /// rewritten in place; the row and entries loops run serially inside the kernel).
    /// </summary>
    private static void BuildChunkKernel(Builder h, Operation clone, Shape shape, Value chunks, Value bounds, string space, string label)
    {
        var b = h.B;
        var loc = h.Loc;
        // Chunks of equal items still cost host threads unequal time (the gathers of x hit the caches unequally):
        // pool threads take them dynamically (R-MAT, 2 threads: 1.06 -> 1.14x Kokkos Kernels' spmv; GPUs ignore it).
        var kernel = b.Create("kokkos.range_parallel", loc, [chunks],
            attributes: [("execution_space", b.String(space)), ("label", b.String(label + ":nonzero_split")), ("schedule", b.String("dynamic"))],
            regionCount: 1);
        h.Add(kernel);
        var kernelBody = kernel.Region(0).AppendBlock([b.Index], loc);
        kernelBody.Argument(0).SetArgumentLocation(loc.Named("chunk"));
        var yield = b.Create("gpu.yield", loc);
        kernelBody.Append(yield);
        var k = new Builder(b, loc, yield);
        var t = kernelBody.Argument(0);
        var next = k.Op("arith.addi", [t, k.Index(1)], "next_chunk");
        var firstRow = k.Load(bounds, [t, k.Index(0)], "row_begin");
        var begin = k.Load(bounds, [t, k.Index(1)], "entry_begin");
        var lastRow = k.Load(bounds, [next, k.Index(0)], "row_at_end");
        var end = k.Load(bounds, [next, k.Index(1)], "entry_end");
        // The row the chunk's end cuts (entries before the end, not completed) is the chunk's too.
        var cutAtEnd = k.Op("arith.cmpi", [k.Load(shape.Positions, [lastRow], "row_at_end_start"), end], "cut_at_end",
            predicate: 2 /* slt */, result: b.Integer(1));
        var rowEnd = k.Op("arith.select", [cutAtEnd, k.Op("arith.addi", [lastRow, k.Index(1)], "row_after_end"), lastRow], "row_end");
        var count = k.Op("arith.subi", [rowEnd, firstRow], "rows_in_chunk");
        // The rows strictly between the chunk's first and last lie wholly inside it: they run the row body as it
        // is (no part bounds, no test). Per-row work is what a host chunk of short rows spends its time on.
        var interior = clone.Clone();

        // The row body works on its part of the row: entries [max(lo, begin), min(hi, end)).
        var rowBody = clone.Region(0).FirstBlock;
        var r = new Builder(b, loc, shape.Length);
        var lo = r.Op("arith.maxsi", [shape.Lo, begin], "part_begin");
        var hi = r.Op("arith.minsi", [shape.Hi, end], "part_end");
        var whole = r.Op("arith.andi", [
            r.Op("arith.cmpi", [shape.Lo, begin], "starts_in_chunk", predicate: 5 /* sge */, result: b.Integer(1)),
            r.Op("arith.cmpi", [shape.Hi, end], "ends_in_chunk", predicate: 3 /* sle */, result: b.Integer(1))], "whole_row", result: b.Integer(1));
        new ParallelLoop(shape.Inner).SetUpperBound(0, r.Op("arith.subi", [hi, lo], "part_entries"));
        var nonEmptyPart = r.Op("arith.cmpi", [hi, lo], "part_not_empty", predicate: 4 /* sgt */, result: b.Integer(1));
        foreach (var (owner, operand) in shape.Lo.Uses.ToArray())
            if (IrMatchers.IsNestedIn(owner, shape.Inner)) owner.SetOperand(operand, lo);
        if (!shape.Length.Result(0).HasUses) shape.Length.Erase();

        var store = shape.Store;
        var sum = shape.Inner.Result(0);
        if (shape.InitInLoop)
        {
            var type = sum.Type;
            var identity = b.Create("arith.constant", loc, resultTypes: [type], attributes: [("value", shape.Sum.Identity(b, type))]);
            rowBody.InsertBefore(shape.Inner, identity);
            new ParallelLoop(shape.Inner).SetInitValue(0, identity.Result(0));
            var combined = b.Create(shape.Sum.JoinOp, loc.Named("row_sum"), [shape.Init, sum], [type]);
            rowBody.InsertBefore(store, combined);
            store.SetOperand(0, combined.Result(0));
        }
        var branch = b.Create("scf.if", loc, [whole], regionCount: 2);
        rowBody.InsertBefore(store, branch);
        var wholeBlock = branch.Region(0).AppendBlock([], loc);
        var wholeYield = b.Create("scf.yield", loc);
        wholeBlock.Append(wholeYield);
        store.MoveBefore(wholeYield);
        // A part without entries adds nothing (the row's end may lie in the next chunk): no atomic.
        var partBlock = branch.Region(1).AppendBlock([], loc);
        partBlock.Append(b.Create("scf.yield", loc));
        var add = b.Create("scf.if", loc, [nonEmptyPart], regionCount: 2);
        partBlock.InsertBefore(partBlock.Terminator, add);
        var addBlock = add.Region(0).AppendBlock([], loc);
        var addYield = b.Create("scf.yield", loc);
        addBlock.Append(addYield);
        AtomicCombine(b, loc, shape, sum, store.Operand(2), addBlock);
        add.Region(1).AppendBlock([], loc).Append(b.Create("scf.yield", loc));

        // The chunk's first and last rows (one row if it has one) with their parts: row = first_row, then row_end - 1;
        // then the rows between them, one after another: row = first_row + 1 + r for r < rows_in_chunk - 2.
        var (zero, two) = (k.Index(0), k.Index(2));
        var edges = k.Op("arith.minsi", [count, two], "edge_rows");
        var finalRow = k.Op("arith.subi", [rowEnd, k.Index(1)], "last_row");
        var between = k.Op("arith.maxsi", [k.Op("arith.subi", [count, two]), zero], "inner_rows");
        var afterFirst = k.Op("arith.addi", [firstRow, k.Index(1)], "first_inner_row");
        clone.MoveBefore(yield);
        new ParallelLoop(clone).SetUpperBound(0, edges);
        var index = rowBody.Argument(0);
        var bodyStart = rowBody.FirstOperation;
        var isFirst = b.Create("arith.cmpi", loc, [index, zero], [b.Integer(1)], [("predicate", b.Integer(b.Integer(64), 0 /* eq */))]);
        rowBody.InsertBefore(bodyStart, isFirst);
        var row = b.Create("arith.select", loc.Named("row"), [isFirst.Result(0), firstRow, finalRow], [b.Index]);
        rowBody.InsertBefore(bodyStart, row);
        index.ReplaceAllUsesExcept(row.Result(0), isFirst);
        yield.Block.InsertBefore(yield, interior);
        new ParallelLoop(interior).SetUpperBound(0, between);
        var innerRowBody = interior.Region(0).FirstBlock;
        var innerIndex = innerRowBody.Argument(0);
        var innerRow = b.Create("arith.addi", loc.Named("inner_row"), [afterFirst, innerIndex], [b.Index]);
        innerRowBody.InsertBefore(innerRowBody.FirstOperation, innerRow);
        innerIndex.ReplaceAllUsesExcept(innerRow.Result(0), innerRow);
    }

    /// <summary>
    /// True when the entries loop computes each entry's value from the entry (<c>lo + k</c>), values defined
    /// outside the row loop and its own ops only (no regions): it can then be cloned for any entry.
    /// </summary>
    private static bool EntryValueIsLocal(Shape shape, Operation loop)
    {
        var body = shape.Inner.Region(0).FirstBlock;
        foreach (var op in body.Operations)
        {
            if (op == body.Terminator) continue;
            if (op.RegionCount != 0 || OpEffects.WritesMemory(op)) return false;
            foreach (var v in op.Operands)
                if (v != shape.Lo && v != body.Argument(0) && IrMatchers.IsDefinedIn(v, loop) && !IrMatchers.IsDefinedIn(v, shape.Inner))
                    return false;
        }
        return body.Terminator.OperandCount == 1;
    }

    /// <summary>
    /// GPU form of the split for rows updated in place (<c>y[i] += ...</c>): one thread per chunk of at most
    /// <see cref="GpuItemsPerThread"/> path items, which
    /// <list type="number">
    /// <item>finds its two boundaries by binary search (no boundary kernel, no bounds buffer);</item>
    /// <item>loads the values of its (at most GpuItemsPerThread) entries into a local array in a loop of that
    /// fixed count, unrolled in device code, so all of its loads are in flight at once;</item>
    /// <item>walks the same count of steps over those values: a step first closes the rows that end before its
    /// entry (a row whose entries all lie in the chunk: <c>out[i] = out[i] + sum</c>; a row cut by a boundary:
    /// an atomic add of its part), then adds its value; the last row open is closed at the end.</item>
    /// </list>
    /// R-MAT 2^20 (11.6 M entries, 32-bit CSR) on an H100: 0.211 ms for the boundary kernel and the chunk
    /// kernel walking its rows' entries one load after another; 0.161 ms this way (8 items 0.168, 16 0.168,
    /// 24 0.182); cuSPARSE 0.123 ms in the same call.
    /// </summary>
    private static void BuildThreadKernel(Builder h, Operation loop, Shape shape, Value rows, Value chunks, Value chunk, string space, string label)
    {
        var b = h.B;
        var loc = h.Loc;
        var kernel = b.Create("kokkos.range_parallel", loc, [chunks],
            attributes: [("execution_space", b.String(space)), ("label", b.String(label + ":nonzero_split_threads"))], regionCount: 1);
        h.Add(kernel);
        var kernelBody = kernel.Region(0).AppendBlock([b.Index], loc);
        kernelBody.Argument(0).SetArgumentLocation(loc.Named("chunk"));
        var kernelYield = b.Create("gpu.yield", loc);
        kernelBody.Append(kernelYield);
        var k = new Builder(b, loc, kernelYield);
        var t = kernelBody.Argument(0);
        var path = new MergePath(k, shape.Positions, rows);
        var (firstRow, begin) = path.Split(t, chunk, "row_begin", "entry_begin");
        var (_, end) = path.Split(k.Op("arith.addi", [t, k.Index(1)], "next_chunk"), chunk, "row_at_end", "entry_end");
        var type = shape.Inner.Result(0).Type;
        var identity = k.Add(b.Create("arith.constant", loc, resultTypes: [type], attributes: [("value", shape.Sum.Identity(b, type))]));
        var count = k.Index(GpuItemsPerThread);
        var values = k.Add(b.Create("memref.alloca", loc.Named("entry_values"), [], [b.ParseType($"memref<{GpuItemsPerThread}x{type}>")],
            [("operandSegmentSizes", b.ParseAttribute("array<i32: 0, 0>"))]));

        // 1. the chunk's entry values, loaded ahead (identity past its end)
        var (_, loadBody) = UnrolledLoop(b, loc, k, count, []);
        var l = new Builder(b, loc, loadBody.Terminator);
        var entry = l.Op("arith.addi", [begin, loadBody.Argument(0)], "entry");
        var inChunk = l.Op("arith.cmpi", [entry, end], "in_chunk", predicate: 2 /* slt */, result: b.Integer(1));
        var (guard, then, otherwise) = If(b, loc, l, inChunk, [type]);
        var innerBody = shape.Inner.Region(0).FirstBlock;
        var map = new Dictionary<Value, Value> { [shape.Lo] = begin, [innerBody.Argument(0)] = loadBody.Argument(0) };
        CloneOps(innerBody.Operations.TakeWhile(op => op != innerBody.Terminator).ToArray(), map, then.Terminator);
        var entryValue = innerBody.Terminator.Operand(0);
        then.Terminator.SetOperand(0, map.TryGetValue(entryValue, out var mapped) ? mapped : entryValue);
        otherwise.Terminator.SetOperand(0, identity);
        l.Add(b.Create("memref.store", loc, [guard.Result(0), values, loadBody.Argument(0)]));

        // 2. the walk: (row, its end in pos, its open sum, whether the sum has entries)
        var firstEnd = k.Load(shape.Positions, [k.Op("arith.minsi", [k.Op("arith.addi", [firstRow, k.Index(1)]), rows])], "row_end");
        var none = k.Add(b.Create("arith.constant", loc, resultTypes: [b.Integer(1)], attributes: [("value", b.Integer(b.Integer(1), 0))]));
        var some = k.Add(b.Create("arith.constant", loc, resultTypes: [b.Integer(1)], attributes: [("value", b.Integer(b.Integer(1), 1))]));
        Type[] state = [b.Index, b.Index, type, b.Integer(1)];
        var (walk, walkBody) = UnrolledLoop(b, loc, k, count, [firstRow, firstEnd, identity, none]);
        var w = new Builder(b, loc, walkBody.Terminator);
        var step = w.Op("arith.addi", [begin, walkBody.Argument(0)], "entry");
        var stepInChunk = w.Op("arith.cmpi", [step, end], "in_chunk", predicate: 2 /* slt */, result: b.Integer(1));
        var (stepIf, stepThen, stepElse) = If(b, loc, w, stepInChunk, state);
        for (var i = 0; i < 4; i++) stepElse.Terminator.SetOperand(i, walkBody.Argument(1 + i));
        // close the rows that end before this entry
        var s = new Builder(b, loc, stepThen.Terminator);
        var close = b.Create("scf.while", loc.Named("rows_ending"), [.. Enumerable.Range(1, 4).Select(i => walkBody.Argument(i))], state, regionCount: 2);
        s.Add(close);
        var before = close.Region(0).AppendBlock(state, loc);
        var ends = b.Create("arith.cmpi", loc.Named("row_ends"), [before.Argument(1), step], [b.Integer(1)],
            [("predicate", b.Integer(b.Integer(64), 3 /* sle */))]);
        before.Append(ends);
        before.Append(b.Create("scf.condition", loc, [ends.Result(0), .. Enumerable.Range(0, 4).Select(i => before.Argument(i))]));
        var after = close.Region(1).AppendBlock(state, loc);
        var afterYield = b.Create("scf.yield", loc);
        after.Append(afterYield);
        var a = new Builder(b, loc, afterYield);
        CloseRow(a, loop, shape, after.Argument(0), after.Argument(2), after.Argument(3), begin, end);
        var nextRow = a.Op("arith.addi", [after.Argument(0), a.Index(1)], "next_row");
        var nextEnd = a.Load(shape.Positions, [a.Op("arith.addi", [nextRow, a.Index(1)])], "next_row_end");
        after.InsertBefore(afterYield, b.Create("scf.yield", loc, [nextRow, nextEnd, identity, none]));
        afterYield.Erase();
        var value = s.Add(b.Create("memref.load", loc.Named("entry_value"), [values, walkBody.Argument(0)], [type]));
        var summed = s.Add(b.Create(shape.Sum.JoinOp, loc.Named("open_sum"), [close.Result(2), value], [type]));
        stepThen.Terminator.SetOperand(0, close.Result(0));
        stepThen.Terminator.SetOperand(1, close.Result(1));
        stepThen.Terminator.SetOperand(2, summed);
        stepThen.Terminator.SetOperand(3, some);
        walkBody.Terminator.Erase();
        walkBody.Append(b.Create("scf.yield", loc, [.. Enumerable.Range(0, 4).Select(i => stepIf.Result(i))]));
        CloseRow(k, loop, shape, walk.Result(0), walk.Result(2), walk.Result(3), begin, end);
    }

    /// <summary>
    /// Closes <paramref name="row"/> with its open sum where it has entries: stored onto the row's own value when
    /// all of the row's entries lie in [begin, end), else added atomically (a boundary cuts it).
    /// </summary>
    private static void CloseRow(Builder h, Operation loop, Shape shape, Value row, Value sum, Value any, Value begin, Value end)
    {
        var b = h.B;
        var loc = h.Loc;
        var (_, then, _) = If(b, loc, h, any, []);
        var c = new Builder(b, loc, then.Terminator);
        var whole = c.Op("arith.andi", [
            c.Op("arith.cmpi", [c.Load(shape.Positions, [row], "row_start"), begin], "starts_in_chunk", predicate: 5 /* sge */, result: b.Integer(1)),
            c.Op("arith.cmpi", [c.Load(shape.Positions, [c.Op("arith.addi", [row, c.Index(1)])], "row_stop"), end], "ends_in_chunk",
                predicate: 3 /* sle */, result: b.Integer(1))], "whole_row", result: b.Integer(1));
        var (_, wholeBlock, partBlock) = If(b, loc, c, whole, []);
        var initial = CloneInit(b, shape, loop, row, wholeBlock.Terminator);
        var total = b.Create(shape.Sum.JoinOp, loc.Named("row_sum"), [initial, sum], [sum.Type]);
        wholeBlock.InsertBefore(wholeBlock.Terminator, total);
        wholeBlock.InsertBefore(wholeBlock.Terminator, b.Create("memref.store", loc, [total.Result(0), shape.Store.Operand(1), row]));
        AtomicCombine(b, loc, shape, sum, row, partBlock);
    }

    /// <summary><c>scf.for</c> 0..count (unrolled in device code) carrying <paramref name="carried"/>; its body ends in a placeholder yield of them.</summary>
    private static (Operation Loop, Block Body) UnrolledLoop(OpBuilder b, Location loc, Builder h, Value count, Value[] carried)
    {
        var loop = b.Create("scf.for", loc, [h.Index(0), count, h.Index(1), .. carried], [.. carried.Select(v => v.Type)], regionCount: 1);
        loop.SetAttribute(LapisAttributes.Unroll, b.Unit);
        h.Add(loop);
        var body = loop.Region(0).AppendBlock([b.Index, .. carried.Select(v => v.Type)], loc);
        body.Append(b.Create("scf.yield", loc, [.. Enumerable.Range(1, carried.Length).Select(i => body.Argument(i))]));
        return (loop, body);
    }

    /// <summary><c>scf.if</c> with results of <paramref name="types"/>; each branch ends in a yield of placeholders (the condition) to be set.</summary>
    private static (Operation If, Block Then, Block Else) If(OpBuilder b, Location loc, Builder h, Value condition, Type[] types)
    {
        var op = b.Create("scf.if", loc, [condition], types, regionCount: 2);
        h.Add(op);
        var then = op.Region(0).AppendBlock([], loc);
        var otherwise = op.Region(1).AppendBlock([], loc);
        // placeholders: replaced by the caller (a branch's values are defined inside it)
        var placeholders = types.Select(_ => condition).ToArray();
        then.Append(b.Create("scf.yield", loc, placeholders));
        otherwise.Append(b.Create("scf.yield", loc, placeholders));
        return (op, then, otherwise);
    }

    /// <summary>
    /// The merge path of a CSR matrix: the row ends pos[1..rows] merged with the entries 0..nnz-1
    /// (a row's end after its entries). Its point on diagonal d is (i, d - i): i rows completed,
    /// d - i entries consumed (relative to pos[0]); <see cref="Split"/> finds it by binary search.
    /// </summary>
    private sealed class MergePath
    {
        private readonly Builder _h;
        private readonly Value _positions, _rows, _items, _base, _entries;

        public MergePath(Builder h, Value positions, Value rows)
        {
            _h = h;
            _positions = positions;
            _rows = rows;
            _base = h.Load(positions, [h.Index(0)], "entries_base");
            _entries = h.Op("arith.subi", [h.Load(positions, [rows], "entries_top"), _base], "path_entries");
            _items = h.Op("arith.addi", [rows, _entries], "path_length");
        }

        /// <summary>
        /// The path's point at diagonal min(boundary × chunk, length): (rows completed, pos[0] + entries consumed),
        /// named <paramref name="rowName"/> (the search's lower bound, which ends on the row) and <paramref name="entryName"/>.
        /// </summary>
        public (Value Row, Value Entry) Split(Value boundary, Value chunk, string rowName, string entryName)
        {
            var h = _h;
            var b = h.B;
            var loc = h.Loc;
            var diagonal = h.Op("arith.minsi", [h.Op("arith.muli", [boundary, chunk], "boundary_items"), _items], "diagonal");
            var low = h.Op("arith.maxsi", [h.Op("arith.subi", [diagonal, _entries], "rows_at_least_signed"), h.Index(0)], "rows_at_least");
            var high = h.Op("arith.minsi", [diagonal, _rows], "rows_at_most");
            var loop = b.Create("scf.while", loc.Named(rowName), [low, high], [b.Index, b.Index], regionCount: 2);
            h.Add(loop);
            var before = loop.Region(0).AppendBlock([b.Index, b.Index], loc);
            before.Argument(0).SetArgumentLocation(loc.Named(rowName));
            before.Argument(1).SetArgumentLocation(loc.Named(rowName + "_high"));
            var more = b.Create("arith.cmpi", loc.Named("searching"), [before.Argument(0), before.Argument(1)], [b.Integer(1)],
                [("predicate", b.Integer(b.Integer(64), 2 /* slt */))]);
            before.Append(more);
            before.Append(b.Create("scf.condition", loc, [more.Result(0), before.Argument(0), before.Argument(1)]));
            var after = loop.Region(1).AppendBlock([b.Index, b.Index], loc);
            var yield = b.Create("scf.yield", loc);
            after.Append(yield);
            var a = new Builder(b, loc, yield);
            var (lo, hi) = (after.Argument(0), after.Argument(1));
            // Row `pivot` ends before entry diagonal - pivot - 1: pos[pivot + 1] - pos[0] <= diagonal - pivot - 1.
            var pivot = a.Op("arith.divui", [a.Op("arith.addi", [lo, hi], "pivot_twice"), a.Index(2)], "pivot");
            var pivotNext = a.Op("arith.addi", [pivot, a.Index(1)], "pivot_next");
            var rowEnd = a.Op("arith.subi", [a.Load(_positions, [pivotNext], "pivot_end_stored"), _base], "pivot_end");
            var entry = a.Op("arith.subi", [a.Op("arith.subi", [diagonal, pivot], "pivot_items"), a.Index(1)], "pivot_entry");
            var completed = a.Op("arith.cmpi", [rowEnd, entry], "pivot_completed", predicate: 3 /* sle */, result: b.Integer(1));
            var nextLo = a.Op("arith.select", [completed, pivotNext, lo], "next_low");
            var nextHi = a.Op("arith.select", [completed, hi, pivot], "next_high");
            after.InsertBefore(yield, b.Create("scf.yield", loc, [nextLo, nextHi]));
            yield.Erase();
            var row = loop.Result(0);
            var consumed = h.Op("arith.subi", [diagonal, row], entryName + "_offset");
            return (row, h.Op("arith.addi", [_base, consumed], entryName));
        }
    }

    /// <summary>Names the row body's values the split kernels use (their NameLocs print as the C++ variables).</summary>
    private static void NameRowValues(Shape shape, Operation loop)
    {
        NameValue(shape.Lo, "row_entry_begin");
        NameValue(shape.Hi, "row_entry_end");
        NameValue(shape.Inner.Result(0), "part_sum");
        if (!shape.Init.IsNull && IrMatchers.IsDefinedIn(shape.Init, loop)) NameValue(shape.Init, "row_init");
        if (!shape.Combine.IsNull) NameValue(shape.Combine.Result(0), "row_sum");
    }

    /// <summary>Names the value an op of the row body computes (a NameLoc around its location), unless it has a name.</summary>
    private static void NameValue(Value v, string name)
    {
        if (!v.IsOpResult || v.DefiningOp.ResultCount != 1 || v.DefiningOp.Location.Name is not null) return;
        v.DefiningOp.SetLocation(v.DefiningOp.Location.Named(name));
    }

    private static bool IsZero(Value v)
    {
        var def = v.DefiningOp;
        if (def.IsNull || def.Name != "arith.constant") return false;
        var attr = def.Attribute("value");
        if (attr.IsInteger) return attr.IntegerValue == 0;
        return attr.IsFloat && attr.FloatValue == 0;
    }

    /// <summary><c>load pos[idx]</c>, possibly through an extension and an index cast (i32/i64 positions).</summary>
    private static (Value Buffer, Value Index)? PositionLoad(Value v)
    {
        var def = v.DefiningOp;
        if (!def.IsNull && def.Name is "arith.index_cast" or "arith.index_castui") def = def.Operand(0).DefiningOp;
        if (!def.IsNull && def.Name is "arith.extui" or "arith.extsi") def = def.Operand(0).DefiningOp;
        if (def.IsNull || def.Name != "memref.load" || def.OperandCount != 2) return null;
        return (def.Operand(0), def.Operand(1));
    }

    private static bool IsSuccessor(Value v, Value row)
    {
        var def = v.DefiningOp;
        return !def.IsNull && def.Name == "arith.addi" &&
               ((def.Operand(0) == row && IrMatchers.IsConstant(def.Operand(1), 1)) || (def.Operand(1) == row && IrMatchers.IsConstant(def.Operand(0), 1)));
    }

    /// <summary>The row-body ops <paramref name="init"/> is computed from (pure arith/math and loads), in order, or null.</summary>
    private static Operation[]? InitSlice(Value init, Operation loop)
    {
        var body = loop.Region(0).FirstBlock;
        var needed = new HashSet<Operation>();
        var work = new Stack<Value>([init]);
        while (work.Count > 0)
        {
            var v = work.Pop();
            if (!IrMatchers.IsDefinedIn(v, loop) || v.IsBlockArgument) { if (v.IsBlockArgument && v.OwnerBlock != body && IrMatchers.IsDefinedIn(v, loop)) return null; continue; }
            var def = v.DefiningOp;
            if (def.Block != body || def.RegionCount != 0) return null;
            if (!(def.Name.StartsWith("arith.") || def.Name.StartsWith("math.") || def.Name == "memref.load")) return null;
            if (needed.Add(def)) foreach (var o in def.Operands) work.Push(o);
        }
        return body.Operations.Where(needed.Contains).ToArray();
    }

    /// <summary>Creates ops before an anchor.</summary>
    private sealed class Builder(OpBuilder b, Location loc, Operation anchor)
    {
        public OpBuilder B => b;
        public Location Loc => loc;

        public Value Add(Operation op) { anchor.Block.InsertBefore(anchor, op); return op.ResultCount > 0 ? op.Result(0) : default; }

        public Value Index(long value) => b.IndexConstant(value, loc, anchor);

        public Value Op(string name, Value[] operands, string? named = null, int? predicate = null, Type? result = null)
        {
            var attrs = predicate is { } p ? new[] { ("predicate", b.Integer(b.Integer(64), p)) } : [];
            return Add(b.Create(name, named is null ? loc : loc.Named(named), operands, [result ?? b.Index], attrs));
        }

        /// <summary>
        /// <c>buffer[indices]</c> as an index (zero-extended from i32/i64 positions), named <paramref name="named"/> (the
        /// narrow load <c>named_i32</c>).
        /// </summary>
        public Value Load(Value buffer, Value[] indices, string? named = null)
        {
            var element = buffer.Type.ElementType;
            var loadLoc = named is null ? loc : loc.Named(element == b.Index ? named : $"{named}_{element}");
            var load = Add(b.Create("memref.load", loadLoc, [buffer, .. indices], [element]));
            // Positions are unsigned (the sparsifier extends them with extui).
            return element == b.Index ? load : Add(b.Create("arith.index_castui", named is null ? loc : loc.Named(named), [load], [b.Index]));
        }
    }
}

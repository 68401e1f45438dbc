using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// Hierarchical mapping of row-wise loops: a 1-D parallel loop over rows whose body holds one
/// innermost 1-D parallel loop over the row's entries (CSR SpMV: <c>pos[i+1] - pos[i]</c>
/// entries; a dense matvec-like nest: a reduction over the columns) becomes
/// <code>
/// kokkos.team_parallel(league = ceil(rows / rows_per_team), AUTO, vector_length)  // blocks of rows
///   kokkos.thread_parallel(min(rows_per_team, rows - block * rows_per_team))       // TeamThreadRange: the block's rows
///     row = block * rows_per_team + r; ... kokkos.vector_parallel(entries) ...      // ThreadVectorRange: the row's entries
///     kokkos.single(per_thread) { the row's writes }
/// </code>
/// The row's inner loop may also sit in sequential loops of the row (CSR SpMM: the row's nonzeros in
/// an scf.for, the dense columns in the parallel loop inside it): every lane then runs the
/// sequential loop, and its vector loop gets one column per lane (<see cref="VectorLevelMapping"/>).
/// The launch parameters are computed at run time, before the kernel, from the average number of entries per row
/// (<see cref="AverageTripCount"/>; for CSR, stored entries / rows):
/// <list type="bullet">
/// <item>vector_length = kokkos.vector_length(average): the largest power of two ≤ average / 8
/// (one lane up to 15 entries: on an H200 a 7-point-stencil SpMV reached 73 % of DRAM bandwidth
/// with 1 lane against 43 % with 4), clamped to <c>TeamPolicy&lt;Space&gt;::vector_length_max()</c>
/// — 1 on host backends, where the vector loop is a plain sequential loop the compiler can vectorize;</item>
/// <item>rows_per_team = max(1, entries_per_lane × vector_length / average): each vector lane
/// of a team handles about entries_per_lane entries (pass option entries-per-lane, default
/// <see cref="DefaultEntriesPerLane"/>), like KokkosKernels' spmv,
/// which sizes teams so each has a few thousand nonzeros. On a host (vector length 1) that is
/// a block of ~2048 / average rows per team (≈ 290 rows for a 7-point stencil), so the
/// TeamPolicy's per-team overhead is amortized; on a GPU (vector length up to the warp) a team
/// gets that many rows per lane group; bounded so that the league has at least
/// <see cref="TeamsPerWorker"/> teams per host thread or per SM (<c>kokkos.concurrency</c>);</item>
/// <item>team_size = 1 where <c>TeamPolicy&lt;Space&gt;::vector_length_max()</c> is 1 (host
/// backends: one pool thread works through a block, like a RangePolicy chunk; AUTO, which
/// Kokkos' OpenMP backend sets to the threads per core, measured slower); on GPUs
/// <see cref="GpuTeamLanes"/> / vector_length threads, and rows_per_team = team_size (one row per
/// thread, as a RangePolicy SpMV maps them), in place of the entries rule above.</item>
/// </list>
/// </summary>
internal static class RowBlockMapping
{
    /// <summary>
    /// Entries one vector lane of a team handles. With bench/spmv on OpenMP (2 threads, a shared
    /// machine) 256 to 65536 measured the same within noise; what mattered on the host was the
    /// team size (1, below). 2048 gives teams a few thousand entries, as KokkosKernels' spmv does,
    /// and leaves enough teams to balance many threads or a GPU.
    /// </summary>
    public const long DefaultEntriesPerLane = 2048;

    /// <summary>
    /// Teams wanted per worker — a host thread, or <see cref="GpuThreadsPerWorker"/> GPU threads
    /// (one SM's resident threads on NVIDIA GPUs, so every SM gets several teams): rows per team are
    /// bounded so the league has at least concurrency × this / worker threads teams. On an H200 the
    /// entries rule alone gave a 4096-row matrix (168 k nonzeros) 3 teams for 132 SMs (0.43 ms).
    /// </summary>
    public const long TeamsPerWorker = 4;

    /// <summary>
    /// Threads x vector lanes of one team on GPUs; the team's rows are one per thread. On an H200 the
    /// 7-point Laplacian 200³ (1 lane) ran 0.974 ms with Kokkos::AUTO teams over ~292 rows (the
    /// entries rule), against 0.320 ms for a RangePolicy with one row per thread. 128 keeps any
    /// row body within the register file (128 x 255 registers) so the launch never exceeds
    /// team_size_max.
    /// </summary>
    public const long GpuTeamLanes = 128;

    /// <summary>GPU threads counted as one worker (the resident threads of one SM, 2048 on NVIDIA GPUs since Kepler).</summary>
    public const long GpuThreadsPerWorker = 2048;

    /// <summary>
    /// kokkos.vector_length gives a lane at least this many entries (average / 8); a vector loop inside
    /// the row's sequential loop asks for columns × this, i.e. one column per lane.
    /// </summary>
    private const long ColumnLaneScale = 8;

    public static bool TryMap(Operation loop, string executionSpace, long entriesPerLane, string label,
        NonzeroSplitMapping.Mode sparseRows = NonzeroSplitMapping.Mode.Auto)
    {
        var body = loop.Region(0).FirstBlock;
        if (body.ArgumentCount != 1 || loop.ResultCount != 0) return false;
        if (VectorLevelMapping.CanMap(body, loop) is not { } inner) return false;
        if (!AverageTripCount.Exists(inner, loop)) return false;

        var b = OpBuilder.For(loop);
        var loc = loop.Location;
        Value Before(Operation op) { loop.Block.InsertBefore(loop, op); return op.Result(0); }
        var rows = new ParallelLoop(loop).UpperBound(0);
        var average = AverageTripCount.Build(inner, loop, rows, loop);
        // Vector loop in the row's sequential loop (SpMM's columns in its nonzero loop): each lane runs
        // the whole sequential loop for its column, so a lane per column (the largest power of two ≤ columns).
        var perLaneEstimate = VectorLevelMapping.IsInSequentialLoop(body, inner)
            ? Before(b.Create("arith.muli", loc, [average, b.IndexConstant(ColumnLaneScale, loc, loop)], [b.Index]))
            : average;
        var vectorLength = Before(b.Create("kokkos.vector_length", loc.Named("vector_length"), [perLaneEstimate], [b.Index], [("execution_space", b.String(executionSpace))]));
        var one = b.IndexConstant(1, loc, loop);
        var vectorLengthMax = Before(b.Create("kokkos.vector_length_max", loc.Named("vector_length_max"), resultTypes: [b.Index],
            attributes: [("execution_space", b.String(executionSpace))]));
        var onHost = Before(b.Create("arith.cmpi", loc.Named("on_host"), [vectorLengthMax, one], [b.Integer(1)], [("predicate", b.Integer(b.Integer(64), 0))]));
        var perLane = b.IndexConstant(entriesPerLane, loc, loop);
        var perTeam = Before(b.Create("arith.muli", loc, [perLane, vectorLength], [b.Index]));
        var rowsForEntries = Before(b.Create("arith.divsi", loc, [perTeam, average], [b.Index]));
        // At least TeamsPerWorker teams per host thread, or per SM's worth of GPU threads.
        var concurrency = Before(b.Create("kokkos.concurrency", loc.Named("concurrency"), resultTypes: [b.Index],
            attributes: [("execution_space", b.String(executionSpace))]));
        var teamsPerWorker = b.IndexConstant(TeamsPerWorker, loc, loop);
        var threadsPerSm = b.IndexConstant(GpuThreadsPerWorker, loc, loop);
        var worker = Before(b.Create("arith.select", loc, [onHost, one, threadsPerSm], [b.Index]));
        var wantedThreads = Before(b.Create("arith.muli", loc, [concurrency, teamsPerWorker], [b.Index]));
        var wantedTeams = Before(b.Create("arith.divsi", loc, [wantedThreads, worker], [b.Index]));
        var minTeams = Before(b.Create("arith.maxsi", loc.Named("league_floor"), [wantedTeams, one], [b.Index]));
        var rowsUp = Before(b.Create("arith.addi", loc, [rows, minTeams], [b.Index]));
        var rowsUpLess = Before(b.Create("arith.subi", loc, [rowsUp, one], [b.Index]));
        var rowsForTeams = Before(b.Create("arith.divsi", loc, [rowsUpLess, minTeams], [b.Index]));
        var bounded = Before(b.Create("arith.minsi", loc, [rowsForEntries, rowsForTeams], [b.Index]));
        var rowsPerHostTeam = Before(b.Create("arith.maxsi", loc, [bounded, one], [b.Index]));
        // GPUs: GpuTeamLanes lanes per team, one row per thread (team_size = lanes / vector_length).
        var lanes = b.IndexConstant(GpuTeamLanes, loc, loop);
        var lanesPerRow = Before(b.Create("arith.divsi", loc, [lanes, vectorLength], [b.Index]));
        var gpuTeamSize = Before(b.Create("arith.maxsi", loc.Named("gpu_threads"), [lanesPerRow, one], [b.Index]));
        var rowsPerTeam = Before(b.Create("arith.select", loc.Named("rows_per_block"), [onHost, rowsPerHostTeam, gpuTeamSize], [b.Index]));
        var roundedUp = Before(b.Create("arith.addi", loc, [rows, rowsPerTeam], [b.Index]));
        var roundedUpLess = Before(b.Create("arith.subi", loc, [roundedUp, one], [b.Index]));
        var league = Before(b.Create("arith.divsi", loc.Named("row_blocks"), [roundedUpLess, rowsPerTeam], [b.Index]));
        var teamSize = Before(b.Create("arith.select", loc.Named("team_size"), [onHost, one, gpuTeamSize], [b.Index]));
        // CSR rows: the nonzero split for skewed row lengths, chosen at run time (or by the option); the row blocks below otherwise.
        if (sparseRows != NonzeroSplitMapping.Mode.RowBlocks && NonzeroSplitMapping.Matches(loop, inner) &&
            AverageTripCount.WalkedBuffer(inner, loop) is { IsNull: false } walked)
        {
            var entries = Before(b.Create("memref.dim", loc.Named("entries"), [walked, b.IndexConstant(0, loc, loop)], [b.Index]));
            var gpuChunk = b.IndexConstant(NonzeroSplitMapping.GpuItemsPerThread, loc, loop);
            // Host: HostChunksPerThread chunks per pool thread (taken dynamically), none below a row block's entries.
            var pathItems = Before(b.Create("arith.addi", loc, [rows, entries], [b.Index]));
            var hostChunks = Before(b.Create("arith.muli", loc.Named("host_chunks"), [concurrency, b.IndexConstant(NonzeroSplitMapping.HostChunksPerThread, loc, loop)], [b.Index]));
            var hostShare = Before(b.Create("arith.divsi", loc.Named("host_chunk_share"), [pathItems, hostChunks], [b.Index]));
            var hostChunk = Before(b.Create("arith.maxsi", loc.Named("host_items_per_chunk"), [perTeam, hostShare], [b.Index]));
            var perChunk = Before(b.Create("arith.select", loc.Named("items_per_chunk_wanted"), [onHost, hostChunk, gpuChunk], [b.Index]));
            if (NonzeroSplitMapping.Build(loop, inner, sparseRows, executionSpace, label, rows, entries, rowsPerTeam, league, perChunk,
                    minTeams, onHost))
                return true;
        }

        var team = b.Create("kokkos.team_parallel", loc, [league, teamSize, vectorLength],
            attributes: [("execution_space", b.String(executionSpace)), ("label", b.String(label))], regionCount: 1);
        loop.Block.InsertBefore(loop, team);
        var teamBody = team.Region(0).AppendBlock([b.Index, b.Index], loc);
        var yield = b.Create("gpu.yield", loc);
        teamBody.Append(yield);
        Value Inside(Operation op) { teamBody.InsertBefore(yield, op); return op.Result(0); }
        var first = Inside(b.Create("arith.muli", loc.Named("first_row"), [teamBody.Argument(0), rowsPerTeam], [b.Index]));
        var left = Inside(b.Create("arith.subi", loc, [rows, first], [b.Index]));
        var count = Inside(b.Create("arith.minsi", loc.Named("rows_in_block"), [rowsPerTeam, left], [b.Index]));

        MapRowsOnThreads(loop, inner, yield, first, count);
        return true;
    }

    /// <summary>
    /// Moves the row loop <paramref name="loop"/> before <paramref name="yield"/> of a team's body and
    /// maps it onto the team's threads: thread r &lt; <paramref name="count"/> runs row
    /// <paramref name="first"/> + r, the row's entries loop <paramref name="inner"/> on its vector lanes.
    /// </summary>
    internal static void MapRowsOnThreads(Operation loop, Operation inner, Operation yield, Value first, Value count)
    {
        var b = OpBuilder.For(loop);
        loop.MoveBefore(yield);
        var thread = KokkosLoopMappingPass.Replace(loop, "kokkos.thread_parallel", [count], []);
        var threadBody = thread.Region(0).FirstBlock;
        var r = threadBody.Argument(0);
        var row = b.Create("arith.addi", loop.Location.Named("row"), [first, r], [b.Index]);
        threadBody.InsertBefore(threadBody.FirstOperation, row);
        r.ReplaceAllUsesExcept(row.Result(0), row);
        VectorLevelMapping.Map(threadBody, inner);
    }
}

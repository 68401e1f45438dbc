using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// kokkos dialect. <c>kokkos.team_parallel</c> / <c>thread_parallel</c> / <c>vector_parallel</c> /
/// <c>single</c> / <c>team_barrier</c> → TeamPolicy, TeamThreadRange, ThreadVectorRange,
/// Kokkos::single, team_barrier(); <c>kokkos.alloc_scratch</c> (team-level variants) → an
/// unmanaged View on the scratch pad the caller passes.
/// <c>kokkos.range_parallel</c> → <c>Kokkos::parallel_for</c> over a RangePolicy
/// (1-D) or an MDRangePolicy (n-D, right-most index fastest), or <c>Kokkos::parallel_reduce</c>
/// when it has results. Its <c>kokkos.update_reduction</c> ops become updates of the lambda's
/// accumulator: a single integer or float sum reduces into a plain variable (Kokkos' built-in
/// sum); anything else is joined by a reducer struct printed at namespace scope whose join is
/// the MLIR join region and whose init is the identity — one reducer for all the loop's
/// reductions, so any number and kind of reductions share one kernel, on every backend and
/// Kokkos 3.4–5.x.
/// </summary>
internal static class KokkosPrinters
{
    public static void Register(OpPrinterTable table) => table
        .Add("kokkos.range_parallel", RangeParallel)
        .Add("kokkos.team_parallel", TeamParallel)
        .Add("kokkos.thread_parallel", ThreadParallel)
        .Add("kokkos.vector_parallel", VectorParallel)
        .Add("kokkos.alloc_scratch", AllocScratch)
        .Add("kokkos.single", Single)
        .Add("kokkos.vector_length", VectorLength)
        .Add("kokkos.concurrency", (e, op) => e.Define(op.Result(0), $"static_cast<int64_t>({Space(op)}().concurrency())"))
        .Add("kokkos.vector_length_max", (e, op) =>
        {
            e.Helpers.Require(Helper.VectorLengthMax);
            e.Define(op.Result(0), $"lapis_rt::vector_length_max<{Space(op)}>()");
        })
        .Add("kokkos.team_barrier", (e, op) => e.W.Line($"{Team}.team_barrier();"))
        // Printed by the reduction before it (ReduceInto), which checks that it follows it.
        .Add("kokkos.reduce_into", (e, op) =>
        {
            if (op.Operand(0).DefiningOp is not { IsNull: false } r || r.Next != op)
                throw CppEmitter.Unsupported(op, "kokkos.reduce_into must directly follow the reduction whose result it takes");
        });

    /// <summary>The team handle inside a kokkos.team_parallel lambda.</summary>
    private const string Team = "team";

    private const string DeviceSpace = "Kokkos::DefaultExecutionSpace";
    private const string HostSpace = "Kokkos::DefaultHostExecutionSpace";

    internal static string Space(Operation op) =>
        op.Attribute("execution_space") is { IsNull: false } a && a.StringValue == "host" ? HostSpace : DeviceSpace;

    private static void RangeParallel(CppEmitter e, Operation op)
    {
        var rank = CppEmitter.SingleBlock(op.Region(0), op).ArgumentCount;
        var space = Space(op);
        var label = CppLiterals.String(op.Attribute("label").StringValue);
        var uppers = op.Operands.Select(e.TypedExpr).ToArray();
        if (rank > 1) e.Helpers.Require(Helper.MdRangeTiles);
        var extents = $"{{{string.Join(", ", uppers)}}}";
        // The execution space instance comes first: with CUDA, `{0, 0}` as the first argument also
        // converts to Kokkos::Cuda(stream, manage), and nvcc rejects the call as ambiguous.
        // schedule = "dynamic": iterations of unequal cost (the nonzero split's chunks on host threads); GPU backends ignore it.
        var schedule = op.Attribute("schedule") is { IsNull: false } sched && sched.StringValue == "dynamic" ? "Kokkos::Schedule<Kokkos::Dynamic>, " : "";
        var policy = rank == 1
            ? $"Kokkos::RangePolicy<{space}, {schedule}Kokkos::IndexType<int64_t>>(0, {uppers[0]})"
            : $"Kokkos::MDRangePolicy<{space}, Kokkos::Rank<{rank}, Kokkos::Iterate::Right, Kokkos::Iterate::Right>, Kokkos::IndexType<int64_t>>(" +
              $"{space}(), {{{string.Join(", ", Enumerable.Repeat("0", rank))}}}, {extents}, lapis_rt::md_tiles<{space}, {rank}>({extents}))";
        ParallelLoop(e, op, $"{label}, {policy}", "KOKKOS_LAMBDA");
    }

    /// <summary>TeamThreadRange inside a team: <c>Kokkos::parallel_for(Kokkos::TeamThreadRange(team, n), [&amp;](const int64_t i) {...});</c></summary>
    private static void ThreadParallel(CppEmitter e, Operation op) =>
        ParallelLoop(e, op, $"Kokkos::TeamThreadRange({Team}, {e.TypedExpr(op.Operand(0))})", "[&]");

    /// <summary>ThreadVectorRange inside a team thread: <c>Kokkos::parallel_for(Kokkos::ThreadVectorRange(team, n), [&amp;](const int64_t i) {...});</c></summary>
    private static void VectorParallel(CppEmitter e, Operation op) =>
        ParallelLoop(e, op, $"Kokkos::ThreadVectorRange({Team}, {e.TypedExpr(op.Operand(0))})", "[&]", VectorReduction(e, op));

    /// <summary>
    /// For a <c>kokkos.vector_parallel</c> with results inside a <c>kokkos.team_parallel</c> of this
    /// function: the team's vector length (C++) and the trip count, so that the reduction goes through
    /// <c>lapis_rt::vector_reduce</c> (a plain loop when the team runs one lane); null elsewhere.
    /// </summary>
    private static (string Lanes, string Count)? VectorReduction(CppEmitter e, Operation op)
    {
        if (op.ResultCount == 0) return null;
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
        {
            if (p.Name != "kokkos.team_parallel") continue;
            var lanes = p.Operand(2);
            if (e.IsLiteral(lanes) && e.Expr(lanes) == "0") return null; // Kokkos::AUTO: unknown here
            return (e.Expr(lanes), e.TypedExpr(op.Operand(0)));
        }
        return null;
    }

    /// <summary><c>int64_t v = lapis_rt::team_vector_length&lt;Space&gt;(average);</c> (host code before a team kernel).</summary>
    private static void VectorLength(CppEmitter e, Operation op)
    {
        e.Helpers.Require(Helper.TeamVectorLength);
        e.Define(op.Result(0), $"lapis_rt::team_vector_length<{Space(op)}>({e.Expr(op.Operand(0))})");
    }

    /// <summary>
    /// A buffer carved out of the scratch pad a team-level variant receives:
    /// <c>Kokkos::View&lt;float*, Kokkos::LayoutRight, typename TeamMember::scratch_memory_space, Kokkos::MemoryUnmanaged&gt; v(reinterpret_cast&lt;float*&gt;(static_cast&lt;char*&gt;(scratch) + 64), 100);</c>
    /// </summary>
    private static void AllocScratch(CppEmitter e, Operation op)
    {
        if (e.TeamLevel is not { } team) throw CppEmitter.Unsupported(op, "scratch memory outside a team-level function");
        var result = op.Result(0);
        var type = result.Type;
        if (!type.IsMemRef || !type.HasStaticShape || !type.HasIdentityLayout) throw CppEmitter.Unsupported(op, $"scratch buffer of type '{type}'");
        var element = e.Types.Scalar(type.ElementType, op.Location);
        var offset = op.Attribute("offset").IntegerValue;
        var view = $"Kokkos::View<{element}{new string('*', type.Rank)}, Kokkos::LayoutRight, typename {team.TeamMemberType}::scratch_memory_space, Kokkos::MemoryUnmanaged>";
        var pointer = $"reinterpret_cast<{element}*>(static_cast<char*>({team.Scratch}) + {offset})";
        var extents = type.Shape.Select(d => d!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        e.W.Line($"{view} {e.Name(result)}({string.Join(", ", extents.Prepend(pointer))});");
    }

    /// <summary>
    /// One team per league index: <c>Kokkos::parallel_for(label, Kokkos::TeamPolicy&lt;Space&gt;(league, Kokkos::AUTO), KOKKOS_LAMBDA(const member_type&amp; team) {...});</c>
    /// Team size and vector length 0 mean Kokkos::AUTO; a team size computed at run time selects
    /// between the two constructors in a policy variable.
    /// </summary>
    private static void TeamParallel(CppEmitter e, Operation op)
    {
        var body = CppEmitter.SingleBlock(op.Region(0), op);
        if (op.ResultCount != 0) throw CppEmitter.Unsupported(op, "reductions over teams");
        var space = Space(op);
        var label = CppLiterals.String(op.Attribute("label").StringValue);
        string Auto(Value v) => !e.IsLiteral(v) ? $"static_cast<int>({e.Expr(v)})" : e.Expr(v) == "0" ? "Kokkos::AUTO" : e.Expr(v);
        var type = $"Kokkos::TeamPolicy<{space}>";
        var (league, teamSize, vectorLength) = (e.TypedExpr(op.Operand(0)), op.Operand(1), Auto(op.Operand(2)));
        var policy = $"{type}({league}, {Auto(teamSize)}, {vectorLength})";
        if (!e.IsLiteral(teamSize))
        {
            // A team size known only at run time: 0 still means AUTO.
            var size = e.Expr(teamSize);
            policy = e.Temporary("policy");
            e.W.Line($"{type} {policy} = {size} > 0 ? {type}({league}, static_cast<int>({size}), {vectorLength}) : {type}({league}, Kokkos::AUTO, {vectorLength});");
        }
        e.PushScope();
        e.OpenAt($"Kokkos::parallel_for({label}, {policy}, KOKKOS_LAMBDA(const Kokkos::TeamPolicy<{space}>::member_type& {Team})", op.Location);
        e.W.Line($"const int64_t {e.NameInduction(body.Argument(0))} = {Team}.league_rank();");
        if (body.Argument(1).HasUses) e.W.Line($"const int64_t {e.NameInduction(body.Argument(1))} = {Team}.team_size();");
        CppEmitter.Expect(e.EmitBody(body), "gpu.yield", op);
        e.W.Close("});");
        e.PopScope();
    }

    /// <summary>
    /// <c>Kokkos::single(Kokkos::PerTeam(team), [&amp;]() {...});</c> (per_thread: PerThread). With
    /// results, the values the body yields are broadcast to the whole team (or vector lanes):
    /// one result through <c>Kokkos::single(..., [&amp;](T&amp; out) {...}, v)</c>, several through a
    /// local struct with one member per result (with the volatile assignments Kokkos 3.x's host
    /// broadcast uses).
    /// </summary>
    private static void Single(CppEmitter e, Operation op)
    {
        var level = op.Attribute("level").StringValue == "per_thread" ? "PerThread" : "PerTeam";
        var body = CppEmitter.SingleBlock(op.Region(0), op);
        if (op.Results.Any(r => r.Type.IsMemRef)) throw CppEmitter.Unsupported(op, "broadcast of a view");
        if (op.ResultCount == 0)
        {
            e.PushScope();
            e.W.Open($"Kokkos::single(Kokkos::{level}({Team}), [&]()");
            CppEmitter.Expect(e.EmitBody(body), "gpu.yield", op);
            e.W.Close("});");
            e.PopScope();
            return;
        }
        string broadcastType, broadcast;
        IReadOnlyList<string> members;
        if (op.ResultCount == 1)
        {
            broadcast = e.DeclareUninitialized(op.Result(0));
            broadcastType = e.TypeOf(op.Result(0));
            members = ["out"];
        }
        else
        {
            broadcastType = e.Temporary("broadcast_t");
            broadcast = e.Temporary("broadcast");
            // Kokkos 3.x broadcasts through volatile shared memory: the struct needs volatile assignments.
            var copy = string.Concat(Enumerable.Range(0, op.ResultCount).Select(k => $" r{k} = other.r{k};"));
            e.W.Open($"struct {broadcastType}");
            for (var k = 0; k < op.ResultCount; k++) e.W.Line($"{e.TypeOf(op.Result(k))} r{k};");
            e.W.Line($"KOKKOS_INLINE_FUNCTION {broadcastType}& operator=(const {broadcastType}& other) {{{copy} return *this; }}");
            e.W.Line($"KOKKOS_INLINE_FUNCTION void operator=(const {broadcastType}& other) volatile {{{copy} }}");
            e.W.Line($"KOKKOS_INLINE_FUNCTION {broadcastType}& operator=(const volatile {broadcastType}& other) {{{copy} return *this; }}");
            e.W.Close("};");
            e.W.Line($"{broadcastType} {broadcast};");
            members = Enumerable.Range(0, op.ResultCount).Select(k => $"out.r{k}").ToArray();
        }
        e.PushScope();
        e.W.Open($"Kokkos::single(Kokkos::{level}({Team}), [&]({broadcastType}& out)");
        var yield = CppEmitter.Expect(e.EmitBody(body), "gpu.yield", op);
        e.AssignAll(members, yield.Operands);
        e.W.Close($"}}, {broadcast});");
        e.PopScope();
        if (op.ResultCount > 1)
            for (var k = 0; k < op.ResultCount; k++) e.Define(op.Result(k), $"{broadcast}.r{k}");
    }

    /// <summary>
    /// <c>Kokkos::parallel_for(head, lambda(i...) {...});</c>, or parallel_reduce into a reducer
    /// struct when the op has results (one field per kokkos.update_reduction).
    /// </summary>
    private static void ParallelLoop(CppEmitter e, Operation op, string head, string lambda, (string Lanes, string Count)? vector = null)
    {
        var body = CppEmitter.SingleBlock(op.Region(0), op);
        var updates = body.Operations.Where(o => o.Name == "kokkos.update_reduction").ToArray();
        if (updates.Length != op.ResultCount)
            throw CppEmitter.Unsupported(op, $"{op.ResultCount} results but {updates.Length} kokkos.update_reduction ops in its body");
        foreach (var update in updates) RequireConstantIdentity(update);
        string? reducer = null, result = null, sum = null;
        var sumOfIntegers = false;
        var into = ReduceInto(e, op);
        if (into is not null)
        {
            if (!IsPlainSum(updates) || CppTypes.IsIntegerLike(updates[0].Operand(0).Type) || vector is not null)
                throw CppEmitter.Unsupported(op, "kokkos.reduce_into takes the result of a plain f32/f64 sum over a RangePolicy");
            sum = e.TypeOf(updates[0].Operand(0), updates[0].Location);
            result = into;
        }
        else if (IsPlainSum(updates))
        {
            var summed = updates[0].Operand(0).Type;
            sumOfIntegers = CppTypes.IsIntegerLike(summed);
            sum = sumOfIntegers ? CppTypes.Unsigned(summed, updates[0].Location) : e.TypeOf(updates[0].Operand(0), updates[0].Location);
            result = e.Temporary("reduced");
            e.W.Line($"{sum} {result} = 0;");
        }
        else if (updates.Length > 0)
        {
            reducer = e.Context.DeclareReducer(e.FunctionName + "_" + LabelSuffix(op), w => WriteReducer(e, op, updates, w));
            result = e.Temporary("reduced");
            e.W.Line($"{reducer}::value_type {result};");
        }

        e.PushScope();
        var indices = body.Arguments.Select(a => $"const int64_t {e.NameInduction(a)}").ToList();
        var acc = AccumulatorName(op);
        if (reducer is not null) indices.Add($"{reducer}::value_type& {acc}");
        if (sum is not null) indices.Add($"{sum}& {acc}");
        // A vector-lane reduction: the body as a named lambda, run by lapis_rt::vector_reduce.
        var vectorBody = result is not null && vector is not null ? e.Temporary("lanes_body") : null;
        if (vectorBody is not null) e.OpenAt($"const auto {vectorBody} = {lambda}({string.Join(", ", indices)})", op.Location);
        else e.OpenAt($"Kokkos::{(result is null ? "parallel_for" : "parallel_reduce")}({head}, {lambda}({string.Join(", ", indices)})", op.Location);
        var terminator = body.Terminator;
        foreach (var inner in body.Operations)
        {
            if (inner == terminator) break;
            if (inner.Name != "kokkos.update_reduction") e.Emit(inner);
            else if (sum is not null) e.W.Line($"{acc} += {(sumOfIntegers ? $"static_cast<{sum}>({e.Expr(inner.Operand(0))})" : e.Expr(inner.Operand(0)))};");
            else Update(e, inner, acc!, Array.IndexOf(updates, inner));
        }
        CppEmitter.Expect(terminator, "gpu.yield", op);
        if (vectorBody is not null)
        {
            e.W.Close("};");
            e.Helpers.Require(Helper.VectorReduce);
            e.W.Line($"lapis_rt::vector_reduce({Team}, {vector!.Value.Lanes}, {vector.Value.Count}, {vectorBody}, {(sum is not null ? result : $"{reducer}({result})")});");
        }
        else e.W.Close(result is null ? "});" : sum is not null ? $"}}, {result});" : $"}}, {reducer}({result}));");
        e.PopScope();
        if (into is not null) return;
        if (sum is not null && sumOfIntegers) e.Define(op.Result(0), $"static_cast<{e.TypeOf(op.Result(0))}>({result})");
        else if (sum is not null) e.Alias(op.Result(0), result!);
        else for (var k = 0; k < op.ResultCount; k++) e.Define(op.Result(k), $"{result}.r{k}");
    }

    /// <summary>
    /// The View (an element of it: <c>Kokkos::subview(v, i...)</c>) that the reduction's result goes
    /// into when its only use is the <c>kokkos.reduce_into</c> right after it (lapis-device-scalars):
    /// Kokkos then reduces on the device without a fence or a host copy. Null for a host result.
    /// </summary>
    private static string? ReduceInto(CppEmitter e, Operation op)
    {
        if (op.ResultCount != 1) return null;
        var uses = op.Result(0).Uses;
        if (!uses.Any(u => u.Owner.Name == "kokkos.reduce_into")) return null;
        var into = uses[0].Owner;
        if (uses.Count != 1 || into != op.Next || into.Operand(1).Type.Rank != into.OperandCount - 2)
            throw CppEmitter.Unsupported(into, "kokkos.reduce_into must directly follow the reduction whose only use it is, with one index per dimension of its buffer");
        var view = e.Expr(into.Operand(1));
        return into.OperandCount == 2 ? view : $"Kokkos::subview({view}, {string.Join(", ", into.Operands.Skip(2).Select(e.Expr))})";
    }

    /// <summary>
    /// <c>acc</c>, or <c>acc_N</c> for a reduction nested N deep in the bodies of other reductions,
    /// so that an inner lambda's accumulator never shadows the outer one's.
    /// </summary>
    private static string AccumulatorName(Operation op)
    {
        var depth = 0;
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (p.Name is "kokkos.range_parallel" or "kokkos.thread_parallel" or "kokkos.vector_parallel" && p.ResultCount > 0) depth++;
        return depth == 0 ? "acc" : $"acc_{depth}";
    }

    /// <summary>
    /// The contract of <c>kokkos.update_reduction</c>: its identity (operand 1) is an
    /// <c>arith.constant</c>, because the reducer's <c>init()</c> prints it outside the kernel,
    /// where no value of the function is in scope. A located error otherwise.
    /// </summary>
    private static void RequireConstantIdentity(Operation update)
    {
        var identity = update.Operand(1).DefiningOp;
        if (identity.IsNull || identity.Name != "arith.constant")
            throw CppEmitter.Unsupported(update, "its identity (operand 1) must be an arith.constant (a reducer's init() is printed outside the kernel)");
    }

    /// <summary>
    /// One sum of a 32/64-bit integer or float: Kokkos' built-in sum into a plain variable
    /// (<c>parallel_reduce(policy, lambda(i, double&amp; acc), result)</c>; identity 0, as MLIR's).
    /// An integer sum accumulates in the unsigned type of its width, so that it wraps as MLIR's
    /// arith.addi does (Kokkos' <c>+=</c> on a signed type would overflow: undefined).
    /// </summary>
    private static bool IsPlainSum(IReadOnlyList<Operation> updates)
    {
        if (updates.Count != 1 || updates[0].Attribute("kind").StringValue != ReductionKind.Sum) return false;
        var type = updates[0].Operand(0).Type;
        return type.IsF32 || type.IsF64 || type.IsIndex || (type.IsInteger && type.IntegerWidth is 32 or 64);
    }

    /// <summary><c>acc.rK = join(acc.rK, value)</c> with the join region printed inline.</summary>
    private static void Update(CppEmitter e, Operation update, string acc, int k)
    {
        e.W.OpenBlock();
        JoinInto(e, update, $"{acc}.r{k}", e.Expr(update.Operand(0)));
        e.W.Close();
    }

    /// <summary>Prints the join region of <paramref name="update"/> with its arguments bound to (dest, src) and assigns the result to dest.</summary>
    private static void JoinInto(CppEmitter e, Operation update, string dest, string src)
    {
        var join = CppEmitter.SingleBlock(update.Region(0), update);
        e.PushScope();
        e.Alias(join.Argument(0), dest);
        e.Alias(join.Argument(1), src);
        var yield = CppEmitter.Expect(e.EmitBody(join), "gpu.yield", update);
        if (yield.OperandCount != 1) throw CppEmitter.Unsupported(update, "the join region must yield one value");
        var value = e.Expr(yield.Operand(0));
        if (value != dest) e.W.Line($"{dest} = {value};");
        e.PopScope();
    }

    private static void WriteReducer(CppEmitter e, Operation op, IReadOnlyList<Operation> updates, IndentedWriter w)
    {
        var name = e.Context.CurrentReducerName!;
        var types = updates.Select(u => e.TypeOf(u.Operand(0), u.Location)).ToArray();
        var kinds = string.Join(", ", updates.Select(u => u.Attribute("kind").StringValue));
        if (e.Context.LocationComment(op.Location) is { } comment) w.Line($"{comment}: {kinds}");
        w.Open($"struct {name}");
        w.Line($"struct value_type {{ {string.Join(" ", types.Select((t, k) => $"{t} r{k};"))} }};");
        w.Line($"using reducer = {name};");
        w.Line("using result_view_type = Kokkos::View<value_type, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>;");
        w.Line("value_type* result;");
        w.Line($"KOKKOS_INLINE_FUNCTION explicit {name}(value_type& r) : result(&r) {{}}");

        var joiner = new CppEmitter(e.Context, w, name, e.MemorySpace);
        w.Open("KOKKOS_INLINE_FUNCTION void join(value_type& dest, const value_type& src) const");
        for (var k = 0; k < updates.Count; k++)
        {
            w.OpenBlock();
            JoinInto(joiner, updates[k], $"dest.r{k}", $"src.r{k}");
            w.Close();
        }
        w.Close();
        // Kokkos 3.x joins through volatile references on some backends.
        w.Line("#if KOKKOS_VERSION < 40000");
        w.Open("KOKKOS_INLINE_FUNCTION void join(volatile value_type& dest, const volatile value_type& src) const");
        w.Line($"value_type d, s;");
        for (var k = 0; k < updates.Count; k++) w.Line($"d.r{k} = dest.r{k}; s.r{k} = src.r{k};");
        w.Line("join(d, s);");
        for (var k = 0; k < updates.Count; k++) w.Line($"dest.r{k} = d.r{k};");
        w.Close();
        w.Line("#endif");
        w.Open("KOKKOS_INLINE_FUNCTION void init(value_type& v) const");
        for (var k = 0; k < updates.Count; k++) w.Line($"v.r{k} = {e.Expr(updates[k].Operand(1))};");
        w.Close();
        w.Line("KOKKOS_INLINE_FUNCTION value_type& reference() const { return *result; }");
        w.Line("KOKKOS_INLINE_FUNCTION result_view_type view() const { return result_view_type(result); }");
        w.Line("KOKKOS_INLINE_FUNCTION bool references_scalar() const { return true; }");
        w.Close("};");
    }

    /// <summary>"forward:23" → "23" (the reducer is named function_line).</summary>
    private static string LabelSuffix(Operation op)
    {
        var pos = op.Location.Position;
        return pos.IsKnown ? $"{pos.Line}" : "kernel";
    }
}

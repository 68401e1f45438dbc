using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-plan-memory. Input: functions after lapis-assign-memory-spaces. Output: every
/// <c>memref.alloc</c> of a function's host code (its entry block, or the body of a host
/// <c>scf.for</c>/<c>scf.while</c>/<c>scf.if</c>) whose buffer does not outlive the call or the loop
/// iteration (no view of it is returned or leaves through a call or region result) is marked
/// <c>lapis.reused</c>: the printer backs it by module storage allocated on the first call (first
/// iteration), reused by later ones (grown when a dynamic shape needs more), freed by <c>finalize()</c>. A public device function whose results are
/// all static-shape buffers gets <c>lapis.into</c>: the printer adds <c>f_into(result0.., args..)</c>,
/// writing into the caller's Views; an entry-block allocation returned as it is gets
/// <c>lapis.result = k</c> (it is output k there), other results are copied into their output. With
/// <c>lapis.fresh_results</c> (every result a fresh buffer) <c>f</c> allocates its results and calls it.
/// </summary>
public sealed class PlanMemoryPass : ExternalPass
{

    public override string Argument => "lapis-plan-memory";
    public override string Description => "Reuse non-escaping temporaries across calls (module storage) and give functions returning fresh buffers an output-argument form";

    public override void Run(Operation op, PassRun run)
    {
        var functions = FuncOps.Definitions(op).Where(f => !LapisAttributes.IsTeamLevel(f)).ToArray();
        var recursive = Recursive(functions);
        foreach (var func in functions.Where(f => !recursive.Contains(f)))
            Plan(func);
    }

    private static void Plan(Operation func)
    {
        var entry = func.Region(0).FirstBlock;
        var ret = entry.Operations.Last();
        var returned = new Dictionary<int, Operation>();
        foreach (var alloc in HostAllocations(entry))
        {
            if (IsDualView(alloc)) continue;
            var (escapes, slot) = Escape(alloc.Result(0), ret);
            if (escapes) continue;
            if (slot is { } k && alloc.Block == entry) returned[k] = alloc;
            else LapisAttributes.MarkReused(alloc);
        }
        if (!HasIntoForm(func, ret)) return;
        foreach (var (slot, alloc) in returned) LapisAttributes.SetResultSlot(alloc, slot);
        LapisAttributes.MarkInto(func);
        // Every result a fresh buffer (an allocation, or a view of one the printer copies out):
        // f = allocate the results + f_into.
        if (Enumerable.Range(0, ret.OperandCount).All(k => returned.ContainsKey(k) || IsCopiedView(ret.Operand(k))))
            LapisAttributes.MarkFreshResults(func);
    }

    /// <summary>
    /// The allocations host code makes: those of <paramref name="block"/> and of the regions of its
    /// host control flow, not those inside kernels. One in a loop body that does not escape (a
    /// yield escapes) is dead at the end of its iteration, so the next iteration may reuse its storage.
    /// </summary>
    private static IEnumerable<Operation> HostAllocations(Block block)
    {
        foreach (var op in block.Operations.ToArray())
        {
            if (op.Name == "memref.alloc") yield return op;
            if (op.Name is not ("scf.for" or "scf.while" or "scf.if" or "scf.index_switch" or "scf.execute_region")) continue;
            foreach (var b in op.Regions.SelectMany(r => r.Blocks))
                foreach (var alloc in HostAllocations(b)) yield return alloc;
        }
    }

    /// <summary>An allocation that host code and kernels share is a DualView (its own printer).</summary>
    private static bool IsDualView(Operation alloc) => LapisAttributes.GetPlacement(alloc) == "both";

    /// <summary>A returned view of an allocation of this function: the printer returns a copy (FunctionDefinitions.Owned).</summary>
    private static bool IsCopiedView(Value v)
    {
        var def = v.DefiningOp;
        while (!def.IsNull && OpEffects.View(def) == ViewKind.Alias) def = def.Operand(0).DefiningOp;
        if (def.IsNull || OpEffects.View(def) != ViewKind.Reshape) return false;
        var root = IrMatchers.ViewRoot(v).DefiningOp;
        return !root.IsNull && root.Name == "memref.alloc" && LapisAttributes.IsReused(root);
    }

    /// <summary>
    /// Whether a buffer outlives the call, and the result slot it is returned in as it is (through
    /// casts). A returned view of it (subview, reshape) does not make it outlive the call: the
    /// printer returns a copy. It escapes when it is returned as it is twice, or when a view of it
    /// leaves through a call, a region or another op's result.
    /// </summary>
    private static (bool Escapes, int? Slot) Escape(Value buffer, Operation ret)
    {
        int? slot = null;
        var work = new Stack<(Value Value, bool Whole)>();
        work.Push((buffer, true));
        var seen = new HashSet<Value>();
        while (work.Count > 0)
        {
            var (v, whole) = work.Pop();
            if (!seen.Add(v)) continue;
            foreach (var (user, operand) in v.Uses)
            {
                if (user == ret)
                {
                    if (!whole) continue;
                    if (slot is not null) return (true, null);
                    slot = operand;
                    continue;
                }
                if (OpEffects.View(user) == ViewKind.Alias) { work.Push((user.Result(0), whole)); continue; }
                if (OpEffects.View(user) == ViewKind.Reshape) { work.Push((user.Result(0), false)); continue; }
                // Any other op that hands a memref on (a call, scf.for/if/while results, a yield
                // out of a region, a select) may let the buffer outlive the call.
                if (user.Name is "scf.yield" or "scf.condition" or "gpu.yield" or "func.call" or "memref.realloc"
                    || user.Results.Any(r => r.Type.IsMemRef))
                    return (true, null);
            }
        }
        return (false, slot);
    }

    /// <summary>
    /// The output-argument form exists for a public device function whose results are all
    /// static-shape, identity-layout buffers (not sparse tensors).
    /// </summary>
    private static bool HasIntoForm(Operation func, Operation ret)
    {
        if (ret.OperandCount == 0 || !FuncOps.IsPublic(func) || FuncOps.SparseSignature(func) is not null) return false;
        if (LapisAttributes.GetMemorySpace(func) != "device") return false;
        return ret.Operands.All(v => v.Type.IsMemRef && v.Type.HasStaticShape && v.Type.HasIdentityLayout);
    }

    /// <summary>Functions that can reach themselves through calls (their buffers may be live twice).</summary>
    private static HashSet<Operation> Recursive(IReadOnlyList<Operation> functions)
    {
        var bySymbol = functions.ToDictionary(f => f.Attribute("sym_name").StringValue);
        var callees = functions.ToDictionary(f => f, f => f.Collect(o => o.Name == "func.call")
            .Select(c => c.Attribute("callee").FlatSymbolRefValue)
            .Where(bySymbol.ContainsKey).Select(s => bySymbol[s]).Distinct().ToArray());
        var result = new HashSet<Operation>();
        foreach (var f in functions)
        {
            var seen = new HashSet<Operation>();
            var work = new Stack<Operation>(callees[f]);
            while (work.Count > 0)
            {
                var g = work.Pop();
                if (g == f) { result.Add(f); break; }
                if (!seen.Add(g)) continue;
                foreach (var h in callees[g]) work.Push(h);
            }
        }
        return result;
    }
}

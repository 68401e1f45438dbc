using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-assign-memory-spaces. Input: functions after kokkos loop mapping. Output: each
/// func.func gets <c>lapis.memory_space = "device" | "host"</c>, and a "device" function whose host
/// code loops over buffer elements gets per-buffer placements with DualView syncs.
/// <list type="bullet">
/// <item>Host code touches buffer elements at most a few times (every load/store in a loop runs
/// inside a device kernel): "device". The few host-level loads/stores (the init and result of a
/// full reduction, a tensor.extract) are marked <c>lapis.host_access</c> and printed as
/// single-element copies between host and device.</item>
/// <item>Host code loops over buffer elements (a loop that calls, allocates or asserts, an
/// <c>scf.for</c>/<c>scf.while</c>, a serial sparse loop): still "device" — kernels keep running on
/// the device — and <see cref="BufferPlacement"/> places each buffer on the device, the host or
/// both, marks host code <c>lapis.host_side</c> and inserts <c>kokkos.sync</c>/<c>kokkos.modify</c>
/// where a buffer crosses (<see cref="DualViewSyncs"/>).</item>
/// <item>The old whole-function path, "host" (kernels and the launch parameters computed for them on the host execution space, host buffers,
/// an entry point mirroring device arguments), remains only where per-buffer placement does not
/// apply: host code loops over a buffer that is not an argument or an allocation of the function
/// (a global, a loop-carried or reallocated buffer — e.g. sparse insertion), or reaches an op the
/// placement does not model; then also every function that exchanges buffers with such a
/// function through calls (transitively), so callers and callees agree on the Views they pass.</item>
/// </list>
/// Either way no buffer is ever touched from the wrong memory space, on any backend.
/// </summary>
public sealed class AssignMemorySpacesPass : ExternalPass
{

    public override string Argument => "lapis-assign-memory-spaces";
    public override string Description => "Place each buffer on the device, the host or both (DualView) and insert kokkos.sync/modify where it crosses";

    public override void Run(Operation op, PassRun run)
    {
        // Team-level variants run inside the caller's kernel: device, and every access is in that kernel.
        foreach (var team in op.Collect(o => o.Name == "func.func" && LapisAttributes.IsTeamLevel(o)))
            LapisAttributes.SetMemorySpace(team, "device");
        var functions = FuncOps.Definitions(op).Where(f => !LapisAttributes.IsTeamLevel(f)).ToArray();
        var uses = functions.ToDictionary(f => f, BufferUses.Of);
        var needsHost = functions.ToDictionary(f => f, f => uses[f].Uses.Any(u => u.Space == BufferSpace.Host) && !CanPlacePerBuffer(f, uses[f]));
        // Functions that pass buffers to each other must agree on the space.
        var onHost = WithBufferPartners(functions, functions.Where(f => needsHost[f]));
        foreach (var func in functions)
        {
            var space = onHost.Contains(func) ? "host" : "device";
            var b = OpBuilder.For(func);
            LapisAttributes.SetMemorySpace(func, space);
            if (space == "host")
            {
                foreach (var kernel in func.Collect(o => IsKernelLaunch(o) || o.Name is "kokkos.vector_length" or "kokkos.vector_length_max" or "kokkos.concurrency"))
                    kernel.SetAttribute("execution_space", b.String("host"));
            }
            else if (uses[func].Uses.Any(u => u.Space == BufferSpace.Host))
            {
                if (BufferPlacement.TryPlace(func, uses[func]) is { } why)
                    throw new InvalidOperationException($"internal error: per-buffer placement of {func.Location} failed after its check: {why}");
            }
            else
            {
                foreach (var (access, _, _) in uses[func].SingleElement) LapisAttributes.MarkHostAccess(access);
            }
        }
    }

    /// <summary>
    /// <paramref name="seeds"/> and every function connected to one of them by calls that pass or
    /// return memrefs (in either direction, transitively). Calls with scalars only connect nothing.
    /// </summary>
    private static HashSet<Operation> WithBufferPartners(IReadOnlyList<Operation> functions, IEnumerable<Operation> seeds)
    {
        var bySymbol = functions.ToDictionary(f => f.Attribute("sym_name").StringValue);
        var partners = functions.ToDictionary(f => f, _ => new List<Operation>());
        foreach (var caller in functions)
        {
            foreach (var call in caller.Collect(o => o.Name == "func.call"))
            {
                if (!call.Operands.Concat(call.Results).Any(v => v.Type.IsMemRef)) continue;
                var callee = call.Attribute("callee");
                if (!callee.IsFlatSymbolRef || !bySymbol.TryGetValue(callee.FlatSymbolRefValue, out var target)) continue;
                partners[caller].Add(target);
                partners[target].Add(caller);
            }
        }
        var result = new HashSet<Operation>();
        var pending = new Stack<Operation>(seeds);
        while (pending.TryPop(out var f))
        {
            if (!result.Add(f)) continue;
            foreach (var p in partners[f]) pending.Push(p);
        }
        return result;
    }

    /// <summary>Whether <see cref="BufferPlacement"/> applies (checked before any function is changed).</summary>
    private static bool CanPlacePerBuffer(Operation func, BufferUses uses) => BufferPlacement.Check(func, uses) is null;

    /// <summary>A host-level load or store that runs a bounded number of times (not in any loop).</summary>
    public static bool IsSingleElementTransfer(Operation op)
    {
        if (OpEffects.Element(op) is not { IsAtomic: false }) return false;
        for (var p = op.ParentOperation; !p.IsNull && p.Name != "func.func"; p = p.ParentOperation)
            if (p.Name is "scf.for" or "scf.while" or "scf.parallel" or "scf.forall") return false;
        return true;
    }

    /// <summary>The ops that launch a kernel on their execution_space: parallel loops, tiled contractions, library calls.</summary>
    private static bool IsKernelLaunch(Operation op) =>
        op.Name is "kokkos.range_parallel" or "kokkos.team_parallel" or "kokkos.contraction" or "kokkos.convolution" or "kokkos.sliding_window" or "kokkos.blas_gemm" or "kokkos.blas_gemv";

    /// <summary>A kokkos.range_parallel / team_parallel on the device execution space.</summary>
    public static bool IsDeviceKernel(Operation op) =>
        IsKernelLaunch(op) && op.Attribute("execution_space") is var a && (a.IsNull || a.StringValue == "device");

    public static bool InsideDeviceKernel(Operation op)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (IsKernelLaunch(p))
                return p.Attribute("execution_space").StringValue == "device";
        return false;
    }
}

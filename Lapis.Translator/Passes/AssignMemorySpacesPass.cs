using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-assign-memory-spaces. Input: functions after kokkos loop mapping. Output: each
/// func.func gets <c>lapis.memory_space = "device" | "host"</c>.
/// A function is "device" when host code touches buffer elements at most a few times: every
/// load/store in a loop runs inside a device kernel, and the few host-level loads/stores (the
/// init and result of a full reduction, a tensor.extract) are marked <c>lapis.host_access</c>
/// and printed as single-element copies between host and device. Its buffers live in the
/// default execution space's memory. Otherwise (host code loops over buffer elements) it is
/// "host": its kernels (and the launch parameters computed for them) use the host execution
/// space and its buffers are host memory; its
/// entry point mirrors device arguments to the host and back (free where they share memory).
/// Either way no buffer is ever touched from the wrong memory space, on any backend.
/// </summary>
public sealed class AssignMemorySpacesPass : ExternalPass
{
    public const string AttributeName = "lapis.memory_space";
    public const string HostAccessAttribute = "lapis.host_access";

    public override string Argument => "lapis-assign-memory-spaces";
    public override string Description => "Decide per function whether buffers live on the device or the host";

    public override void Run(Operation op, PassRun run)
    {
        // Team-level variants run inside the caller's kernel: device, and every access is in that kernel.
        foreach (var team in op.Collect(o => o.Name == "func.func" && o.HasAttribute(TeamLevelVariantsPass.TeamLevelAttribute)))
            team.SetAttribute(AttributeName, OpBuilder.For(team).String("device"));
        var functions = op.Collect(o => o.Name == "func.func" && o.Region(0).Blocks.Count > 0 && !o.HasAttribute(TeamLevelVariantsPass.TeamLevelAttribute));
        var hostAccesses = functions.ToDictionary(f => f, f => f.Collect(o => IsElementAccess(o) && !InsideDeviceKernel(o)));
        var needsHost = functions.ToDictionary(f => f, f => hostAccesses[f].Any(a => !IsSingleElementTransfer(a)));
        // Functions that call each other pass buffers along: they must agree on the space.
        var calls = op.Collect(o => o.Name == "func.call").Count > 0;
        var anyHost = needsHost.Values.Any(h => h);
        foreach (var func in functions)
        {
            var space = needsHost[func] || (calls && anyHost) ? "host" : "device";
            var b = OpBuilder.For(func);
            func.SetAttribute(AttributeName, b.String(space));
            if (space == "host")
            {
                foreach (var kernel in func.Collect(o => o.Name is "kokkos.range_parallel" or "kokkos.team_parallel" or "kokkos.vector_length" or "kokkos.vector_length_max"))
                    kernel.SetAttribute("execution_space", b.String("host"));
            }
            else
            {
                foreach (var access in hostAccesses[func]) access.SetAttribute(HostAccessAttribute, b.Unit);
            }
        }
    }

    /// <summary>Ops that read or write memref elements (as opposed to metadata such as memref.dim).</summary>
    public static bool IsElementAccess(Operation op) => op.Name is "memref.load" or "memref.store" or "memref.atomic_rmw" or "memref.generic_atomic_rmw";

    /// <summary>A host-level load or store that runs a bounded number of times (not in any loop).</summary>
    private static bool IsSingleElementTransfer(Operation op)
    {
        if (op.Name is not ("memref.load" or "memref.store")) return false;
        for (var p = op.ParentOperation; !p.IsNull && p.Name != "func.func"; p = p.ParentOperation)
            if (p.Name is "scf.for" or "scf.while" or "scf.parallel" or "scf.forall") return false;
        return true;
    }

    private static bool InsideDeviceKernel(Operation op)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (p.Name is "kokkos.range_parallel" or "kokkos.team_parallel")
                return p.Attribute("execution_space").StringValue == "device";
        return false;
    }
}

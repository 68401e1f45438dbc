using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-assign-memory-spaces. Input: functions after kokkos loop mapping. Output: each
/// func.func gets <c>lapis.memory_space = "device" | "host"</c>.
/// A function is "device" when host code never touches memref elements: every load/store
/// runs inside a device kernel, so all its buffers live in the default execution space's
/// memory and no data crosses. Otherwise it is "host": its kernels run on the host execution
/// space and its buffers are host memory; the generated entry point mirrors device arguments
/// to the host and back (a no-op copy where host and device share memory). The decision is
/// per function so that a buffer is never used from the wrong space, on any backend.
/// </summary>
public sealed class AssignMemorySpacesPass : ExternalPass
{
    public const string AttributeName = "lapis.memory_space";

    public override string Argument => "lapis-assign-memory-spaces";
    public override string Description => "Decide per function whether buffers live on the device or the host";

    public override void Run(Operation op, PassRun run)
    {
        var functions = op.Collect(o => o.Name == "func.func" && o.Region(0).Blocks.Count > 0);
        var needsHost = functions.ToDictionary(f => f, f => f.Collect(o => IsElementAccess(o) && !InsideDeviceKernel(o)).Count > 0);
        // Functions that call each other pass buffers along: they must agree on the space.
        var calls = op.Collect(o => o.Name == "func.call").Count > 0;
        var anyHost = needsHost.Values.Any(h => h);
        foreach (var func in functions)
        {
            var space = needsHost[func] || (calls && anyHost) ? "host" : "device";
            var b = OpBuilder.For(func);
            func.SetAttribute(AttributeName, b.String(space));
            if (space == "host")
                foreach (var kernel in func.Collect(o => o.Name is "kokkos.range_parallel" or "kokkos.team_parallel"))
                    kernel.SetAttribute("execution_space", b.String("host"));
        }
    }

    /// <summary>Ops that read or write memref elements (as opposed to metadata such as memref.dim).</summary>
    public static bool IsElementAccess(Operation op) => op.Name is "memref.load" or "memref.store" or "memref.atomic_rmw" or "memref.generic_atomic_rmw";

    private static bool InsideDeviceKernel(Operation op)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (p.Name is "kokkos.range_parallel" or "kokkos.team_parallel")
                return p.Attribute("execution_space").StringValue == "device";
        return false;
    }
}

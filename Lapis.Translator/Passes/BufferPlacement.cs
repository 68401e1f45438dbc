using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// Per-buffer memory spaces for one function whose host code loops over buffer elements
/// (called by <see cref="AssignMemorySpacesPass"/>). Each buffer (function argument or
/// <c>memref.alloc</c>/<c>alloca</c>, with every view of it) gets a placement: device (touched
/// only by device uses, see <see cref="BufferUses"/>: nothing to mark), host (only by host code:
/// <c>lapis.placement = "host"</c> on the alloc) or both (<c>lapis.placement = "both"</c> on the
/// alloc or as an argument attribute): a DualView whose crossings
/// <see cref="DualViewSyncs"/> marks with <c>kokkos.sync</c>/<c>kokkos.modify</c>. Ops printed
/// with host Views get <c>lapis.host_side</c>; views of host/both buffers say which of the two
/// Views they need with <c>lapis.placement</c> ("host", or "both" for a device and a host View).
/// </summary>
public static class BufferPlacement
{

    /// <summary>
    /// Places the buffers of <paramref name="func"/> and inserts the syncs; null on success,
    /// else why per-buffer placement does not apply (nothing is changed then).
    /// </summary>
    public static string? TryPlace(Operation func, BufferUses uses)
    {
        if (Check(func, uses) is { } why) return why;
        var hostRoots = HostRoots(uses);

        // A host-level single-element access of a buffer the host already loops over is host code too.
        var all = new List<BufferUse>(uses.Uses);
        foreach (var (op, root, writes) in uses.SingleElement)
        {
            if (hostRoots.Contains(root)) all.Add(new BufferUse(op, root, BufferSpace.Host, writes));
            else
            {
                LapisAttributes.MarkHostAccess(op);
                all.Add(new BufferUse(op, root, BufferSpace.Device, writes));
            }
        }

        var placements = new Dictionary<Value, string>();
        foreach (var root in hostRoots)
        {
            var device = all.Any(u => u.Root == root && u.Space == BufferSpace.Device);
            placements[root] = device || IsArgument(func, root) ? "both" : "host";
        }

        // Arguments the host writes go back to the device before the function returns.
        var entry = func.Region(0).FirstBlock;
        var ret = entry.Terminator;
        foreach (var (root, placement) in placements)
        {
            if (placement == "both" && IsArgument(func, root) && all.Any(u => u.Root == root && u.Space == BufferSpace.Host && u.Writes))
                all.Add(new BufferUse(ret, root, BufferSpace.Device, false));
        }

        foreach (var use in all.Where(u => u.Space == BufferSpace.Host && u.Op.Name != "func.return"))
            LapisAttributes.MarkHostSide(use.Op);
        foreach (var (root, placement) in placements)
        {
            if (IsArgument(func, root)) LapisAttributes.SetArgumentPlacement(func, root.ArgumentNumber, placement);
            else LapisAttributes.SetPlacement(root.DefiningOp, placement);
            MarkViews(root, placement);
            if (placement == "both") DualViewSyncs.Insert(func, root, all.Where(u => u.Root == root).ToList());
        }
        CheckNoHostAccessToDeviceBuffers(func, placements);
        return null;
    }

    /// <summary>Why per-buffer placement does not apply to <paramref name="func"/>, or null when it does.</summary>
    public static string? Check(Operation func, BufferUses uses)
    {
        foreach (var root in HostRoots(uses))
        {
            if (uses.Opaque.Contains(root)) return "a buffer host code loops over also reaches an op that is not modelled (yield, realloc, ...)";
            if (!IsArgument(func, root) && !IsAllocation(root)) return "host code loops over a buffer that is neither an argument nor an allocation";
        }
        return null;
    }

    private static HashSet<Value> HostRoots(BufferUses uses) =>
        uses.Uses.Where(u => u.Space == BufferSpace.Host).Select(u => u.Root).ToHashSet();

    private static bool IsArgument(Operation func, Value root) =>
        root.IsBlockArgument && root.OwnerBlock == func.Region(0).FirstBlock;

    private static bool IsAllocation(Value root) =>
        root.IsOpResult && root.DefiningOp.Name is "memref.alloc" or "memref.alloca";

    /// <summary>Marks every view of <paramref name="root"/> with the Views it needs (see the class summary).</summary>
    private static void MarkViews(Value root, string placement)
    {
        foreach (var (user, _) in root.Uses)
        {
            if (!OpEffects.IsView(user)) continue;
            var (host, device) = Needs(user.Result(0));
            var mark = placement == "host" ? "host" : host && device ? "both" : host ? "host" : null;
            if (mark is not null) LapisAttributes.SetPlacement(user, mark);
            MarkViews(user.Result(0), placement);
        }
    }

    /// <summary>Whether a view is used by host-side ops and by device-side ops (kernels, copies, calls, returns).</summary>
    private static (bool Host, bool Device) Needs(Value view)
    {
        var (host, device) = (false, false);
        foreach (var (user, _) in view.Uses)
        {
            if (OpEffects.IsView(user))
            {
                var (h, d) = Needs(user.Result(0));
                host |= h;
                device |= d;
            }
            else if (LapisAttributes.IsHostSide(user)) host = true;
            else if (OpEffects.IsMetadata(user)) device |= AssignMemorySpacesPass.InsideDeviceKernel(user);
            else device = true;
        }
        return (host, device);
    }

    /// <summary>Host code never touches a device-only buffer (an internal error, not a user error).</summary>
    private static void CheckNoHostAccessToDeviceBuffers(Operation func, Dictionary<Value, string> placements)
    {
        foreach (var op in func.Collect(LapisAttributes.IsHostSide))
        {
            foreach (var operand in op.Operands.Where(v => v.Type.IsMemRef))
            {
                if (!placements.ContainsKey(IrMatchers.ViewRoot(operand)))
                    throw new InvalidOperationException($"internal error: host code at {op.Location} touches a buffer that lives only on the device");
            }
        }
    }
}

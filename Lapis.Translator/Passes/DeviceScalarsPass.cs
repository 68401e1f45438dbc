using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-device-scalars. Input: functions after lapis-kokkos-loop-mapping (before memory spaces
/// and the memory plan). Output: a device sum reduction whose result only kernels need (CG's
/// <c>p·Ap</c> → <c>alpha = rr / pAp</c> → the axpy kernels) no longer comes back to the host: it
/// reduces into a buffer on the device (<c>kokkos.reduce_into</c>: Kokkos' asynchronous
/// <c>parallel_reduce</c> into a View), and each kernel that uses it, or a value the host computed
/// from it (<c>alpha</c>), loads it there and recomputes that value (a few flops per thread in
/// place of a fence and a device-to-host copy per reduction). A value carried by an scf.for from
/// one iteration to the next (CG's <c>rr</c>) lives in a two-slot buffer: iteration k reads slot
/// k mod 2 and reduces the next value into the other one. The members are those of
/// <see cref="DeviceScalarCandidates"/>; every other scalar (one the host needs: a returned dot, a
/// loop bound, a branch) keeps its host reduction, so host code is unchanged.
/// </summary>
public sealed class DeviceScalarsPass : ExternalPass
{
    public override string Argument => "lapis-device-scalars";
    public override string Description => "Keep reduction results only kernels use on the device (reduce into a View; kernels recompute what the host derived from them)";

    public override void Run(Operation op, PassRun run)
    {
        foreach (var func in FuncOps.Definitions(op).Where(f => !LapisAttributes.IsTeamLevel(f)))
            Rewrite(DeviceScalarCandidates.Of(func));
    }

    /// <summary>Where a reduction result lives on the device: a buffer and the indices of its element.</summary>
    private readonly record struct Home(Value Buffer, Value[] Indices);

    private static void Rewrite(DeviceScalarCandidates members)
    {
        var reductions = members.Reductions.Where(r => r.Result(0).HasUses).ToArray();
        if (reductions.Length == 0) return;
        var homes = new Dictionary<Operation, Home>();
        var slotsOf = new Dictionary<CarriedDeviceScalar, (Value Slots, Value Current)>();
        foreach (var carried in members.Carried)
        {
            var (slots, current, next) = Slots(carried);
            slotsOf[carried] = (slots, current);
            var b = OpBuilder.For(carried.Loop);
            homes[carried.InitReduction] = new Home(slots, [b.IndexConstant(0, carried.Loop.Location, carried.InitReduction)]);
            homes[carried.NextReduction] = new Home(slots, [next]);
        }
        foreach (var reduction in reductions.Where(r => !homes.ContainsKey(r)))
            homes[reduction] = new Home(Allocate(reduction, reduction.Result(0).Type, null, "device_sum"), []);
        foreach (var (reduction, home) in homes)
        {
            var into = OpBuilder.For(reduction).Create("kokkos.reduce_into", reduction.Location, [reduction.Result(0), home.Buffer, .. home.Indices]);
            reduction.Block.InsertBefore(reduction.Next, into);
        }

        Rematerialize(members, homes, members.Carried.ToDictionary(c => c.IterArg, c => slotsOf[c]));

        var yields = members.Carried.Select(c => c.Loop).Distinct().ToArray();
        foreach (var loop in yields) ForIterArgs.DropYielded(loop, members.Carried.Where(c => c.Loop == loop).Select(c => c.Index).ToArray());
        EraseDeadChains(members);
        // The block arguments go with the iter_args: no member may refer to them afterwards.
        foreach (var c in members.Carried) members.Values.Remove(c.IterArg);
        foreach (var loop in yields) ForIterArgs.Drop(loop, members.Carried.Where(c => c.Loop == loop).Select(c => c.Index).ToArray());
        EraseDeadChains(members);
    }

    /// <summary>
    /// The two-slot buffer of a carried scalar (allocated before its init reduction) and, at the top
    /// of the loop body, the slot this iteration reads (its parity) and the one it fills.
    /// </summary>
    private static (Value Slots, Value Current, Value Next) Slots(CarriedDeviceScalar carried)
    {
        var loop = carried.Loop;
        var type = carried.IterArg.Type;
        var slots = Allocate(carried.InitReduction, type, 2, "carried_sums");
        var b = OpBuilder.For(loop);
        var body = loop.Region(0).FirstBlock;
        var anchor = body.FirstOperation;
        var loc = loop.Location;
        Value Index(string name, string? named, params Value[] operands)
        {
            var op = b.Create(name, named is null ? loc : loc.Named(named), operands, [b.Index]);
            body.InsertBefore(anchor, op);
            return op.Result(0);
        }
        var one = b.IndexConstant(1, loc, anchor);
        var two = b.IndexConstant(2, loc, anchor);
        // The iteration number (iv - lb) / step; lower bound 0 and step 1 need neither.
        var iteration = body.Argument(0);
        if (!IrMatchers.IsConstant(loop.Operand(0), 0)) iteration = Index("arith.subi", null, iteration, loop.Operand(0));
        if (!IrMatchers.IsConstant(loop.Operand(2), 1)) iteration = Index("arith.divui", null, iteration, loop.Operand(2));
        var current = Index("arith.remui", "slot", iteration, two);
        var next = Index("arith.subi", "next_slot", one, current);
        return (slots, current, next);
    }

    /// <summary>A 0-d (or <paramref name="slots"/>-element) device buffer of <paramref name="element"/>, allocated before <paramref name="anchor"/>.</summary>
    private static Value Allocate(Operation anchor, Type element, int? slots, string name)
    {
        var b = OpBuilder.For(anchor);
        var type = b.ParseType(slots is { } n ? $"memref<{n}x{element}>" : $"memref<{element}>");
        var alloc = b.Create("memref.alloc", anchor.Location.Named(name), [], [type], [("operandSegmentSizes", b.ParseAttribute("array<i32: 0, 0>"))]);
        anchor.Block.InsertBefore(anchor, alloc);
        return alloc.Result(0);
    }

    /// <summary>
    /// In every region of a device kernel that uses a member: the member loaded from its home (a
    /// reduction result, a carried value's current slot) or recomputed from the members it depends
    /// on (a chain op, cloned), once per region at its top; the uses there then take the local value.
    /// </summary>
    private static void Rematerialize(DeviceScalarCandidates members, Dictionary<Operation, Home> homes, Dictionary<Value, (Value Slots, Value Current)> carried)
    {
        var sites = new Dictionary<Block, Site>();
        foreach (var member in members.Values.ToArray())
        {
            foreach (var (user, operand) in member.Uses)
            {
                if (DeviceScalarCandidates.OutermostDeviceKernel(user) is not { } kernel) continue;
                var entry = RegionEntry(kernel, user);
                // Insert before the block's first op as it was when the region was first visited, so
                // that what one member needs comes before it.
                if (!sites.TryGetValue(entry, out var site)) sites[entry] = site = new Site(entry, entry.FirstOperation, []);
                user.SetOperand(operand, site.Materialize(member, members, homes, carried));
            }
        }
    }

    /// <summary>The entry block of the region of <paramref name="kernel"/> that holds <paramref name="op"/>.</summary>
    private static Block RegionEntry(Operation kernel, Operation op)
    {
        var a = op;
        while (a.ParentOperation != kernel) a = a.ParentOperation;
        return a.Block.ParentRegion.FirstBlock;
    }

    /// <summary>The members one kernel region has recomputed, inserted before <paramref name="Anchor"/>.</summary>
    private sealed record Site(Block Entry, Operation Anchor, Dictionary<Value, Value> Local)
    {
        public Value Materialize(Value member, DeviceScalarCandidates members, Dictionary<Operation, Home> homes, Dictionary<Value, (Value Slots, Value Current)> carried)
        {
            if (Local.TryGetValue(member, out var done)) return done;
            var b = OpBuilder.For(Anchor);
            Operation made;
            if (carried.TryGetValue(member, out var slot))
                made = b.Create("memref.load", Anchor.Location, [slot.Slots, slot.Current], [member.Type]);
            else if (member.IsOpResult && homes.TryGetValue(member.DefiningOp, out var home))
                made = b.Create("memref.load", Anchor.Location, [home.Buffer, .. home.Indices], [member.Type]);
            else
            {
                made = member.DefiningOp.Clone();
                for (var i = 0; i < made.OperandCount; i++)
                    if (members.Values.Contains(made.Operand(i)))
                        made.SetOperand(i, Materialize(made.Operand(i), members, homes, carried));
            }
            Entry.InsertBefore(Anchor, made);
            Local[member] = made.Result(0);
            return made.Result(0);
        }
    }

    /// <summary>Host-level chain ops of the members that nothing uses any more (until none is left).</summary>
    private static void EraseDeadChains(DeviceScalarCandidates members)
    {
        for (var erased = true; erased;)
        {
            erased = false;
            foreach (var v in members.Values.Where(v => v.IsOpResult && DeviceScalarCandidates.IsChainOp(v.DefiningOp) && !v.HasUses).ToArray())
            {
                members.Values.Remove(v);
                v.DefiningOp.Erase();
                erased = true;
            }
        }
    }
}

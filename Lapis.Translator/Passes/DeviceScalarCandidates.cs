using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// A loop-carried device scalar of <see cref="DeviceScalarCandidates"/>: iter_arg
/// <paramref name="Index"/> of the scf.for <paramref name="Loop"/>, whose initial value is
/// (up to the <c>0.0 + r</c> join of an init, see <see cref="DeviceScalarCandidates.Reduction"/>)
/// the result of <paramref name="InitReduction"/> and whose next value that of
/// <paramref name="NextReduction"/>. Both reduce into a two-slot buffer, alternating with the
/// iteration's parity.
/// </summary>
public sealed record CarriedDeviceScalar(Operation Loop, int Index, Operation InitReduction, Operation NextReduction)
{
    public Value IterArg => Loop.Region(0).FirstBlock.Argument(1 + Index);
    public Value Init => Loop.Operand(3 + Index);
    public Value Yielded => Loop.Region(0).FirstBlock.Terminator.Operand(Index);
}

/// <summary>
/// The scalars of one function that can stay on the device (see <see cref="DeviceScalarsPass"/>):
/// the results of device sum reductions (f32/f64, one result), the host-level arith/math chains
/// computed from them, and scf.for iter_args carrying such a result from one iteration to the
/// next, such that every use of each of them is inside a device kernel or by another member (a
/// chain op, the carried value's init or yield). Found as the largest such set: candidates whose
/// uses are not all legal are dropped until none is.
/// </summary>
public sealed class DeviceScalarCandidates
{
    public HashSet<Value> Values { get; } = [];

    public List<CarriedDeviceScalar> Carried { get; } = [];

    /// <summary>The members that are reduction results (each gets a home buffer).</summary>
    public IEnumerable<Operation> Reductions => Values.Where(v => v.IsOpResult && IsDeviceSum(v.DefiningOp)).Select(v => v.DefiningOp);

    public static DeviceScalarCandidates Of(Operation func)
    {
        var result = new DeviceScalarCandidates();
        func.Walk(op =>
        {
            if (op == func) return WalkResult.Advance;
            if (AssignMemorySpacesPass.IsDeviceKernel(op))
            {
                if (IsDeviceSum(op)) result.Values.Add(op.Result(0));
                return WalkResult.Skip;
            }
            if (IsChainOp(op) && op.Operands.Any(result.Values.Contains)) result.Values.Add(op.Result(0));
            if (op.Name == "scf.for") result.AddCarried(op);
            return WalkResult.Advance;
        }, WalkOrder.PreOrder);
        result.DropIllegal();
        return result;
    }

    /// <summary>
    /// A device <c>kokkos.range_parallel</c> (not nested in another kernel) whose one result is a
    /// plain f32/f64 sum: Kokkos reduces it into a View as well as into a host variable.
    /// </summary>
    public static bool IsDeviceSum(Operation op)
    {
        if (op.Name != "kokkos.range_parallel" || op.ResultCount != 1 || !AssignMemorySpacesPass.IsDeviceKernel(op)) return false;
        if (KernelRegions.IsInsideKernel(op)) return false;
        var type = op.Result(0).Type;
        if (!type.IsF32 && !type.IsF64) return false;
        var updates = op.Region(0).FirstBlock.Operations.Where(o => o.Name == "kokkos.update_reduction").ToArray();
        return updates.Length == 1 && updates[0].Attribute("kind").StringValue == ReductionKind.Sum;
    }

    /// <summary>
    /// The device sum reduction whose result <paramref name="v"/> is: the result itself, or the join
    /// <c>arith.addf +0.0, r</c> of an init 0 after it, which is <c>r</c> exactly (Kokkos' sum starts
    /// from +0.0, so its result is never -0.0 and adding +0.0 changes no bit). Else null.
    /// </summary>
    public static Operation? Reduction(Value v)
    {
        var def = v.DefiningOp;
        if (def.IsNull) return null;
        if (IsDeviceSum(def)) return def;
        if (def.Name != "arith.addf") return null;
        for (var k = 0; k < 2; k++)
        {
            var other = def.Operand(1 - k).DefiningOp;
            if (IsPositiveZero(def.Operand(k)) && !other.IsNull && IsDeviceSum(other)) return other;
        }
        return null;
    }

    private static bool IsPositiveZero(Value v)
    {
        var def = v.DefiningOp;
        if (def.IsNull || def.Name != "arith.constant") return false;
        var value = def.Attribute("value");
        return value.IsFloat && value.FloatValue == 0.0 && !double.IsNegative(value.FloatValue);
    }

    /// <summary>A host-level pure scalar op a kernel can recompute: arith/math, one scalar result, no regions.</summary>
    public static bool IsChainOp(Operation op)
    {
        if (!(op.Name.StartsWith("arith.", StringComparison.Ordinal) || op.Name.StartsWith("math.", StringComparison.Ordinal))) return false;
        if (op.RegionCount != 0 || op.ResultCount != 1 || op.Name == "arith.constant") return false;
        var type = op.Result(0).Type;
        return (type.IsFloat || type.IsInteger || type.IsIndex) && op.Operands.All(o => !o.Type.IsMemRef);
    }

    private void AddCarried(Operation loop)
    {
        var body = loop.Region(0).FirstBlock;
        var yield = body.Terminator;
        for (var k = 0; k < loop.ResultCount; k++)
        {
            if (loop.Result(k).HasUses) continue;
            var init = Reduction(loop.Operand(3 + k));
            var next = Reduction(yield.Operand(k));
            if (init is not { } i || next is not { } n || i == n) continue;
            if (IrMatchers.IsNestedIn(i, loop) || !IrMatchers.IsNestedIn(n, loop)) continue;
            if (!UsedOnlyBefore(i.Result(0), loop) || Carried.Any(c => c.InitReduction == i || c.NextReduction == n || c.InitReduction == n || c.NextReduction == i)) continue;
            Carried.Add(new CarriedDeviceScalar(loop, k, i, n));
            Values.Add(body.Argument(1 + k));
        }
    }

    /// <summary>
    /// The init reduction's home slot is overwritten by the loop's second iteration: its result (and
    /// its <c>+0.0</c> join) may be used only by the loop's init and by ops before the loop.
    /// </summary>
    private static bool UsedOnlyBefore(Value result, Operation loop)
    {
        foreach (var (user, operand) in result.Uses)
        {
            if (user == loop && operand >= 3) continue;
            if (user.Name == "arith.addf" && Reduction(user.Result(0)) is not null)
            {
                if (!UsedOnlyBefore(user.Result(0), loop)) return false;
                continue;
            }
            if (!Precedes(user, loop)) return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="op"/> (or its ancestor in <paramref name="loop"/>'s block) comes before the loop.</summary>
    private static bool Precedes(Operation op, Operation loop)
    {
        var a = op;
        while (!a.IsNull && a.Block != loop.Block) a = a.ParentOperation;
        if (a.IsNull || a == loop) return false;
        for (var o = a.Next; !o.IsNull; o = o.Next)
            if (o == loop) return true;
        return false;
    }

    private void DropIllegal()
    {
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var c in Carried.ToArray())
            {
                if (Values.Contains(c.IterArg) && Values.Contains(c.Init) && Values.Contains(c.Yielded)
                    && Values.Contains(c.InitReduction.Result(0)) && Values.Contains(c.NextReduction.Result(0))) continue;
                Carried.Remove(c);
                Values.Remove(c.IterArg);
                changed = true;
            }
            foreach (var v in Values.ToArray())
            {
                if (v.Uses.All(u => IsLegalUse(u.Owner, u.OperandNumber))) continue;
                Values.Remove(v);
                changed = true;
            }
        }
    }

    private bool IsLegalUse(Operation user, int operand)
    {
        if (InsideDeviceKernel(user)) return true;
        if (IsChainOp(user) && Values.Contains(user.Result(0))) return true;
        if (user.Name == "scf.for") return Carried.Any(c => c.Loop == user && operand == 3 + c.Index);
        if (user.Name == "scf.yield" && user.ParentOperation is var loop && loop.Name == "scf.for")
            return Carried.Any(c => c.Loop == loop && operand == c.Index);
        return false;
    }

    /// <summary>Whether <paramref name="op"/> is nested in the body of a device kernel (not an operand of its launch).</summary>
    public static bool InsideDeviceKernel(Operation op) => OutermostDeviceKernel(op) is not null;

    /// <summary>The outermost device kernel whose body holds <paramref name="op"/>, or null.</summary>
    public static Operation? OutermostDeviceKernel(Operation op)
    {
        Operation? kernel = null;
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (AssignMemorySpacesPass.IsDeviceKernel(p)) kernel = p;
        return kernel;
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-hoist-invariant-kernels. Input: functions after lapis-kokkos-loop-mapping. Output: what
/// the body of a host <c>scf.for</c> computes the same way in every iteration moves before the
/// loop — pure host scalars (arith/math, <c>memref.dim</c>, views, the launch-parameter queries
/// <c>kokkos.vector_length</c>/<c>vector_length_max</c>/<c>concurrency</c>) whose operands are
/// invariant, and device reductions that write nothing, whose operands and captured values are
/// invariant and whose every buffer no op of the loop writes. In CG this is the row-length
/// statistic the SpMV's mapping decides on: the matrix does not change between iterations, so
/// neither does the decision, and the loop no longer waits for a host reduction every iteration.
/// Upstream's loop-invariant-code-motion cannot do this: kokkos ops (IRDL) declare no effects.
/// Only ops directly in the loop body move; a loop that runs zero times then runs them once,
/// which changes nothing (they only read buffers the function has).
/// </summary>
public sealed class HoistInvariantKernelsPass : ExternalPass
{
    public override string Argument => "lapis-hoist-invariant-kernels";
    public override string Description => "Move loop-invariant host scalars and read-only device reductions out of host scf.for loops";

    public override void Run(Operation op, PassRun run)
    {
        foreach (var func in FuncOps.Definitions(op).Where(f => !LapisAttributes.IsTeamLevel(f)))
        {
            // Inner loops first: what leaves an inner loop may then leave the outer one.
            foreach (var loop in func.Collect(o => o.Name == "scf.for" && !KernelRegions.IsInsideKernel(o)).Reverse())
                Hoist(func, loop);
        }
    }

    private static void Hoist(Operation func, Operation loop)
    {
        var written = WrittenRoots(loop);
        // A function argument may alias another one; allocations alias nothing.
        var writesArguments = written.Any(r => !IsAllocation(r));
        var invariant = new HashSet<Value>();
        bool IsInvariant(Value v) => invariant.Contains(v) || !IrMatchers.IsDefinedIn(v, loop);
        var body = loop.Region(0).FirstBlock;
        foreach (var op in body.Operations.ToArray())
        {
            if (op == body.Terminator) break;
            if (!op.Operands.All(IsInvariant)) continue;
            if (!IsPureHostScalar(op) && !IsReadOnlyReduction(op, IsInvariant, written, writesArguments)) continue;
            op.MoveBefore(loop);
            foreach (var r in op.Results) invariant.Add(r);
        }
    }

    /// <summary>The buffers (view roots) some op in <paramref name="loop"/> may write.</summary>
    private static HashSet<Value> WrittenRoots(Operation loop)
    {
        var written = new HashSet<Value>();
        foreach (var op in loop.Collect())
            for (var i = 0; i < op.OperandCount; i++)
                if (op.Operand(i).Type.IsMemRef && OpEffects.WritesOperand(op, i))
                    written.Add(IrMatchers.ViewRoot(op.Operand(i)));
        return written;
    }

    private static bool IsAllocation(Value root) =>
        root.IsOpResult && root.DefiningOp.Name is "memref.alloc" or "memref.alloca";

    private static bool IsPureHostScalar(Operation op)
    {
        if (op.RegionCount != 0) return false;
        if (op.Name is "memref.dim" or "kokkos.vector_length" or "kokkos.vector_length_max" or "kokkos.concurrency") return true;
        if (OpEffects.View(op) is ViewKind.Alias or ViewKind.Reshape) return true;
        if (IntegerDivisions.Contains(op.Name)) return IsNonZero(op.Operand(1));
        return op.Name == "arith.constant" || DeviceScalarCandidates.IsChainOp(op);
    }

    /// <summary>Integer divisions trap (or are undefined) on a zero divisor: hoisted only when it cannot be zero.</summary>
    private static readonly HashSet<string> IntegerDivisions = new(StringComparer.Ordinal)
        { "arith.divsi", "arith.divui", "arith.remsi", "arith.remui", "arith.ceildivsi", "arith.ceildivui", "arith.floordivsi" };

    /// <summary>
    /// Whether <paramref name="v"/> is never zero, by its form: a non-zero constant, a max with a
    /// positive constant, a select of two such values, a vector length (≥ 1).
    /// </summary>
    private static bool IsNonZero(Value v)
    {
        if (IrMatchers.ConstantInt(v) is { } c) return c != 0;
        var def = v.DefiningOp;
        if (def.IsNull) return false;
        return def.Name switch
        {
            "arith.maxsi" => new[] { def.Operand(0), def.Operand(1) }.Any(o => IrMatchers.ConstantInt(o) is > 0),
            "arith.maxui" => new[] { def.Operand(0), def.Operand(1) }.Any(o => IrMatchers.ConstantInt(o) is not null and not 0),
            "arith.select" => IsNonZero(def.Operand(1)) && IsNonZero(def.Operand(2)),
            "kokkos.vector_length" or "kokkos.vector_length_max" => true,
            _ => false,
        };
    }

    /// <summary>
    /// A device <c>kokkos.range_parallel</c> with results (a reduction) that writes and allocates
    /// nothing, whose body uses only invariant values from outside it, and reads no buffer the loop writes.
    /// </summary>
    private static bool IsReadOnlyReduction(Operation op, Func<Value, bool> isInvariant, HashSet<Value> written, bool writesArguments)
    {
        if (op.Name != "kokkos.range_parallel" || op.ResultCount == 0 || !AssignMemorySpacesPass.IsDeviceKernel(op)) return false;
        if (OpEffects.WritesMemory(op)) return false;
        foreach (var inner in op.Collect())
        {
            if (inner != op && (OpEffects.Has(inner, MemoryEffect.Allocate) || OpEffects.IsCall(inner))) return false;
            foreach (var v in inner.Operands)
            {
                if (IrMatchers.IsDefinedIn(v, op)) continue;
                if (!isInvariant(v)) return false;
                if (!v.Type.IsMemRef) continue;
                var root = IrMatchers.ViewRoot(v);
                if (written.Contains(root) || (!IsAllocation(root) && writesArguments)) return false;
            }
        }
        return true;
    }
}

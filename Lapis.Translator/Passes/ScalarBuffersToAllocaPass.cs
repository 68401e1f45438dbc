using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-scalar-buffers-to-alloca. Input: bufferized functions where a 0-d <c>memref.alloc</c> is
/// only stored to and loaded from in its own block (a reduction's init and result: the 0-d tensor
/// of <c>linalg.dot</c> or a full sum, read back with <c>tensor.extract</c>). Output: that buffer as
/// <c>memref.alloca</c> (its deallocs dropped), which upstream <c>mem2reg</c> then turns into SSA
/// values: the scalar stays a register, with no device buffer and no host↔device copies.
/// </summary>
public sealed class ScalarBuffersToAllocaPass : ExternalPass
{
    public override string Argument => "lapis-scalar-buffers-to-alloca";
    public override string Description => "Make 0-d buffers that are only loaded and stored in their block allocas (for mem2reg)";

    public override void Run(Operation op, PassRun run)
    {
        foreach (var alloc in op.Collect(o => o.Name == "memref.alloc" && o.OperandCount == 0 && o.Result(0).Type.Rank == 0 && OnlyLoadsAndStores(o)))
        {
            var b = OpBuilder.For(alloc);
            var alloca = b.Create("memref.alloca", alloc.Location, [], [alloc.Result(0).Type],
                [("operandSegmentSizes", b.ParseAttribute("array<i32: 0, 0>"))]);
            alloc.Block.InsertBefore(alloc, alloca);
            foreach (var dealloc in alloc.Result(0).Uses.Select(u => u.Owner).Where(u => u.Name == "memref.dealloc").ToArray()) dealloc.Erase();
            alloc.Result(0).ReplaceAllUsesWith(alloca.Result(0));
            alloc.Erase();
        }
    }

    /// <summary>Every use is a load, a store into it (not of it) or a dealloc, in the allocation's block.</summary>
    private static bool OnlyLoadsAndStores(Operation alloc)
    {
        var buffer = alloc.Result(0);
        return buffer.Uses.All(u => u.Owner.Block == alloc.Block && (u.Owner.Name == "memref.dealloc"
            || (OpEffects.Element(u.Owner) is { IsAtomic: false } && u.OperandNumber == OpEffects.BufferOperand(u.Owner))));
    }
}

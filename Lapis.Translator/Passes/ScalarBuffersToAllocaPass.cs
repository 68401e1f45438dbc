using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-scalar-buffers-to-alloca. Input: bufferized functions where a 0-d <c>memref.alloc</c> is
/// only stored to and loaded from in its own block (a reduction's init and result: the 0-d tensor
/// of <c>linalg.dot</c> or a full sum, read back with <c>tensor.extract</c>), its init possibly a
/// <c>memref.copy</c> from a constant 0-d <c>memref.global</c> (a folded <c>linalg.fill</c>). Output:
/// that buffer as <c>memref.alloca</c> (its deallocs dropped, the copy a store of the constant),
/// which upstream <c>mem2reg</c> then turns into SSA values: the scalar stays a register, with no
/// device buffer and no host↔device copies.
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
            foreach (var use in alloc.Result(0).Uses.Select(u => u.Owner).ToArray())
            {
                if (use.Name == "memref.dealloc") use.Erase();
                else if (use.Name == "memref.copy") ReplaceByStore(use, alloca.Result(0));
            }
            alloc.Result(0).ReplaceAllUsesWith(alloca.Result(0));
            alloc.Erase();
        }
    }

    /// <summary>Every use is a load, a store into it (not of it), a dealloc or an init from a constant global, in the allocation's block.</summary>
    private static bool OnlyLoadsAndStores(Operation alloc)
    {
        var buffer = alloc.Result(0);
        return buffer.Uses.All(u => u.Owner.Block == alloc.Block && (u.Owner.Name == "memref.dealloc"
            || (u.Owner.Name == "memref.copy" && u.OperandNumber == 1 && ConstantGlobalValue(u.Owner.Operand(0)) is not null)
            || (OpEffects.Element(u.Owner) is { IsAtomic: false } && u.OperandNumber == OpEffects.BufferOperand(u.Owner))));
    }

    /// <summary><c>memref.copy %global, %buffer</c> → <c>memref.store %constant, %buffer[]</c>.</summary>
    private static void ReplaceByStore(Operation copy, Value buffer)
    {
        var b = OpBuilder.For(copy);
        var value = ConstantGlobalValue(copy.Operand(0))!.Value;
        var constant = b.Create("arith.constant", copy.Location, resultTypes: [value.Type], attributes: [("value", value)]);
        copy.Block.InsertBefore(copy, constant);
        var store = b.Create("memref.store", copy.Location, [constant.Result(0), buffer]);
        copy.Block.InsertBefore(copy, store);
        copy.Erase();
    }

    /// <summary>The element of a <c>memref.get_global</c> of a constant 0-d global with a splat initial value, or null.</summary>
    private static Lapis.Native.Ir.Attribute? ConstantGlobalValue(Value source)
    {
        var get = source.DefiningOp;
        if (get.IsNull || get.Name != "memref.get_global" || source.Type.Rank != 0) return null;
        var name = get.Attribute("name").FlatSymbolRefValue;
        var module = get.ParentOperation;
        while (!module.IsNull && module.Name != "builtin.module") module = module.ParentOperation;
        if (module.IsNull) return null;
        foreach (var global in module.Region(0).FirstBlock.Operations)
        {
            if (global.Name != "memref.global" || global.Attribute("sym_name").StringValue != name) continue;
            var init = global.Attribute("initial_value");
            return global.HasAttribute("constant") && !init.IsNull && init.IsSplat ? init.SplatValue : null;
        }
        return null;
    }
}

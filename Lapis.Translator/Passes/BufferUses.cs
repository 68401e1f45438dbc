using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>Where an op touches a buffer's elements.</summary>
public enum BufferSpace { Host, Device }

/// <summary>One op touching the elements of the buffer <paramref name="Root"/> (through any view of it) in one space.</summary>
public readonly record struct BufferUse(Operation Op, Value Root, BufferSpace Space, bool Writes);

/// <summary>
/// The element accesses of one function, grouped by buffer (the root of each view, see
/// <see cref="IrMatchers.ViewRoot"/>). Device uses: a device kernel (every buffer defined outside
/// it that its body references), <c>memref.copy</c> (a deep_copy between device Views),
/// <c>func.call</c> (callees take device Views), <c>func.return</c> (results are device Views),
/// <c>kokkos.reduce_into</c> (a reduction into a device View) and
/// host-level single-element loads/stores outside loops (printed as one-element deep_copies).
/// Host uses: loads, stores and atomics in host code inside a loop. View ops and metadata
/// (<c>memref.dim</c>) touch no element. Any other op taking a memref (a yield, a realloc, a
/// sparse_tensor op) makes its buffer <see cref="Opaque"/>.
/// </summary>
public sealed class BufferUses
{
    public List<BufferUse> Uses { get; } = [];

    /// <summary>Buffers reaching an op this analysis does not model: they cannot be placed per buffer.</summary>
    public HashSet<Value> Opaque { get; } = [];

    /// <summary>Host-level loads/stores outside any loop (see <see cref="AssignMemorySpacesPass"/>).</summary>
    public List<(Operation Op, Value Root, bool Writes)> SingleElement { get; } = [];

    public static BufferUses Of(Operation func)
    {
        var result = new BufferUses();
        func.Walk(op =>
        {
            if (op == func) return WalkResult.Advance;
            if (AssignMemorySpacesPass.IsDeviceKernel(op))
            {
                result.AddKernel(op);
                return WalkResult.Skip;
            }
            result.AddHostLevel(op);
            return WalkResult.Advance;
        }, WalkOrder.PreOrder);
        return result;
    }

    private void AddKernel(Operation kernel)
    {
        var touched = new Dictionary<Value, bool>();
        foreach (var inner in kernel.Collect())
        {
            for (var i = 0; i < inner.OperandCount; i++)
            {
                var operand = inner.Operand(i);
                if (!operand.Type.IsMemRef) continue;
                var root = IrMatchers.ViewRoot(operand);
                if (IrMatchers.IsDefinedIn(root, kernel)) continue;
                touched[root] = touched.GetValueOrDefault(root) || OpEffects.WritesOperand(inner, i);
            }
        }
        foreach (var (root, writes) in touched) Uses.Add(new BufferUse(kernel, root, BufferSpace.Device, writes));
    }

    private void AddHostLevel(Operation op)
    {
        if (OpEffects.Element(op) is { } access)
        {
            var root = IrMatchers.ViewRoot(access.Buffer);
            if (AssignMemorySpacesPass.IsSingleElementTransfer(op)) SingleElement.Add((op, root, access.Writes));
            else Uses.Add(new BufferUse(op, root, BufferSpace.Host, access.Writes));
            return;
        }
        if (OpEffects.IsMetadata(op) || OpEffects.IsView(op)) return;
        var device = op.Name is "memref.copy" or "func.call" or "func.return" or "kokkos.reduce_into";
        var perRoot = new Dictionary<Value, bool>();
        for (var i = 0; i < op.OperandCount; i++)
        {
            var operand = op.Operand(i);
            if (!operand.Type.IsMemRef) continue;
            var root = IrMatchers.ViewRoot(operand);
            if (!device) Opaque.Add(root);
            else perRoot[root] = perRoot.GetValueOrDefault(root) || OpEffects.WritesOperand(op, i);
        }
        foreach (var (root, writes) in perRoot) Uses.Add(new BufferUse(op, root, BufferSpace.Device, writes));
    }
}

using Lapis.Native.Ir;

namespace Lapis.Translator.Dialect;

/// <summary>What an op may do to memory (the MLIR C API does not expose the memory-effect interfaces).</summary>
[Flags]
public enum MemoryEffect
{
    None = 0,
    /// <summary>Reads elements of a memref operand.</summary>
    Read = 1,
    /// <summary>Writes elements of a memref operand.</summary>
    Write = 2,
    Allocate = 4,
    Free = 8,
    /// <summary>A call: anything, on any memref it can reach; no analysis sees through it.</summary>
    Unknown = 16,
}

/// <summary>How a view op's memref result relates to the memory of its first operand.</summary>
public enum ViewKind
{
    /// <summary>Not a view.</summary>
    None,
    /// <summary>The same elements with the same shape: a cast, a memory-space cast, an alignment assumption.</summary>
    Alias,
    /// <summary>Other indexing of the same memory: subview, reinterpret_cast, collapse_shape, expand_shape.</summary>
    Reshape,
    /// <summary><c>memref.view</c>: typed elements over a byte buffer.</summary>
    Bytes,
}

/// <summary>One access to one element: <paramref name="Op"/> reads and/or writes <c>Buffer[Indices]</c>.</summary>
public readonly record struct ElementAccess(Operation Op, Value Buffer, IReadOnlyList<Value> Indices, bool Reads, bool Writes)
{
    /// <summary>A read-modify-write (memref.atomic_rmw, memref.generic_atomic_rmw).</summary>
    public bool IsAtomic => Reads && Writes;
}

/// <summary>
/// The one table of what ops read, write, allocate and view: every pass and printer that asks
/// "does this op touch memory, and which operand?" asks here. An op not in the table has no
/// memory effect of its own (its regions' ops may have some: see <see cref="WritesMemory"/>).
/// </summary>
public static class OpEffects
{
    /// <param name="Effect">What the op does.</param>
    /// <param name="Buffer">Element accesses: the operand holding the buffer (the indices follow it); else -1.</param>
    /// <param name="Written">Whole-buffer ops: the operand whose elements are written; -1: none (or, for calls, every memref operand).</param>
    private sealed record Entry(MemoryEffect Effect, int Buffer = -1, int Written = -1);

    private const MemoryEffect ReadWrite = MemoryEffect.Read | MemoryEffect.Write;

    private static readonly Dictionary<string, Entry> Table = new(StringComparer.Ordinal)
    {
        // One element, at Buffer[operands after it].
        ["memref.load"] = new(MemoryEffect.Read, Buffer: 0),
        ["memref.store"] = new(MemoryEffect.Write, Buffer: 1),
        ["memref.atomic_rmw"] = new(ReadWrite, Buffer: 1),
        ["memref.generic_atomic_rmw"] = new(ReadWrite, Buffer: 0),
        // Whole buffers.
        ["memref.copy"] = new(ReadWrite, Written: 1),
        ["kokkos.contraction"] = new(ReadWrite, Written: 2),
        ["kokkos.convolution"] = new(ReadWrite, Written: 2),
        ["kokkos.sliding_window"] = new(ReadWrite, Written: 2),
        ["kokkos.blas_gemm"] = new(ReadWrite, Written: 2),
        ["kokkos.blas_gemv"] = new(ReadWrite, Written: 2),
        ["kokkos.reduce_into"] = new(MemoryEffect.Write, Written: 1),
        ["memref.alloc"] = new(MemoryEffect.Allocate),
        ["memref.alloca"] = new(MemoryEffect.Allocate),
        ["memref.dealloc"] = new(MemoryEffect.Free),
        ["memref.realloc"] = new(ReadWrite | MemoryEffect.Allocate | MemoryEffect.Free),
        ["func.call"] = new(MemoryEffect.Unknown),
        ["func.call_indirect"] = new(MemoryEffect.Unknown),
    };

    private static readonly Dictionary<string, ViewKind> Views = new(StringComparer.Ordinal)
    {
        ["memref.cast"] = ViewKind.Alias,
        ["memref.memory_space_cast"] = ViewKind.Alias,
        ["memref.assume_alignment"] = ViewKind.Alias,
        ["memref.subview"] = ViewKind.Reshape,
        ["memref.reinterpret_cast"] = ViewKind.Reshape,
        ["memref.collapse_shape"] = ViewKind.Reshape,
        ["memref.expand_shape"] = ViewKind.Reshape,
        ["memref.view"] = ViewKind.Bytes,
    };

    /// <summary>Ops that read a memref's shape or release it, not its elements.</summary>
    private static readonly HashSet<string> Metadata = new(StringComparer.Ordinal)
        { "memref.dim", "memref.rank", "memref.dealloc", "memref.extract_strided_metadata" };

    /// <summary>What <paramref name="op"/> itself (not its regions) may do to memory.</summary>
    public static MemoryEffect Of(Operation op) => Table.TryGetValue(op.Name, out var e) ? e.Effect : MemoryEffect.None;

    public static bool Has(Operation op, MemoryEffect effect) => (Of(op) & effect) != 0;

    /// <summary>The element <paramref name="op"/> loads, stores or updates atomically, or null.</summary>
    public static ElementAccess? Element(Operation op)
    {
        if (!Table.TryGetValue(op.Name, out var e) || e.Buffer < 0) return null;
        var indices = op.Operands.Skip(e.Buffer + 1).ToArray();
        return new ElementAccess(op, op.Operand(e.Buffer), indices, (e.Effect & MemoryEffect.Read) != 0, (e.Effect & MemoryEffect.Write) != 0);
    }

    public static bool IsElementAccess(Operation op) => Table.TryGetValue(op.Name, out var e) && e.Buffer >= 0;

    /// <summary>The operand number of the buffer <paramref name="op"/> accesses an element of; else -1.</summary>
    public static int BufferOperand(Operation op) => Table.TryGetValue(op.Name, out var e) ? e.Buffer : -1;

    /// <summary>The operand number of <paramref name="op"/>'s first index, when it accesses an element; else -1.</summary>
    public static int FirstIndexOperand(Operation op) => BufferOperand(op) is >= 0 and var b ? b + 1 : -1;

    /// <summary>True when <paramref name="op"/> may write the buffer behind its operand <paramref name="index"/>.</summary>
    public static bool WritesOperand(Operation op, int index)
    {
        if (!Table.TryGetValue(op.Name, out var e)) return false;
        if (e.Effect == MemoryEffect.Unknown) return op.Operand(index).Type.IsMemRef;
        if (e.Buffer >= 0) return index == e.Buffer && (e.Effect & MemoryEffect.Write) != 0;
        return index == e.Written;
    }

    /// <summary>How the memref result of <paramref name="op"/> views its first operand's memory.</summary>
    public static ViewKind View(Operation op) => Views.GetValueOrDefault(op.Name, ViewKind.None);

    /// <summary>Ops whose memref result views the memory of their first operand.</summary>
    public static bool IsView(Operation op) => Views.ContainsKey(op.Name);

    /// <summary>Ops that read a memref's shape (or free it), not its elements.</summary>
    public static bool IsMetadata(Operation op) => Metadata.Contains(op.Name);

    /// <summary>An op on whole buffers (memref.copy, a kokkos kernel): a deep_copy or a kernel launch, issued from host code.</summary>
    public static bool IsWholeBuffer(Operation op) => Table.TryGetValue(op.Name, out var e) && e.Written >= 0;

    /// <summary>A call (direct or indirect): its memory effects are unknown here.</summary>
    public static bool IsCall(Operation op) => Has(op, MemoryEffect.Unknown);

    /// <summary><paramref name="op"/> or an op nested in it writes memory elements (calls excluded: see <see cref="IsCall"/>).</summary>
    public static bool WritesMemory(Operation op) => op.Collect(o => Has(o, MemoryEffect.Write)).Count > 0;

    /// <summary><paramref name="op"/> or an op nested in it reads memory elements (calls excluded).</summary>
    public static bool ReadsMemory(Operation op) => op.Collect(o => Has(o, MemoryEffect.Read)).Count > 0;
}

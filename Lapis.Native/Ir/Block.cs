using Lapis.Native.Interop;

namespace Lapis.Native.Ir;

/// <summary>Non-owning view of a block (owned by its region).</summary>
public readonly unsafe struct Block : IEquatable<Block>
{
    internal readonly MlirBlock Raw;
    internal Block(MlirBlock raw) => Raw = raw;

    public bool IsNull => Raw.ptr == null;
    public Operation ParentOperation => new(Mlir.mlirBlockGetParentOperation(Raw));
    public Region ParentRegion => new(Mlir.mlirBlockGetParentRegion(Raw));

    public int ArgumentCount => (int)Mlir.mlirBlockGetNumArguments(Raw);
    public Value Argument(int i) => new(Mlir.mlirBlockGetArgument(Raw, i));
    public IReadOnlyList<Value> Arguments => Enumerable.Range(0, ArgumentCount).Select(Argument).ToArray();

    public Value AddArgument(Type type, Location location) => new(Mlir.mlirBlockAddArgument(Raw, type.Raw, location.Raw));

    /// <summary>Erases argument <paramref name="index"/> (it must have no uses).</summary>
    public void EraseArgument(int index) => Mlir.mlirBlockEraseArgument(Raw, (uint)index);

    public Operation FirstOperation => new(Mlir.mlirBlockGetFirstOperation(Raw));
    public Operation Terminator => new(Mlir.mlirBlockGetTerminator(Raw));

    /// <summary>The ops of this block in order (a snapshot: safe to mutate while iterating).</summary>
    public IReadOnlyList<Operation> Operations
    {
        get
        {
            var list = new List<Operation>();
            for (var op = FirstOperation; !op.IsNull; op = op.Next) list.Add(op);
            return list;
        }
    }

    /// <summary>Inserts a detached op (the block takes ownership) before <paramref name="reference"/>, or at the end when null.</summary>
    public void InsertBefore(Operation reference, Operation op)
    {
        if (reference.IsNull) Mlir.mlirBlockAppendOwnedOperation(Raw, op.Raw);
        else Mlir.mlirBlockInsertOwnedOperationBefore(Raw, reference.Raw, op.Raw);
    }

    public void Append(Operation op) => Mlir.mlirBlockAppendOwnedOperation(Raw, op.Raw);

    public bool Equals(Block other) => Raw.ptr == other.Raw.ptr;
    public override bool Equals(object? obj) => obj is Block b && Equals(b);
    public override int GetHashCode() => ((IntPtr)Raw.ptr).GetHashCode();
    public static bool operator ==(Block a, Block b) => a.Equals(b);
    public static bool operator !=(Block a, Block b) => !a.Equals(b);
}

/// <summary>Non-owning view of a region (owned by its operation).</summary>
public readonly unsafe struct Region
{
    internal readonly MlirRegion Raw;
    internal Region(MlirRegion raw) => Raw = raw;

    public bool IsNull => Raw.ptr == null;
    public Block FirstBlock => new(Mlir.mlirRegionGetFirstBlock(Raw));

    public IReadOnlyList<Block> Blocks
    {
        get
        {
            var list = new List<Block>();
            for (var b = FirstBlock; !b.IsNull; b = new Block(Mlir.mlirBlockGetNextInRegion(b.Raw))) list.Add(b);
            return list;
        }
    }

    /// <summary>Creates a block with the given argument types and appends it (the region owns it).</summary>
    public Block AppendBlock(IReadOnlyList<Type> argumentTypes, Location location)
    {
        var types = argumentTypes.Select(t => t.Raw).ToArray();
        var locs = Enumerable.Repeat(location.Raw, types.Length).ToArray();
        MlirBlock block;
        fixed (MlirType* t = types)
        fixed (MlirLocation* l = locs)
            block = Mlir.mlirBlockCreate(types.Length, t, l);
        Mlir.mlirRegionAppendOwnedBlock(Raw, block);
        return new Block(block);
    }

    /// <summary>Moves all blocks of <paramref name="source"/> into this (empty) region.</summary>
    public void TakeBody(Region source) => Mlir.mlirRegionTakeBody(Raw, source.Raw);
}

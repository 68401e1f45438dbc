using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>Non-owning view of an SSA value (an op result or a block argument).</summary>
public readonly unsafe struct Value : IEquatable<Value>
{
    internal readonly MlirValue Raw;
    internal Value(MlirValue raw) => Raw = raw;

    public bool IsNull => Raw.ptr == null;
    public Type Type => new(Mlir.mlirValueGetType(Raw));
    public bool IsBlockArgument => Mlir.mlirValueIsABlockArgument(Raw);
    public bool IsOpResult => Mlir.mlirValueIsAOpResult(Raw);

    /// <summary>The defining op, or a null op for block arguments.</summary>
    public Operation DefiningOp => IsOpResult ? new Operation(Mlir.mlirOpResultGetOwner(Raw)) : default;
    public int ResultNumber => (int)Mlir.mlirOpResultGetResultNumber(Raw);
    public Block OwnerBlock => new(Mlir.mlirBlockArgumentGetOwner(Raw));
    public int ArgumentNumber => (int)Mlir.mlirBlockArgumentGetArgNumber(Raw);
    public Location Location => new(Mlir.mlirValueGetLocation(Raw));

    /// <summary>Sets the location of a block argument (an op result has its op's).</summary>
    public void SetArgumentLocation(Location location)
    {
        if (!IsBlockArgument) throw new InvalidOperationException("only a block argument has a location of its own");
        Mlir.mlirBlockArgumentSetLocation(Raw, location.Raw);
    }

    /// <summary>The operations that use this value, one entry per use, in use-list order.</summary>
    public IReadOnlyList<(Operation Owner, int OperandNumber)> Uses
    {
        get
        {
            var list = new List<(Operation, int)>();
            for (var use = Mlir.mlirValueGetFirstUse(Raw); !Mlir.mlirOpOperandIsNull(use); use = Mlir.mlirOpOperandGetNextUse(use))
                list.Add((new Operation(Mlir.mlirOpOperandGetOwner(use)), (int)Mlir.mlirOpOperandGetOperandNumber(use)));
            return list;
        }
    }

    public bool HasUses => !Mlir.mlirOpOperandIsNull(Mlir.mlirValueGetFirstUse(Raw));

    public void ReplaceAllUsesWith(Value with) => Mlir.mlirValueReplaceAllUsesOfWith(Raw, with.Raw);

    /// <summary>Changes the value's type in place (the caller keeps its users valid).</summary>
    public void SetType(Type type) => Mlir.mlirValueSetType(Raw, type.Raw);

    public void ReplaceAllUsesExcept(Value with, Operation except)
    {
        var ex = except.Raw;
        Mlir.mlirValueReplaceAllUsesExcept(Raw, with.Raw, 1, &ex);
    }

    public override string ToString()
    {
        var raw = Raw;
        return StringSink.Collect((cb, ud) => Mlir.mlirValuePrint(raw, cb, ud));
    }

    public bool Equals(Value other) => Raw.ptr == other.Raw.ptr;
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public override int GetHashCode() => ((IntPtr)Raw.ptr).GetHashCode();
    public static bool operator ==(Value a, Value b) => a.Equals(b);
    public static bool operator !=(Value a, Value b) => !a.Equals(b);
}

using System.Runtime.InteropServices;
using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

public enum WalkOrder { PreOrder, PostOrder }
public enum WalkResult { Advance, Interrupt, Skip }

/// <summary>Non-owning view of an operation (owned by its block, or by a Module).</summary>
public readonly unsafe struct Operation : IEquatable<Operation>
{
    internal readonly MlirOperation Raw;
    internal Operation(MlirOperation raw) => Raw = raw;

    public bool IsNull => Raw.ptr == null;
    public string Name => new Identifier(Mlir.mlirOperationGetName(Raw)).Text;
    public Location Location => new(Mlir.mlirOperationGetLocation(Raw));
    public void SetLocation(Location location) => Mlir.mlirOperationSetLocation(Raw, location.Raw);

    public int OperandCount => (int)Mlir.mlirOperationGetNumOperands(Raw);
    public Value Operand(int i) => new(Mlir.mlirOperationGetOperand(Raw, i));
    public IReadOnlyList<Value> Operands => Enumerable.Range(0, OperandCount).Select(Operand).ToArray();
    public void SetOperand(int i, Value v) => Mlir.mlirOperationSetOperand(Raw, i, v.Raw);

    public int ResultCount => (int)Mlir.mlirOperationGetNumResults(Raw);
    public Value Result(int i) => new(Mlir.mlirOperationGetResult(Raw, i));
    public IReadOnlyList<Value> Results => Enumerable.Range(0, ResultCount).Select(Result).ToArray();

    public int RegionCount => (int)Mlir.mlirOperationGetNumRegions(Raw);
    public Region Region(int i) => new(Mlir.mlirOperationGetRegion(Raw, i));
    public IReadOnlyList<Region> Regions => Enumerable.Range(0, RegionCount).Select(Region).ToArray();

    public Block Block => new(Mlir.mlirOperationGetBlock(Raw));
    public Operation ParentOperation => new(Mlir.mlirOperationGetParentOperation(Raw));
    public Operation Next => new(Mlir.mlirOperationGetNextInBlock(Raw));

    /// <summary>Inherent or discardable attribute by name; null attribute when absent.</summary>
    public Attribute Attribute(string name)
    {
        var raw = Raw;
        return new(StringRef.With(name, n => Mlir.mlirOperationGetAttributeByName(raw, n)));
    }

    public bool HasAttribute(string name) => !Attribute(name).IsNull;

    public void SetAttribute(string name, Attribute value)
    {
        var raw = Raw;
        StringRef.With(name, n => Mlir.mlirOperationSetAttributeByName(raw, n, value.Raw));
    }

    /// <summary>Removes an attribute (inherent or discardable); false when it was absent.</summary>
    public bool RemoveAttribute(string name)
    {
        var raw = Raw;
        return StringRef.With(name, n => Mlir.mlirOperationRemoveAttributeByName(raw, n));
    }

    /// <summary>A deep copy of this op and its regions, detached (insert it with <see cref="Block.InsertBefore"/> or <see cref="Block.Append"/>).</summary>
    public Operation Clone() => new(Mlir.mlirOperationClone(Raw));

    /// <summary>An attribute of argument <paramref name="position"/> of a <c>func.func</c> (its <c>arg_attrs</c>), or a null attribute.</summary>
    public Attribute FunctionArgumentAttribute(int position, string name)
    {
        var argAttrs = Attribute("arg_attrs");
        if (argAttrs.IsNull || !argAttrs.IsArray || position >= argAttrs.ArrayElements.Count) return default;
        return argAttrs.ArrayElements[position].DictionaryEntry(name);
    }

    /// <summary>Sets an attribute of argument <paramref name="position"/> of a <c>func.func</c>.</summary>
    public void SetFunctionArgumentAttribute(int position, string name, Attribute value)
    {
        var raw = Raw;
        StringRef.With(name, n => Mlir.mlirFuncSetArgAttr(raw, position, n, value.Raw));
    }

    public IReadOnlyList<(string Name, Attribute Value)> Attributes
    {
        get
        {
            var n = (int)Mlir.mlirOperationGetNumAttributes(Raw);
            var list = new (string, Attribute)[n];
            for (var i = 0; i < n; i++)
            {
                var named = Mlir.mlirOperationGetAttribute(Raw, i);
                list[i] = (new Identifier(named.name).Text, new Attribute(named.attribute));
            }
            return list;
        }
    }

    /// <summary>Runs the verifier on this op and everything nested; failures go to the context's diagnostics.</summary>
    public bool Verify() => Mlir.mlirOperationVerify(Raw);

    public string Print(bool generic = false, bool debugInfo = false)
    {
        var raw = Raw;
        if (!generic && !debugInfo) return StringSink.Collect((cb, ud) => Mlir.mlirOperationPrint(raw, cb, ud));
        var flags = Mlir.mlirOpPrintingFlagsCreate();
        try
        {
            if (generic) Mlir.mlirOpPrintingFlagsPrintGenericOpForm(flags);
            if (debugInfo) Mlir.mlirOpPrintingFlagsEnableDebugInfo(flags, true, false);
            return StringSink.Collect((cb, ud) => Mlir.mlirOperationPrintWithFlags(raw, flags, cb, ud));
        }
        finally { Mlir.mlirOpPrintingFlagsDestroy(flags); }
    }

    public override string ToString() => Print();

    /// <summary>Walks this op and all nested ops.</summary>
    public void Walk(Func<Operation, WalkResult> visit, WalkOrder order = WalkOrder.PostOrder)
    {
        var handle = GCHandle.Alloc(visit);
        try
        {
            Mlir.mlirOperationWalk(Raw, &WalkCallback, (void*)GCHandle.ToIntPtr(handle),
                order == WalkOrder.PreOrder ? MlirWalkOrder.MlirWalkPreOrder : MlirWalkOrder.MlirWalkPostOrder);
        }
        finally { handle.Free(); }
        NativeCallbackErrors.ThrowPending();
    }

    public void Walk(Action<Operation> visit, WalkOrder order = WalkOrder.PostOrder) =>
        Walk(op => { visit(op); return WalkResult.Advance; }, order);

    /// <summary>All nested ops (including this one) in pre-order, collected first so callers may mutate.</summary>
    public IReadOnlyList<Operation> Collect(Func<Operation, bool>? filter = null)
    {
        var list = new List<Operation>();
        Walk(op => { if (filter is null || filter(op)) list.Add(op); }, WalkOrder.PreOrder);
        return list;
    }

    public void MoveBefore(Operation other) => Mlir.mlirOperationMoveBefore(Raw, other.Raw);
    public void MoveAfter(Operation other) => Mlir.mlirOperationMoveAfter(Raw, other.Raw);

    /// <summary>Removes this op from its block and destroys it. Its results must be unused.</summary>
    public void Erase() => Mlir.mlirOperationDestroy(Raw);

    public bool Equals(Operation other) => Raw.ptr == other.Raw.ptr;
    public override bool Equals(object? obj) => obj is Operation o && Equals(o);
    public override int GetHashCode() => ((IntPtr)Raw.ptr).GetHashCode();
    public static bool operator ==(Operation a, Operation b) => a.Equals(b);
    public static bool operator !=(Operation a, Operation b) => !a.Equals(b);

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static MlirWalkResult WalkCallback(MlirOperation op, void* userData)
    {
        var visit = (Func<Operation, WalkResult>)GCHandle.FromIntPtr((IntPtr)userData).Target!;
        try
        {
            return visit(new Operation(op)) switch
            {
                WalkResult.Interrupt => MlirWalkResult.MlirWalkResultInterrupt,
                WalkResult.Skip => MlirWalkResult.MlirWalkResultSkip,
                _ => MlirWalkResult.MlirWalkResultAdvance,
            };
        }
        catch (Exception e)
        {
            NativeCallbackErrors.Record(e);
            return MlirWalkResult.MlirWalkResultInterrupt;
        }
    }
}

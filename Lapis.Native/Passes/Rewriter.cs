using Lapis.Native.Interop;
using Lapis.Native.Ir;
using Type = Lapis.Native.Ir.Type;
using Attribute = Lapis.Native.Ir.Attribute;

namespace Lapis.Native.Passes;

/// <summary>
/// View of the PatternRewriter a pattern receives. All IR changes inside a pattern go through
/// it so the greedy driver sees them.
/// </summary>
public readonly unsafe struct Rewriter
{
    internal readonly MlirRewriterBase Raw;
    internal Rewriter(MlirRewriterBase raw) => Raw = raw;

    public OpBuilder Builder => new(Mlir.mlirRewriterBaseGetContext(Raw));

    public void SetInsertionPointBefore(Operation op) => Mlir.mlirRewriterBaseSetInsertionPointBefore(Raw, op.Raw);
    public void SetInsertionPointToStart(Block block) => Mlir.mlirRewriterBaseSetInsertionPointToStart(Raw, block.Raw);

    /// <summary>Inserts a detached op at the insertion point.</summary>
    public Operation Insert(Operation op) => new(Mlir.mlirRewriterBaseInsert(Raw, op.Raw));

    /// <summary>Creates and inserts an op at the insertion point.</summary>
    public Operation Create(string name, Location location, IReadOnlyList<Value>? operands = null, IReadOnlyList<Type>? resultTypes = null,
        IReadOnlyList<(string Name, Attribute Value)>? attributes = null, int regionCount = 0) =>
        Insert(Builder.Create(name, location, operands, resultTypes, attributes, regionCount));

    public void ReplaceAllUsesExcept(Value from, Value to, Operation exceptedUser) =>
        Mlir.mlirRewriterBaseReplaceAllUsesExcept(Raw, from.Raw, to.Raw, exceptedUser.Raw);

    public void ReplaceOp(Operation op, IReadOnlyList<Value> values)
    {
        var raw = values.Select(v => v.Raw).ToArray();
        fixed (MlirValue* p = raw) Mlir.mlirRewriterBaseReplaceOpWithValues(Raw, op.Raw, raw.Length, p);
    }

    public void EraseOp(Operation op) => Mlir.mlirRewriterBaseEraseOp(Raw, op.Raw);

    /// <summary>Changes an op in place (operands, attributes) with notification to the driver.</summary>
    public void ModifyInPlace(Operation op, Action change)
    {
        Mlir.mlirRewriterBaseStartOpModification(Raw, op.Raw);
        change();
        Mlir.mlirRewriterBaseFinalizeOpModification(Raw, op.Raw);
    }
}

using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>
/// Creates types, attributes and operations in the context of an existing piece of IR.
/// Ops are created detached (generic form: any registered or IRDL-defined op name) and then
/// inserted by the caller, e.g. with <see cref="Block.InsertBefore"/> or a <see cref="Rewriter"/>.
/// </summary>
public readonly unsafe struct OpBuilder
{
    internal readonly MlirContext Raw;
    internal OpBuilder(MlirContext raw) => Raw = raw;

    public static OpBuilder For(Context context) => new(context.Raw);
    public static OpBuilder For(Operation op) => new(Mlir.mlirOperationGetContext(op.Raw));

    public Type Index => new(Mlir.mlirIndexTypeGet(Raw));
    public Type Integer(int width) => new(Mlir.mlirIntegerTypeGet(Raw, (uint)width));
    public Type F32 => new(Mlir.mlirF32TypeGet(Raw));
    public Type F64 => new(Mlir.mlirF64TypeGet(Raw));

    public Type ParseType(string text)
    {
        var raw = Raw;
        var t = new Type(StringRef.With(text, s => Mlir.mlirTypeParseGet(raw, s)));
        return t.IsNull ? throw new ArgumentException($"invalid MLIR type '{text}'") : t;
    }

    public Attribute ParseAttribute(string text)
    {
        var raw = Raw;
        var a = new Attribute(StringRef.With(text, s => Mlir.mlirAttributeParseGet(raw, s)));
        return a.IsNull ? throw new ArgumentException($"invalid MLIR attribute '{text}'") : a;
    }

    public Attribute String(string value)
    {
        var raw = Raw;
        return new(StringRef.With(value, v => Mlir.mlirStringAttrGet(raw, v)));
    }

    public Attribute Integer(Type type, long value) => new(Mlir.mlirIntegerAttrGet(type.Raw, value));
    /// <summary>A <c>TypeAttr</c> holding <paramref name="type"/>.</summary>
    public Attribute TypeAttribute(Type type) => new(Mlir.mlirTypeAttrGet(type.Raw));

    /// <summary><c>(inputs) -> (results)</c>.</summary>
    public Type Function(IReadOnlyList<Type> inputs, IReadOnlyList<Type> results)
    {
        var i = inputs.Select(t => t.Raw).ToArray();
        var r = results.Select(t => t.Raw).ToArray();
        fixed (MlirType* pi = i)
        fixed (MlirType* pr = r)
            return new(Mlir.mlirFunctionTypeGet(Raw, i.Length, pi, r.Length, pr));
    }

    public Attribute Unit => new(Mlir.mlirUnitAttrGet(Raw));

    /// <summary>Creates a detached operation; regions are created empty (add blocks with <see cref="Region.AppendBlock"/>).</summary>
    public Operation Create(string name, Location location, IReadOnlyList<Value>? operands = null, IReadOnlyList<Type>? resultTypes = null,
        IReadOnlyList<(string Name, Attribute Value)>? attributes = null, int regionCount = 0)
    {
        var nameBytes = StringRef.Utf8Z(name);
        var ops = (operands ?? []).Select(v => v.Raw).ToArray();
        var results = (resultTypes ?? []).Select(t => t.Raw).ToArray();
        var raw = Raw;
        var attrs = (attributes ?? []).Select(a => StringRef.With(a.Name, n =>
            Mlir.mlirNamedAttributeGet(Mlir.mlirIdentifierGet(raw, n), a.Value.Raw))).ToArray();
        var regions = Enumerable.Range(0, regionCount).Select(_ => Mlir.mlirRegionCreate()).ToArray();
        fixed (byte* n = nameBytes)
        fixed (MlirValue* o = ops)
        fixed (MlirType* r = results)
        fixed (MlirNamedAttribute* a = attrs)
        fixed (MlirRegion* g = regions)
        {
            var state = Mlir.mlirOperationStateGet(new MlirStringRef { data = (sbyte*)n, length = (nuint)(nameBytes.Length - 1) }, location.Raw);
            if (ops.Length > 0) Mlir.mlirOperationStateAddOperands(&state, ops.Length, o);
            if (results.Length > 0) Mlir.mlirOperationStateAddResults(&state, results.Length, r);
            if (attrs.Length > 0) Mlir.mlirOperationStateAddAttributes(&state, attrs.Length, a);
            if (regions.Length > 0) Mlir.mlirOperationStateAddOwnedRegions(&state, regions.Length, g);
            var op = Mlir.mlirOperationCreate(&state);
            if (op.ptr == null) throw new InvalidOperationException($"MLIR refused to create '{name}'");
            return new Operation(op);
        }
    }

    /// <summary><c>arith.constant</c> of an index value, inserted before <paramref name="anchor"/>.</summary>
    public Value IndexConstant(long value, Location location, Operation anchor)
    {
        var op = Create("arith.constant", location, resultTypes: [Index], attributes: [("value", Integer(Index, value))]);
        anchor.Block.InsertBefore(anchor, op);
        return op.Result(0);
    }
}

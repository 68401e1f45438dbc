using Lapis.Native.Interop;

namespace Lapis.Native.Ir;

/// <summary>Non-owning view of an affine map (uniqued in the context), e.g. a linalg indexing map.</summary>
public readonly unsafe struct AffineMap
{
    internal readonly MlirAffineMap Raw;
    internal AffineMap(MlirAffineMap raw) => Raw = raw;

    public bool IsNull => Raw.ptr == null;
    public int DimCount => (int)Mlir.mlirAffineMapGetNumDims(Raw);
    public int ResultCount => (int)Mlir.mlirAffineMapGetNumResults(Raw);
    public AffineExpr Result(int i) => new(Mlir.mlirAffineMapGetResult(Raw, i));
    public IReadOnlyList<AffineExpr> Results => Enumerable.Range(0, ResultCount).Select(Result).ToArray();
}

/// <summary>Non-owning view of one affine expression: a dimension, a symbol, a constant or a binary op.</summary>
public readonly unsafe struct AffineExpr
{
    internal readonly MlirAffineExpr Raw;
    internal AffineExpr(MlirAffineExpr raw) => Raw = raw;

    public bool IsDim => Mlir.mlirAffineExprIsADim(Raw);
    public int DimPosition => (int)Mlir.mlirAffineDimExprGetPosition(Raw);
    public bool IsConstant => Mlir.mlirAffineExprIsAConstant(Raw);
    public long ConstantValue => Mlir.mlirAffineConstantExprGetValue(Raw);
    public bool IsAdd => Mlir.mlirAffineExprIsAAdd(Raw);
    public bool IsMul => Mlir.mlirAffineExprIsAMul(Raw);
    /// <summary>Operands of a binary expression (add, mul, mod, floordiv, ceildiv).</summary>
    public AffineExpr Lhs => new(Mlir.mlirAffineBinaryOpExprGetLHS(Raw));
    public AffineExpr Rhs => new(Mlir.mlirAffineBinaryOpExprGetRHS(Raw));
}

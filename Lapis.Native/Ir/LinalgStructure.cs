using Lapis.Native.Interop;

namespace Lapis.Native.Ir;

/// <summary>
/// What MLIR's LinalgOp interface says about a structured op (named or generic): its indexing maps
/// and whether its body is a contraction (a sum of products). Wraps the Linalg C API.
/// </summary>
public static unsafe class LinalgStructure
{
    /// <summary>True when <paramref name="op"/> is a linalg op whose body is a contraction (linalg's own isaContractionOpInterface).</summary>
    public static bool IsContraction(Operation op) => Mlir.mlirLinalgIsAContractionOp(op.Raw);

    /// <summary>
    /// The indexing maps of a linalg op, one per operand (inputs then outputs), each as the loop
    /// dimension of every result expression (-1 for a result that is not a plain dimension); null when
    /// <paramref name="op"/> has no indexing maps.
    /// </summary>
    public static IReadOnlyList<int[]>? IndexingMaps(Operation op)
    {
        var attr = Mlir.mlirLinalgGetIndexingMapsAttribute(op.Raw);
        if (attr.ptr == null || !Mlir.mlirAttributeIsAArray(attr)) return null;
        var count = (int)Mlir.mlirArrayAttrGetNumElements(attr);
        var maps = new List<int[]>(count);
        for (var i = 0; i < count; i++)
        {
            var element = Mlir.mlirArrayAttrGetElement(attr, i);
            if (!Mlir.mlirAttributeIsAAffineMap(element)) return null;
            var map = Mlir.mlirAffineMapAttrGetValue(element);
            var results = (int)Mlir.mlirAffineMapGetNumResults(map);
            var dims = new int[results];
            for (var r = 0; r < results; r++)
            {
                var expr = Mlir.mlirAffineMapGetResult(map, r);
                dims[r] = Mlir.mlirAffineExprIsADim(expr) ? (int)Mlir.mlirAffineDimExprGetPosition(expr) : -1;
            }
            maps.Add(dims);
        }
        return maps;
    }
}

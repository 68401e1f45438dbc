using Lapis.Native.Ir;

namespace Lapis.Translator.Passes;

/// <summary>
/// The operand layout of a matmul-like contraction: out[b?, m, n] += f(lhs[b?, m|k, k|m]) * g(rhs[b?, k|n, n|k]),
/// read from linalg's indexing maps; null for anything else. f and g are the body's elementwise
/// <see cref="Prologue"/> (identity for a plain sum of products). Reduction dimensions of static extent 1
/// besides k (a reshape fused into the generic: torch's flatten before a Linear gives lhs[m, k, 1, 1])
/// are dropped: <see cref="LhsUnitDims"/> / <see cref="RhsUnitDims"/> name the operand dimensions that
/// <see cref="TileContractionsPass"/> collapses away.
/// </summary>
internal sealed record ContractionShape(bool Batched, bool TransposeLhs, bool TransposeRhs)
{
    public ContractionPrologue Prologue { get; init; } = ContractionPrologue.None;
    public IReadOnlyList<int> LhsUnitDims { get; init; } = [];
    public IReadOnlyList<int> RhsUnitDims { get; init; } = [];

    public static ContractionShape? Match(Operation linalg)
    {
        if (linalg.OperandCount != 3 || linalg.ResultCount != 0) return null;
        var (lhs, rhs, out_) = (linalg.Operand(0).Type, linalg.Operand(1).Type, linalg.Operand(2).Type);
        if (!lhs.IsMemRef || !rhs.IsMemRef || !out_.IsMemRef) return null;
        var element = out_.ElementType;
        if (!(element.IsF32 || element.IsF64) || lhs.ElementType != element || rhs.ElementType != element) return null;
        if (ContractionPrologue.Match(linalg) is not { } prologue) return null;
        // a plain body: linalg's own contraction test; with a prologue (which that test rejects) the iterators are checked here
        if (prologue.IsEmpty ? !LinalgStructure.IsContraction(linalg) : !ReducesOverUnmappedDims(linalg)) return null;
        if (LinalgStructure.IndexingMaps(linalg) is not { Count: 3 } maps) return null;
        var rank = out_.Rank;
        if (rank is not (2 or 3)) return null;
        if (maps.Any(m => m.Any(d => d < 0)) || maps[2].Length != rank) return null;
        // Loop dimensions: out's map names b?, m, n; k is the one dimension out does not use (besides unit ones).
        var o = maps[2];
        if (o.Distinct().Count() != rank) return null;
        var reductions = maps[0].Concat(maps[1]).Where(d => !o.Contains(d)).Distinct().Order().ToArray();
        var unit = reductions.Where(d => IsUnit(d, linalg, maps)).ToList();
        if (unit.Count == reductions.Length && unit.Count > 0) unit.RemoveAt(0);
        var k = reductions.Except(unit).ToArray();
        if (k.Length != 1) return null;
        int[] Positions(int[] map) => Enumerable.Range(0, map.Length).Where(p => unit.Contains(map[p])).ToArray();
        var (lhsUnit, rhsUnit) = (Positions(maps[0]), Positions(maps[1]));
        // dropping dimensions collapses the operand: contiguous (identity layout) only
        if ((lhsUnit.Length > 0 && !lhs.HasIdentityLayout) || (rhsUnit.Length > 0 && !rhs.HasIdentityLayout)) return null;
        var (lhsMap, rhsMap) = (maps[0].Where(d => !unit.Contains(d)).ToArray(), maps[1].Where(d => !unit.Contains(d)).ToArray());
        if (lhsMap.Length != rank || rhsMap.Length != rank) return null;
        var batched = rank == 3;
        var (bd, m, n) = batched ? (o[0], o[1], o[2]) : (-1, o[0], o[1]);
        var lead = batched ? new[] { bd } : [];
        bool? Layout(int[] map, int rowDim, int colDim)
        {
            if (lead.Length == 1 && map[0] != bd) return null;
            var tail = map.Skip(lead.Length).ToArray();
            if (tail[0] == rowDim && tail[1] == colDim) return false;
            if (tail[0] == colDim && tail[1] == rowDim) return true;
            return null;
        }
        if (Layout(lhsMap, m, k[0]) is not { } transposeLhs || Layout(rhsMap, k[0], n) is not { } transposeRhs) return null;
        return new ContractionShape(batched, transposeLhs, transposeRhs) { Prologue = prologue, LhsUnitDims = lhsUnit, RhsUnitDims = rhsUnit };
    }

    /// <summary>Loop dimension <paramref name="dim"/> indexes only static extents of 1 (in every operand that uses it).</summary>
    private static bool IsUnit(int dim, Operation linalg, IReadOnlyList<int[]> maps)
    {
        for (var i = 0; i < maps.Count; i++)
            for (var p = 0; p < maps[i].Length; p++)
                if (maps[i][p] == dim && linalg.Operand(i).Type.DimSize(p) != 1) return false;
        return true;
    }

    /// <summary>The output's dimensions are parallel iterators, every other one a reduction.</summary>
    private static bool ReducesOverUnmappedDims(Operation linalg)
    {
        if (linalg.Attribute("iterator_types") is not { IsNull: false, IsArray: true } it) return false;
        if (LinalgStructure.IndexingMaps(linalg) is not { Count: 3 } maps) return false;
        var kinds = it.ArrayElements.Select(e => e.ToString()).ToArray();
        for (var d = 0; d < kinds.Length; d++)
        {
            var parallel = maps[2].Contains(d);
            if (!kinds[d].Contains(parallel ? "parallel" : "reduction", StringComparison.Ordinal)) return false;
        }
        return true;
    }
}

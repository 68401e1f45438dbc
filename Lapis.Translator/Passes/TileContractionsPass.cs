using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-tile-contractions. Input: linalg on memrefs (after bufferization, before
/// convert-linalg-to-parallel-loops). Output: every f32/f64 matmul-like contraction
/// (<c>linalg.matmul</c>, <c>batch_matmul</c>, their transposed forms, a <c>linalg.generic</c> whose
/// body is a sum of products over one k) becomes a <c>kokkos.contraction</c> with tile sizes per
/// execution space (<see cref="ContractionTiles"/>); a <c>linalg.fill</c> of its output just before
/// becomes its <c>init</c>, and an elementwise <c>linalg.generic</c> that is the only reader of the
/// result (bias add, ReLU, residual add) becomes its epilogue region; an elementwise chain on an
/// operand inside the generic's body (<c>acc + (x / 49) * w</c>) becomes its lhs / rhs prologue region
/// (<see cref="ContractionPrologue"/>), and unit reduction dimensions of a fused reshape are collapsed away.
/// Anything else (other shapes, integer types, broadcast operands) is left to the loop path, and so
/// are contractions of static shape with fewer than <see cref="MinStaticMacs"/> multiply-adds (option
/// <c>min-static-macs</c>): a tiled kernel's TeamPolicy launch with team scratch costs more than such a
/// product (MALA's one-sample forward, 1 x 91 x 100 and 1 x 100 x 11, ran 0.025 ms tiled against 0.009 ms
/// as loops on the 2-core dev machine).
/// </summary>
public sealed class TileContractionsPass : ExternalPass
{
    public override string Argument => "lapis-tile-contractions";
    public override string Description => "Turn matmul-like linalg contractions on memrefs into tiled kokkos.contraction ops (fill and elementwise epilogue fused)";

    /// <summary>Static contractions with fewer multiply-adds than this stay on the loop path.</summary>
    public const long DefaultMinStaticMacs = 1 << 16;

    public long MinStaticMacs { get; private set; } = DefaultMinStaticMacs;

    public override void SetOption(string key, string value)
    {
        if (key == "min-static-macs" && long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) MinStaticMacs = n;
        else throw new ArgumentException($"pass '{Argument}' accepts min-static-macs=<non-negative integer>, not '{key}={value}'");
    }

    public override void Run(Operation op, PassRun run)
    {
        // Fusion erases ops (fills, consumers): find the next contraction afresh after each rewrite.
        while (op.Collect(o => o.Name is "linalg.matmul" or "linalg.batch_matmul" or "linalg.generic" && ContractionShape.Match(o) is not null && !IsSmallStatic(o))
               is [var linalg, ..])
        {
            var shape = ContractionShape.Match(linalg)!;
            var init = ContractionFusion.FindInit(linalg, linalg.Operand(2));
            var contraction = Create(linalg, shape, init?.Init);
            if (init is { Writer: var writer }) ContractionFusion.EraseInitWriter(writer);
            ContractionFusion.FuseEpilogue(contraction);
        }
    }

    /// <summary>All of the contraction's extents are static and their product (b? m n k) is below <see cref="MinStaticMacs"/>.</summary>
    private bool IsSmallStatic(Operation linalg)
    {
        var shapes = Enumerable.Range(0, 3).Select(i => linalg.Operand(i).Type.Shape).ToArray();
        if (shapes.Any(s => s.Any(d => d is null))) return false;
        // The output gives b? m n; k is the lhs extent the output does not have: lhs elements / (b? m).
        long Product(IReadOnlyList<long?> s) => s.Aggregate(1L, (p, d) => p * d!.Value);
        var output = Product(shapes[2]);
        var rows = shapes[2].Count == 3 ? shapes[2][0]!.Value * shapes[2][1]!.Value : shapes[2][0]!.Value;
        if (rows == 0 || output == 0) return true;
        var k = Product(shapes[0]) / rows;
        return output * k < MinStaticMacs;
    }

    private static Operation Create(Operation linalg, ContractionShape shape, Value? init)
    {
        var b = OpBuilder.For(linalg);
        var element = linalg.Operand(2).Type.ElementType;
        var tiles = ContractionTiles.ForContraction(element, linalg.Operand(2).Type);
        var lhs = Collapse(linalg, linalg.Operand(0), shape.LhsUnitDims);
        var rhs = Collapse(linalg, linalg.Operand(1), shape.RhsUnitDims);
        var contraction = b.Create("kokkos.contraction", linalg.Location, init is { } v ? [lhs, rhs, linalg.Operand(2), v] : [lhs, rhs, linalg.Operand(2)], [],
        [
            ("execution_space", b.String("device")),
            ("label", b.String(KokkosLoopMappingPass.Label(linalg))),
            ("transpose_lhs", b.ParseAttribute(shape.TransposeLhs ? "true" : "false")),
            ("transpose_rhs", b.ParseAttribute(shape.TransposeRhs ? "true" : "false")),
            ("host_tiles", b.ParseAttribute(tiles.Host.ToAttributeText())),
            ("device_tiles", b.ParseAttribute(tiles.Device.ToAttributeText())),
        ], regionCount: 3);
        shape.Prologue.MoveInto(linalg, contraction, lhsRegion: 1);
        linalg.Block.InsertBefore(linalg, contraction);
        linalg.Erase();
        return contraction;
    }

    /// <summary>
    /// <paramref name="operand"/> without its dimensions <paramref name="unit"/> (static extent 1, identity
    /// layout): a <c>memref.collapse_shape</c> before <paramref name="anchor"/> that merges each into a neighbour.
    /// </summary>
    private static Value Collapse(Operation anchor, Value operand, IReadOnlyList<int> unit)
    {
        if (unit.Count == 0) return operand;
        var type = operand.Type;
        var groups = new List<List<int>>();
        var pending = new List<int>();
        for (var d = 0; d < type.Rank; d++)
        {
            if (!unit.Contains(d)) { groups.Add([.. pending, d]); pending.Clear(); }
            else if (groups.Count == 0) pending.Add(d);
            else groups[^1].Add(d);
        }
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var shape = Enumerable.Range(0, type.Rank).Where(d => !unit.Contains(d)).Select(d => type.DimSize(d) is { } s ? s.ToString(inv) : "?");
        var b = OpBuilder.For(anchor);
        var collapse = b.Create("memref.collapse_shape", anchor.Location, [operand],
            [b.ParseType($"memref<{string.Join("x", shape)}x{type.ElementType}>")],
            [("reassociation", b.ParseAttribute("[" + string.Join(", ", groups.Select(g => "[" + string.Join(", ", g.Select(d => d.ToString(inv))) + "]")) + "]"))]);
        anchor.Block.InsertBefore(anchor, collapse);
        return collapse.Result(0);
    }
}

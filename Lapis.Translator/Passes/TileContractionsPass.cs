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
/// result (bias add, ReLU, residual add) becomes its epilogue region.
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
        var contraction = b.Create("kokkos.contraction", linalg.Location, init is { } v ? [linalg.Operand(0), linalg.Operand(1), linalg.Operand(2), v] : [linalg.Operand(0), linalg.Operand(1), linalg.Operand(2)], [],
        [
            ("execution_space", b.String("device")),
            ("label", b.String(KokkosLoopMappingPass.Label(linalg))),
            ("transpose_lhs", b.ParseAttribute(shape.TransposeLhs ? "true" : "false")),
            ("transpose_rhs", b.ParseAttribute(shape.TransposeRhs ? "true" : "false")),
            ("host_tiles", b.ParseAttribute(tiles.Host.ToAttributeText())),
            ("device_tiles", b.ParseAttribute(tiles.Device.ToAttributeText())),
        ], regionCount: 1);
        linalg.Block.InsertBefore(linalg, contraction);
        linalg.Erase();
        return contraction;
    }
}

/// <summary>
/// The operand layout of a matmul-like contraction: out[b?, m, n] += lhs[b?, m|k, k|m] * rhs[b?, k|n, n|k],
/// read from linalg's indexing maps; null for anything else.
/// </summary>
internal sealed record ContractionShape(bool Batched, bool TransposeLhs, bool TransposeRhs)
{
    public static ContractionShape? Match(Operation linalg)
    {
        if (linalg.OperandCount != 3 || linalg.ResultCount != 0) return null;
        var (lhs, rhs, out_) = (linalg.Operand(0).Type, linalg.Operand(1).Type, linalg.Operand(2).Type);
        if (!lhs.IsMemRef || !rhs.IsMemRef || !out_.IsMemRef) return null;
        var element = out_.ElementType;
        if (!(element.IsF32 || element.IsF64) || lhs.ElementType != element || rhs.ElementType != element) return null;
        if (!LinalgStructure.IsContraction(linalg) || !IsMulAddBody(linalg)) return null;
        if (LinalgStructure.IndexingMaps(linalg) is not { Count: 3 } maps) return null;
        var rank = out_.Rank;
        if (rank is not (2 or 3) || lhs.Rank != rank || rhs.Rank != rank) return null;
        if (maps.Any(m => m.Length != rank || m.Any(d => d < 0))) return null;
        // Loop dimensions: out's map names b?, m, n; k is the one dimension out does not use.
        var o = maps[2];
        if (o.Distinct().Count() != rank) return null;
        var loops = rank + 1;
        var k = Enumerable.Range(0, loops).Where(d => !o.Contains(d)).ToArray();
        if (k.Length != 1) return null;
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
        if (Layout(maps[0], m, k[0]) is not { } transposeLhs || Layout(maps[1], k[0], n) is not { } transposeRhs) return null;
        return new ContractionShape(batched, transposeLhs, transposeRhs);
    }

    /// <summary>The payload is exactly <c>out + lhs * rhs</c> (in either operand order), floating point.</summary>
    private static bool IsMulAddBody(Operation linalg)
    {
        if (linalg.Name != "linalg.generic") return true; // named matmul / batch_matmul of one element type: mulf + addf
        var body = linalg.Region(0).FirstBlock;
        var ops = body.Operations;
        if (ops.Count != 3 || ops[0].Name != "arith.mulf" || ops[1].Name != "arith.addf" || ops[2].Name != "linalg.yield") return false;
        var args = body.Arguments;
        var (mul, add) = (ops[0], ops[1]);
        var mulArgs = new[] { mul.Operand(0), mul.Operand(1) };
        if (!mulArgs.Contains(args[0]) || !mulArgs.Contains(args[1]) || mulArgs[0] == mulArgs[1]) return false;
        var addArgs = new[] { add.Operand(0), add.Operand(1) };
        return addArgs.Contains(args[2]) && addArgs.Contains(mul.Result(0)) && ops[2].Operand(0) == add.Result(0);
    }
}

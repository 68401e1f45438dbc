using System.Text.RegularExpressions;
using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Load;
using Lapis.Translator.Passes;

namespace Lapis.Translator.Pipeline;

/// <summary>
/// Inputs on which LLVM 22's sparsifier crashes (SIGSEGV) instead of reporting an error, found
/// before it runs. Input: the module before the sparse lowering (it is not changed; the loop
/// analysis runs on a copy). Output: a located error, or the parallelization strategy to use.
/// <list type="bullet">
/// <item><c>tensor.dim</c> of a sparse tensor with a constant index outside its rank.</item>
/// <item>A parallel strategy that makes a loop parallel which carries a scalar reduction and has
/// a loop nested in it: <c>LoopEmitter::exitForLoop</c> then expects the reduction value to be a
/// binary op and builds <c>scf.reduce</c> on a null value (it is the inner loop's result). A loop
/// carries one when the dense output is invariant in it and in every loop inside it, i.e. it is
/// in the trailing run of reduction loops, in the sparsifier's loop order, which
/// <c>sparse-reinterpret-map</c>'s scheduler makes the generic's iterator order. So the check runs
/// after the same prefix of the pipeline as the sparsifier sees (named ops generalized: a
/// <c>linalg.reduce</c> or a pooling op counts as the generic it becomes). Sparse outputs are
/// never parallelized, so they never crash.</item>
/// <item>A parallel strategy that makes a reduction loop parallel whose reduction never gets an
/// update: a <c>sparse_tensor.reduce</c> (or the yielded value) of a semiring op that yields
/// nothing in every case (<c>sparse_tensor.unary</c> with empty <c>present</c> and
/// <c>absent</c> regions, <c>sparse_tensor.binary</c> with empty regions and no identity). The
/// reduction value is then the loop's own argument, not a binary op, and
/// <c>exitForLoop</c> builds <c>scf.reduce</c> on a null value too, even for the innermost loop.</item>
/// </list>
/// </summary>
public static class SparsifierCrashShapes
{
    /// <summary>The strategy Lapis asks for when no kernel of the module would crash with it.</summary>
    public const string DefaultStrategy = "any-storage-any-loop";

    /// <summary>What runs before the sparsifier in <see cref="Pipelines.SparseLowering"/> and changes loops.</summary>
    private const string Prefix = "builtin.module(" + Pipelines.SparseInline + "," + Pipelines.SparseLoopScheduling + ")";

    /// <summary>The strategy for <see cref="Pipelines.SparseLowering"/>: the default, or "none" (serial, correct) where it would crash.</summary>
    public static string StrategyFor(Module module)
    {
        RejectOutOfRangeDims(module);
        return CrashingKernel(module, DefaultStrategy) is null ? DefaultStrategy : "none";
    }

    /// <summary>
    /// For <c>lapis opt</c>: a located error when <paramref name="pipeline"/> runs the sparsifier
    /// with a parallelization strategy that would crash on a kernel of <paramref name="module"/>.
    /// </summary>
    public static void CheckPipeline(Module module, string pipeline)
    {
        if (!pipeline.Contains("sparsif", StringComparison.Ordinal)) return;
        RejectOutOfRangeDims(module);
        foreach (Match m in Regex.Matches(pipeline, @"parallelization-strategy\s*=\s*([a-z-]+)"))
        {
            var strategy = m.Groups[1].Value;
            if (CrashingKernel(module, strategy) is { } at)
                throw TranslationException.At(at,
                    $"LLVM 22's sparsifier crashes on this kernel with parallelization-strategy={strategy}: it would parallelize a loop that " +
                    "carries a reduction over a loop nested in it. Use parallelization-strategy=none for this module (lapis translate does)");
        }
    }

    /// <summary>A located error for <c>tensor.dim</c> of a sparse tensor at a constant index outside its rank.</summary>
    public static void RejectOutOfRangeDims(Module module)
    {
        foreach (var dim in module.Operation.Collect(o => o.Name == "tensor.dim" && o.Operand(0).Type.HasSparseEncoding))
        {
            var rank = dim.Operand(0).Type.Rank;
            if (IrMatchers.ConstantInt(dim.Operand(1)) is { } index && (index < 0 || index >= rank))
                throw TranslationException.At(dim.Location,
                    $"tensor.dim index {index} is out of range for '{dim.Operand(0).Type}' (rank {rank})");
        }
    }

    /// <summary>Whether a value the generic yields is a reduction that never gets an update (see the class summary).</summary>
    private static bool YieldsNothing(Operation generic)
    {
        var body = generic.Region(0).FirstBlock;
        Operation yield = default;
        for (var op = body.FirstOperation; !op.IsNull; op = op.Next) yield = op;
        return !yield.IsNull && yield.Operands.Any(v =>
            IsEmptySemiring(v) || (v.IsOpResult && v.DefiningOp.Name == "sparse_tensor.reduce" && IsEmptySemiring(v.DefiningOp.Operand(0))));
    }

    /// <summary>A sparse_tensor.unary or binary result that is empty in every case (all its regions empty, no identity).</summary>
    private static bool IsEmptySemiring(Value v)
    {
        if (!v.IsOpResult) return false;
        var op = v.DefiningOp;
        if (op.Name is not ("sparse_tensor.unary" or "sparse_tensor.binary")) return false;
        if (op.HasAttribute("left_identity") || op.HasAttribute("right_identity")) return false;
        return op.Regions.All(r => r.FirstBlock.IsNull || r.FirstBlock.FirstOperation.IsNull);
    }

    /// <summary>The location of the first kernel <paramref name="strategy"/> would crash the sparsifier on, or null.</summary>
    public static Location? CrashingKernel(Module module, string strategy)
    {
        if (strategy == "none") return null;
        var outerOnly = strategy.EndsWith("outer-loop", StringComparison.Ordinal);
        // A copy with its locations, through the same scheduling the sparsifier sees.
        using var copy = Module.Parse(module.Context, module.Operation.Print(debugInfo: true), "<lapis sparsifier check>");
        using (var pm = new PassManager(module.Context))
        {
            pm.AddPipeline(Prefix);
            if (!pm.TryRun(copy, out _)) return null;  // the real pipeline reports the error
        }
        foreach (var generic in copy.Operation.Collect(o => o.Name == "linalg.generic"
                     && o.Operands.Any(v => v.Type.HasSparseEncoding) && o.Results.All(r => !r.Type.HasSparseEncoding)))
        {
            var iterators = generic.Attribute("iterator_types") is { IsNull: false, IsArray: true } it
                ? it.ArrayElements.Select(e => e.ToString().Contains("reduction", StringComparison.Ordinal)).ToArray()
                : [];
            var trailing = iterators.Reverse().TakeWhile(r => r).Count();
            // The outermost loop carrying the reduction is iterators.Length - trailing; one nested loop at least.
            var least = YieldsNothing(generic) ? 1 : 2;
            var crashes = outerOnly ? trailing == iterators.Length && trailing >= least : trailing >= least;
            if (crashes) return generic.Location;
        }
        return null;
    }
}

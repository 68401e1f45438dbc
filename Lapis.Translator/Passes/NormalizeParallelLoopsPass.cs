using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-normalize-parallel-loops. Input: any IR with scf.parallel. Output: every scf.parallel
/// has lower bounds 0 and steps 1 (see <see cref="NormalizeParallelLoopPattern"/>), applied by
/// MLIR's greedy driver, which also folds the arithmetic it creates.
/// </summary>
public sealed class NormalizeParallelLoopsPass : ExternalPass
{
    public override string Argument => "lapis-normalize-parallel-loops";
    public override string Description => "Rewrite scf.parallel loops to lower bound 0 and step 1";

    public override void Run(Operation op, PassRun run)
    {
        if (!GreedyRewriteDriver.Apply(op, [new NormalizeParallelLoopPattern()]))
            run.EmitError(op.Location, "lapis-normalize-parallel-loops did not converge");
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-readonly-arguments. Input: functions on tensors, before one-shot bufferization.
/// Output: every tensor argument of a public function is marked
/// <c>bufferization.writable = false</c>, so bufferization copies instead of writing into the
/// caller's buffer: a PyTorch user expects a model's inputs to be left untouched. An argument
/// the author already marked (<c>{bufferization.writable = true}</c>, an in-place update such
/// as a solver's <c>y = a*x + y</c>) keeps that mark: bufferization may then write into the
/// caller's View instead of allocating a copy.
/// </summary>
public sealed class ReadOnlyArgumentsPass : ExternalPass
{
    public override string Argument => "lapis-readonly-arguments";
    public override string Description => "Mark tensor arguments of public functions as not writable by bufferization";

    public const string Writable = "bufferization.writable";

    public override void Run(Operation op, PassRun run)
    {
        foreach (var func in FuncOps.Definitions(op).Where(FuncOps.IsPublic))
        {
            var args = func.Region(0).FirstBlock.Arguments;
            var no = OpBuilder.For(func).ParseAttribute("false");
            for (var i = 0; i < args.Count; i++)
            {
                if (!args[i].Type.IsRankedTensor || !func.FunctionArgumentAttribute(i, Writable).IsNull) continue;
                func.SetFunctionArgumentAttribute(i, Writable, no);
            }
        }
    }
}

using Lapis.Native.Ir;
using Lapis.Translator.Passes;

namespace Lapis.Translator.Load;

/// <summary>
/// Rejects <c>memref.dim</c> and <c>tensor.dim</c> with a constant index outside [0, rank)
/// before any pass runs: MLIR accepts such IR (the result is undefined), but canonicalize then
/// crashes in a gpu-dialect pattern, the sparsifier and bufferization read past the shape, and
/// our emitter would too.
/// </summary>
public static class ConstantDimCheck
{
    public static void Run(Module module)
    {
        foreach (var op in module.Operation.Collect(o => o.Name is "memref.dim" or "tensor.dim"))
        {
            var source = op.Operand(0).Type;
            if (!(source.IsMemRef || source.IsRankedTensor) || IrMatchers.ConstantInt(op.Operand(1)) is not { } index) continue;
            if (index < 0 || index >= source.Rank)
                throw TranslationException.At(op.Location,
                    $"{op.Name} index {index} is out of range for '{source}' (rank {source.Rank})");
        }
    }
}

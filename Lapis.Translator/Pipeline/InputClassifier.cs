using Lapis.Native.Ir;

namespace Lapis.Translator.Pipeline;

/// <summary>Decides which upstream lowering a module needs from the types and ops it contains.</summary>
public static class InputClassifier
{
    public static InputKind Classify(Module module)
    {
        var kind = InputKind.LoweredLoops;
        module.Operation.Walk(op =>
        {
            var name = op.Name;
            if (name.StartsWith("sparse_tensor.", StringComparison.Ordinal) || HasSparseType(op))
            {
                kind = InputKind.SparseTensors;
                return WalkResult.Interrupt;
            }
            if (name.StartsWith("linalg.", StringComparison.Ordinal) || name.StartsWith("tensor.", StringComparison.Ordinal) || HasTensorType(op))
                kind = InputKind.DenseTensors;
            return WalkResult.Advance;
        });
        return kind;
    }

    private static bool HasTensorType(Operation op) =>
        op.Results.Any(r => r.Type.IsRankedTensor) || op.Operands.Any(v => v.Type.IsRankedTensor);

    private static bool HasSparseType(Operation op) =>
        op.Results.Concat(op.Operands).Any(v => v.Type.HasSparseEncoding);
}

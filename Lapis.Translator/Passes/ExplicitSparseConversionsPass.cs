using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-explicit-sparse-conversions. Input: tensors that become sparse by a reshape of a dense
/// tensor (<c>tensor.expand_shape</c>/<c>collapse_shape</c> from a dense source into a sparse
/// type). Output: the reshape on dense tensors, then <c>sparse_tensor.convert</c> to the sparse
/// type, which is what the sparsifier makes of it anyway. Done before the sparsifier because its
/// folding otherwise turns a reshape of a dense constant (inlined calls bring one next to the
/// reshape) into an <c>arith.constant</c> of the sparse type, which LLVM 22's sparse codegen
/// leaves unconverted ("failed to legalize unresolved materialization").
/// </summary>
public sealed class ExplicitSparseConversionsPass : ExternalPass
{
    public override string Argument => "lapis-explicit-sparse-conversions";
    public override string Description => "Make dense-to-sparse reshapes a dense reshape followed by sparse_tensor.convert";

    public override void Run(Operation op, PassRun run)
    {
        foreach (var reshape in op.Collect(o => o.Name is "tensor.expand_shape" or "tensor.collapse_shape"
                     && !o.Operand(0).Type.HasSparseEncoding && o.Result(0).Type.HasSparseEncoding))
        {
            var sparse = reshape.Result(0).Type;
            var b = OpBuilder.For(reshape);
            var dense = Dense(b, sparse);
            var convert = b.Create("sparse_tensor.convert", reshape.Location, [reshape.Result(0)], [sparse]);
            reshape.Block.InsertBefore(reshape.Next, convert);
            reshape.Result(0).ReplaceAllUsesExcept(convert.Result(0), convert);
            reshape.Result(0).SetType(dense);
        }
    }

    /// <summary>The same tensor type without its encoding.</summary>
    private static Type Dense(OpBuilder b, Type tensor)
    {
        var dims = tensor.Shape.Select(d => d is null ? "?" : d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return b.ParseType($"tensor<{string.Concat(dims.Select(d => d + "x"))}{tensor.ElementType}>");
    }
}

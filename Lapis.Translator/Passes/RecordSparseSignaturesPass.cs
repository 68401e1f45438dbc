using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Emit;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-record-sparse-signatures. Input: functions on tensors, before sparsification.
/// Output: every public function with a sparse argument or result carries its signature as
/// written in <c>lapis.original_type</c>. Sparse codegen replaces each sparse tensor by its
/// buffers and a storage specifier; the emitter uses the recorded signature to give the user
/// one <c>lapis::SparseTensor</c> per sparse tensor again.
/// </summary>
public sealed class RecordSparseSignaturesPass : ExternalPass
{
    public override string Argument => "lapis-record-sparse-signatures";
    public override string Description => "Record the signature of public functions with sparse tensors before sparsification";

    public override void Run(Operation op, PassRun run)
    {
        foreach (var func in op.Collect(o => o.Name == "func.func" && o.Region(0).Blocks.Count > 0))
        {
            var visibility = func.Attribute("sym_visibility");
            if (!visibility.IsNull && visibility.StringValue != "public") continue;
            var type = func.Attribute("function_type").TypeValue;
            var all = Enumerable.Range(0, type.FunctionInputCount).Select(type.FunctionInput)
                .Concat(Enumerable.Range(0, type.FunctionResultCount).Select(type.FunctionResult));
            if (all.Any(t => t.HasSparseEncoding))
                func.SetAttribute(SparseApi.OriginalTypeAttribute, Native.Ir.Attribute.TypeAttribute(type));
        }
    }
}

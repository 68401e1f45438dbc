using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Dialect;

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
        foreach (var func in FuncOps.Definitions(op).Where(FuncOps.IsPublic))
        {
            var type = FuncOps.FunctionType(func);
            if (FuncOps.SignatureTypes(type).Any(t => t.HasSparseEncoding)) LapisAttributes.SetOriginalType(func, type);
        }
    }
}

using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// cf dialect: only <c>cf.assert</c>, with the message prefixed by the assertion's location (and
/// followed by its ONNX node, for an imported model's op: <see cref="Location.Label"/>). In
/// host code (torch-mlir's shape checks at function entry) it throws <c>std::runtime_error</c>,
/// which the <c>extern "C"</c> layer turns into an error code and a message, so a caller (a
/// Python interpreter) survives a call with mismatching dynamic shapes. Inside a kernel, and in a
/// team-level variant (called from the application's kernels), where C++ exceptions are not
/// allowed, it is <c>Kokkos::abort</c>.
/// Branches need several blocks, which the structured printer rejects with their location.
/// </summary>
internal static class CfPrinters
{
    public static void Register(OpPrinterTable table) => table.Add("cf.assert", Assert);

    private static void Assert(CppEmitter e, Operation op)
    {
        var message = op.Attribute("msg");
        var text = message.IsNull ? "assertion failed" : message.StringValue;
        var where = e.Context.LocationText(op.Location);
        if (where is not null) text = $"{where}: {op.Location.Annotate(text)}";
        var condition = e.Expr(op.Operand(0));
        var literal = CppLiterals.String(text);
        if (e.TeamLevel is not null || KernelRegions.IsInsideKernel(op))
        {
            e.W.Line($"if (!{condition}) Kokkos::abort({literal});");
            return;
        }
        e.Context.UsesHostAsserts = true;
        e.W.Line($"if (!{condition}) throw std::runtime_error({literal});");
    }
}

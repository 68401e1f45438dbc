using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// Buffers placed on both host and device (<c>lapis.placement = "both"</c>, see
/// lapis-assign-memory-spaces) are <c>Kokkos::DualView</c>s: kernels and device-side ops use
/// <c>view_device()</c> (named like any buffer), host code <c>view_host()</c> (<c>name_host</c>).
/// <c>kokkos.sync</c> / <c>kokkos.modify</c> → <c>sync_host()</c>, <c>sync_device()</c>,
/// <c>modify_host()</c>, <c>modify_device()</c>. Where host and device share memory (Serial,
/// OpenMP, Threads) the host mirror is the device View itself and these calls do nothing.
/// The same API exists in Kokkos 3.4 through 5.x.
/// </summary>
internal static class DualViewPrinters
{
    public static void Register(OpPrinterTable table) => table
        .Add("kokkos.sync", (e, op) =>
        {
            e.W.Line($"{e.DualView(op.Operand(0), op)}.sync_{Space(op)}();");
            e.SyncChecks?.Mirror(e, op.Operand(0), sync: true, host: Space(op) == "host");
        })
        .Add("kokkos.modify", (e, op) =>
        {
            e.W.Line($"{e.DualView(op.Operand(0), op)}.modify_{Space(op)}();");
            e.SyncChecks?.Mirror(e, op.Operand(0), sync: false, host: Space(op) == "host");
        });

    private static string Space(Operation op) => op.Attribute("space").StringValue == "host" ? "host" : "device";

    public static bool IsDual(Operation op) => LapisAttributes.GetPlacement(op) == "both";

    /// <summary>Whether argument <paramref name="index"/> of <paramref name="func"/> is placed on both spaces.</summary>
    public static bool IsDualArgument(Operation func, int index)
    {
        return LapisAttributes.GetArgumentPlacement(func, index) == "both";
    }

    /// <summary>
    /// A DualView over the caller's device View and its host mirror, whose data is on the device:
    /// <code>
    /// Kokkos::DualView&lt;float*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space&gt; arg0_dual(arg0, Kokkos::create_mirror_view(arg0));
    /// arg0_dual.modify_device();
    /// HostView&lt;float*&gt; arg0_host = arg0_dual.view_host();
    /// </code>
    /// </summary>
    public static void DeclareArgument(CppEmitter e, Value argument, Location at)
    {
        var device = e.Expr(argument);
        var dual = e.Temporary(device + "_dual");
        e.W.Line($"// Host code touches {device}: a DualView over it and its host mirror (the data starts on the device).");
        e.W.Line($"{e.Types.DualView(argument.Type, at)} {dual}({device}, Kokkos::create_mirror_view({device}));");
        e.W.Line($"{dual}.modify_device();");
        BindHostView(e, argument, dual, device + "_host", at);
        if (e.SyncChecks is { } checks)
        {
            checks.Declare(e, argument, device);
            checks.Mirror(e, argument, sync: false, host: false);
        }
    }

    /// <summary>
    /// An allocation used on both spaces: <c>DualView&lt;...&gt; v0_dual(Kokkos::view_alloc(...), n);</c>
    /// then its device View <c>v0</c> and host View <c>v0_host</c>.
    /// </summary>
    public static void Allocate(CppEmitter e, Operation op, IReadOnlyList<string> extents)
    {
        var result = op.Result(0);
        var device = e.Name(result);
        e.W.Line($"// Kernels and host code share {device}: a DualView (a device View and a host View, synced where they cross).");
        var label = $"Kokkos::view_alloc(Kokkos::WithoutInitializing, {CppLiterals.String(device)})";
        var dual = e.Temporary(device + "_dual");
        e.W.Line($"{e.Types.DualView(result.Type, op.Location)} {dual}({string.Join(", ", extents.Prepend(label))});");
        e.W.Line($"{e.TypeOf(result)} {device} = {dual}.view_device();");
        BindHostView(e, result, dual, device + "_host", op.Location);
        e.SyncChecks?.Declare(e, result, device);
    }

    private static void BindHostView(CppEmitter e, Value buffer, string dual, string wanted, Location at)
    {
        e.BindDualView(buffer, dual);
        var host = e.Temporary(wanted);
        e.W.Line($"{e.Types.View(buffer.Type, at, CppTypes.HostMemory)} {host} = {dual}.view_host();");
        e.BindHostView(buffer, host);
    }
}

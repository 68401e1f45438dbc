using System.Runtime.InteropServices;
using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>
/// Receives every diagnostic of one context through mlirContextAttachDiagnosticHandler and keeps
/// them until taken; MLIR then prints nothing to stderr by itself.
/// </summary>
public sealed unsafe class DiagnosticSink
{
    private readonly List<Diagnostic> _pending = [];
    private readonly object _gate = new();

    internal static void Attach(MlirContext context, DiagnosticSink sink)
    {
        var handle = GCHandle.Alloc(sink);
        Mlir.mlirContextAttachDiagnosticHandler(context, &Handle, (void*)GCHandle.ToIntPtr(handle), &Free);
    }

    /// <summary>Diagnostics reported since the last call, oldest first; clears them.</summary>
    public IReadOnlyList<Diagnostic> Take()
    {
        lock (_gate)
        {
            var list = _pending.ToArray();
            _pending.Clear();
            return list;
        }
    }

    public bool HasErrors
    {
        get { lock (_gate) return _pending.Exists(d => d.Severity == Severity.Error); }
    }

    internal static Diagnostic Convert(MlirDiagnostic d)
    {
        var notes = new List<Diagnostic>();
        var n = Mlir.mlirDiagnosticGetNumNotes(d);
        for (nint i = 0; i < n; i++) notes.Add(Convert(Mlir.mlirDiagnosticGetNote(d, i)));
        var severity = Mlir.mlirDiagnosticGetSeverity(d) switch
        {
            MlirDiagnosticSeverity.MlirDiagnosticError => Severity.Error,
            MlirDiagnosticSeverity.MlirDiagnosticWarning => Severity.Warning,
            MlirDiagnosticSeverity.MlirDiagnosticNote => Severity.Note,
            _ => Severity.Remark,
        };
        var message = StringSink.Collect((cb, ud) => Mlir.mlirDiagnosticPrint(d, cb, ud));
        var location = new Location(Mlir.mlirDiagnosticGetLocation(d));
        return new Diagnostic(severity, location.DiagnosticPosition, location.Annotate(message), notes);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static MlirLogicalResult Handle(MlirDiagnostic diagnostic, void* userData)
    {
        try
        {
            var sink = (DiagnosticSink)GCHandle.FromIntPtr((IntPtr)userData).Target!;
            var converted = Convert(diagnostic);
            lock (sink._gate) sink._pending.Add(converted);
        }
        catch (Exception e)
        {
            // Never unwind into native code; keep what can be said about the diagnostic.
            try
            {
                var sink = (DiagnosticSink)GCHandle.FromIntPtr((IntPtr)userData).Target!;
                lock (sink._gate) sink._pending.Add(new Diagnostic(Severity.Error, default, $"(MLIR reported a diagnostic Lapis could not read: {e.Message})", []));
            }
            catch (Exception) { }
        }
        return new MlirLogicalResult { value = 1 };
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Free(void* userData) => GCHandle.FromIntPtr((IntPtr)userData).Free();
}

using System.Runtime.InteropServices;
using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>
/// Owns one MLIRContext with every upstream dialect registered and every upstream pass
/// registered (process-wide). Diagnostics go to <see cref="Diagnostics"/>. Modules and pass
/// managers created from it keep it alive until they are disposed.
/// </summary>
public sealed unsafe class Context : SafeHandle
{
    private static readonly object RegistrationGate = new();
    private static bool _passesRegistered;
    private readonly List<Module> _dialectDefinitions = [];

    public Context() : base(IntPtr.Zero, ownsHandle: true)
    {
        RegisterPassesOnce();
        var registry = Mlir.mlirDialectRegistryCreate();
        try
        {
            Mlir.mlirRegisterAllDialects(registry);
            // Threading off: deterministic diagnostics order, and C# passes run on this thread.
            var raw = Mlir.mlirContextCreateWithRegistry(registry, false);
            SetHandle((IntPtr)raw.ptr);
        }
        finally { Mlir.mlirDialectRegistryDestroy(registry); }
        Mlir.mlirRegisterAllLLVMTranslations(Raw);
        DiagnosticSink.Attach(Raw, Diagnostics);
    }

    public DiagnosticSink Diagnostics { get; } = new();

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal MlirContext Raw
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return new MlirContext { ptr = (void*)handle };
        }
    }

    /// <summary>Allows ops of dialects that are not registered (off by default).</summary>
    public bool AllowUnregisteredDialects
    {
        get => Mlir.mlirContextGetAllowUnregisteredDialects(Raw);
        set => Mlir.mlirContextSetAllowUnregisteredDialects(Raw, value);
    }

    /// <summary>Turns MLIR's multithreading (parallel passes over functions) on or off; on by default.</summary>
    public void EnableMultithreading(bool enable) => Mlir.mlirContextEnableMultithreading(Raw, enable);

    /// <summary>
    /// Loads the dialects an IRDL module defines (mlirLoadIRDLDialects). The definition module
    /// stays alive as long as this context.
    /// </summary>
    public void LoadIrdlDialects(string irdlSource, string sourceName)
    {
        var module = Module.Parse(this, irdlSource, sourceName);
        var ok = Mlir.mlirLoadIRDLDialects(module.Raw).value != 0;
        var errors = Diagnostics.Take();
        if (!ok)
        {
            module.Dispose();
            throw new MlirException($"cannot load IRDL dialects from {sourceName}", errors);
        }
        _dialectDefinitions.Add(module);
    }

    /// <summary>Loads a registered dialect now (dialects otherwise load lazily when parsed).</summary>
    public void LoadDialect(string name)
    {
        var raw = Raw;
        var dialect = StringRef.With(name, n => Mlir.mlirContextGetOrLoadDialect(raw, n));
        if (dialect.ptr == null) throw new ArgumentException($"dialect '{name}' is not registered");
    }

    public bool IsRegisteredOperation(string name) =>
        StringRef.With(name, n => Mlir.mlirContextIsRegisteredOperation(Raw, n));

    protected override bool ReleaseHandle()
    {
        foreach (var module in _dialectDefinitions) module.Dispose();
        // Destroying the context also runs the diagnostic handler's deleteUserData (frees the GCHandle).
        Mlir.mlirContextDestroy(new MlirContext { ptr = (void*)handle });
        return true;
    }

    private static void RegisterPassesOnce()
    {
        lock (RegistrationGate)
        {
            if (_passesRegistered) return;
            Mlir.mlirRegisterAllPasses();
            _passesRegistered = true;
        }
    }
}

using System.Runtime.InteropServices;
using Lapis.Native.Interop;
using Lapis.Native.Ir;
using Lapis.Native.Support;

namespace Lapis.Native.Passes;

/// <summary>
/// Base class of every C# pass. An instance is wrapped by mlirCreateExternalPass and runs
/// inside an MLIR PassManager next to upstream passes. Report problems with
/// <see cref="PassRun.EmitError"/>; an exception thrown by <see cref="Run"/> becomes a located
/// error diagnostic and a pass failure, never an unwinding through native code.
/// </summary>
public abstract class ExternalPass
{
    /// <summary>Pipeline name, e.g. <c>lapis-normalize-parallel-loops</c>.</summary>
    public abstract string Argument { get; }
    public abstract string Description { get; }
    /// <summary>Anchor op name (e.g. <c>func.func</c>), or empty for any operation.</summary>
    public virtual string AnchorOperation => "";

    /// <summary>Sets a pass option from the pipeline text (<c>name{key=value}</c>).</summary>
    public virtual void SetOption(string key, string value) =>
        throw new ArgumentException($"pass '{Argument}' has no option '{key}'");

    public abstract void Run(Operation op, PassRun run);

    /// <summary>A fresh instance with the same options (MLIR clones passes for nested pass managers).</summary>
    public virtual ExternalPass Clone() => (ExternalPass)MemberwiseClone();
}

/// <summary>What a running pass can do besides changing IR.</summary>
public readonly unsafe struct PassRun
{
    private readonly MlirExternalPass _pass;
    internal PassRun(MlirExternalPass pass) => _pass = pass;

    public void SignalFailure() => Mlir.mlirExternalPassSignalFailure(_pass);

    /// <summary>Emits an error diagnostic at <paramref name="location"/> and marks the pass failed.</summary>
    public void EmitError(Location location, string message)
    {
        var bytes = StringRef.Utf8Z(message);
        fixed (byte* p = bytes) Mlir.mlirEmitError(location.Raw, (sbyte*)p);
        SignalFailure();
    }
}

/// <summary>Creates the native MlirPass for an <see cref="ExternalPass"/> (ownership goes to a pass manager).</summary>
internal static unsafe class ExternalPassFactory
{
    private static readonly MlirTypeIDAllocator Allocator = Mlir.mlirTypeIDAllocatorCreate();
    private static readonly Dictionary<System.Type, MlirTypeID> TypeIds = [];

    public static MlirPass Create(ExternalPass pass)
    {
        MlirTypeID id;
        lock (TypeIds)
            if (!TypeIds.TryGetValue(pass.GetType(), out id))
                TypeIds[pass.GetType()] = id = Mlir.mlirTypeIDAllocatorAllocateTypeID(Allocator);
        var callbacks = new MlirExternalPassCallbacks
        {
            construct = &Construct,
            destruct = &Destruct,
            initialize = null,
            clone = &ClonePass,
            run = &RunPass,
        };
        var handle = GCHandle.ToIntPtr(GCHandle.Alloc(pass));
        return StringRef.With(pass.GetType().Name, name =>
            StringRef.With(pass.Argument, arg =>
                StringRef.With(pass.Description, desc =>
                    StringRef.With(pass.AnchorOperation, anchor =>
                        Mlir.mlirCreateExternalPass(id, name, arg, desc, anchor, 0, null, callbacks, (void*)handle)))));
    }

    private static ExternalPass Target(void* userData) => (ExternalPass)GCHandle.FromIntPtr((IntPtr)userData).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Construct(void* userData) { }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Destruct(void* userData) => GCHandle.FromIntPtr((IntPtr)userData).Free();

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void* ClonePass(void* userData) =>
        (void*)GCHandle.ToIntPtr(GCHandle.Alloc(Target(userData).Clone()));

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void RunPass(MlirOperation op, MlirExternalPass pass, void* userData)
    {
        var run = new PassRun(pass);
        var operation = new Operation(op);
        try
        {
            Target(userData).Run(operation, run);
        }
        catch (Exception e)
        {
            run.EmitError(operation.Location, $"internal error in pass '{Target(userData).Argument}': {e.Message}");
        }
    }
}

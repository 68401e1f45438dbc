using System.Runtime.InteropServices;
using Lapis.Native.Interop;
using Lapis.Native.Ir;
using Lapis.Native.Support;

namespace Lapis.Native.Execution;

/// <summary>
/// Owns an MLIR ExecutionEngine (LLVM ORC JIT) over a module already lowered to the LLVM
/// dialect. Functions marked <c>llvm.emit_c_interface</c> are called through
/// <see cref="InvokePacked"/>. Keeps the module's context alive.
/// </summary>
public sealed unsafe class ExecutionEngine : SafeHandle
{
    private readonly Context _context;

    private ExecutionEngine(Context context, MlirExecutionEngine raw) : base(IntPtr.Zero, ownsHandle: true)
    {
        var added = false;
        context.DangerousAddRef(ref added);
        _context = context;
        SetHandle((IntPtr)raw.ptr);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;
    private MlirExecutionEngine Raw => new() { ptr = (void*)handle };

    /// <summary>JIT-compiles <paramref name="module"/> (optimization level 0–3) with the given shared libraries loaded.</summary>
    public static ExecutionEngine Create(Module module, int optLevel, IReadOnlyList<string> sharedLibraries)
    {
        var pinned = sharedLibraries.Select(StringRef.Utf8Z).ToArray();
        var handles = pinned.Select(b => GCHandle.Alloc(b, GCHandleType.Pinned)).ToArray();
        try
        {
            var refs = pinned.Select((b, i) => new MlirStringRef { data = (sbyte*)handles[i].AddrOfPinnedObject(), length = (nuint)(b.Length - 1) }).ToArray();
            module.Context.Diagnostics.Take();
            MlirExecutionEngine raw;
            fixed (MlirStringRef* libs = refs)
                raw = Mlir.mlirExecutionEngineCreate(module.Raw, optLevel, refs.Length, libs, false, false);
            if (raw.ptr == null)
                throw new MlirException("cannot create the MLIR execution engine (is the module lowered to the LLVM dialect?)", module.Context.Diagnostics.Take());
            var engine = new ExecutionEngine(module.Context, raw);
            Mlir.mlirExecutionEngineInitialize(raw);
            return engine;
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
    }

    /// <summary>
    /// Calls <c>_mlir_ciface_&lt;name&gt;</c> packed: <paramref name="arguments"/>[i] points to the i-th
    /// argument of the C interface (results returned through pointers come first).
    /// </summary>
    public void InvokePacked(string name, void** arguments)
    {
        var raw = Raw;
        var ok = StringRef.With(name, n => Mlir.mlirExecutionEngineInvokePacked(raw, n, arguments)).value != 0;
        if (!ok) throw new MlirException($"cannot invoke '{name}': no function _mlir_ciface_{name} (mark it llvm.emit_c_interface)", []);
    }

    protected override bool ReleaseHandle()
    {
        Mlir.mlirExecutionEngineDestroy(Raw);
        _context.DangerousRelease();
        return true;
    }
}

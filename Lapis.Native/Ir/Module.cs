using System.Runtime.InteropServices;
using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>Owns one top-level <c>builtin.module</c>. Keeps its context alive.</summary>
public sealed unsafe class Module : SafeHandle
{
    private readonly Context _context;

    private Module(Context context, MlirModule raw) : base(IntPtr.Zero, ownsHandle: true)
    {
        var added = false;
        context.DangerousAddRef(ref added);
        _context = context;
        SetHandle((IntPtr)raw.ptr);
    }

    public Context Context => _context;

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal MlirModule Raw
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return new MlirModule { ptr = (void*)handle };
        }
    }

    /// <summary>The module as an operation (a view; the module stays the owner).</summary>
    public Operation Operation => new(Mlir.mlirModuleGetOperation(Raw));

    public Block Body => new(Mlir.mlirModuleGetBody(Raw));

    /// <summary>Parses MLIR text; <paramref name="sourceName"/> is used in locations only if MLIR supports it (file parses always carry the path).</summary>
    public static bool TryParse(Context context, string source, out Module? module, out IReadOnlyList<Diagnostic> diagnostics, string sourceName = "<stdin>")
    {
        context.Diagnostics.Take();
        var raw = StringRef.With(source, s => Mlir.mlirModuleCreateParse(context.Raw, s));
        return Finish(context, raw, out module, out diagnostics, sourceName);
    }

    public static bool TryParseFile(Context context, string path, out Module? module, out IReadOnlyList<Diagnostic> diagnostics)
    {
        context.Diagnostics.Take();
        var raw = StringRef.With(path, p => Mlir.mlirModuleCreateParseFromFile(context.Raw, p));
        return Finish(context, raw, out module, out diagnostics, path);
    }

    public static Module Parse(Context context, string source, string sourceName = "<stdin>") =>
        TryParse(context, source, out var m, out var d, sourceName) ? m! : throw new MlirException($"cannot parse {sourceName}", d);

    public static Module ParseFile(Context context, string path) =>
        TryParseFile(context, path, out var m, out var d) ? m! : throw new MlirException($"cannot parse {path}", d);

    public static Module CreateEmpty(Context context) =>
        new(context, Mlir.mlirModuleCreateEmpty(Mlir.mlirLocationUnknownGet(context.Raw)));

    /// <summary>Runs the verifier; diagnostics of a failure are returned.</summary>
    public bool TryVerify(out IReadOnlyList<Diagnostic> diagnostics)
    {
        _context.Diagnostics.Take();
        var ok = Operation.Verify();
        diagnostics = _context.Diagnostics.Take();
        return ok;
    }

    /// <summary>Prints the module as mlir-opt does (pretty form, trailing newline).</summary>
    public override string ToString() => Operation.Print() + "\n";

    private static bool Finish(Context context, MlirModule raw, out Module? module, out IReadOnlyList<Diagnostic> diagnostics, string sourceName)
    {
        diagnostics = Rename(context.Diagnostics.Take(), sourceName);
        if (raw.ptr == null) { module = null; return false; }
        module = new Module(context, raw);
        return true;
    }

    // Diagnostics from a string parse carry "-" as file name: give them the caller's name.
    private static IReadOnlyList<Diagnostic> Rename(IReadOnlyList<Diagnostic> diagnostics, string sourceName) =>
        diagnostics.Select(d => d.Position.IsKnown && d.Position.File is "" or "-"
            ? d with { Position = d.Position with { File = sourceName } }
            : d).ToArray();

    protected override bool ReleaseHandle()
    {
        Mlir.mlirModuleDestroy(new MlirModule { ptr = (void*)handle });
        _context.DangerousRelease();
        return true;
    }
}

using System.Runtime.InteropServices;
using Lapis.Native.Interop;
using Lapis.Native.Ir;
using Lapis.Native.Support;

namespace Lapis.Native.Passes;

/// <summary>
/// Owns one MLIR PassManager anchored on <c>builtin.module</c>. Pipelines are MLIR's textual
/// syntax; names found in <see cref="PassRegistry"/> become C# external passes, every other
/// element is handed to MLIR unchanged.
/// </summary>
public sealed unsafe partial class PassManager : SafeHandle
{
    private readonly Context _context;
    private readonly PassRegistry _registry;

    public PassManager(Context context, PassRegistry? registry = null) : base(IntPtr.Zero, ownsHandle: true)
    {
        var added = false;
        context.DangerousAddRef(ref added);
        _context = context;
        _registry = registry ?? new PassRegistry();
        var raw = StringRef.With("builtin.module", n => Mlir.mlirPassManagerCreateOnOperation(context.Raw, n));
        SetHandle((IntPtr)raw.ptr);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;
    private MlirPassManager Raw => new() { ptr = (void*)handle };

    /// <summary>Adds a pipeline; returns false with diagnostics (column = position in the text) on unknown passes or bad syntax.</summary>
    public bool TryAddPipeline(string pipeline, out IReadOnlyList<Diagnostic> diagnostics)
    {
        var errors = new List<Diagnostic>();
        diagnostics = errors;
        IReadOnlyList<PipelineElement> elements;
        try { elements = PipelineText.Parse(pipeline); }
        catch (PipelineSyntaxException e)
        {
            errors.Add(PipelineError(e.Column, e.Message));
            return false;
        }
        // `builtin.module(...)` names the anchor itself.
        if (elements is [{ IsNesting: true, Name: "builtin.module" } top]) elements = top.Nested!;
        var root = Mlir.mlirPassManagerGetAsOpPassManager(Raw);
        foreach (var e in elements) Add(root, e, errors);
        return errors.Count == 0;
    }

    /// <summary>
    /// Like <see cref="TryAddPipeline"/>, but as mlir-opt's <c>--pass-pipeline</c>: the text must be one
    /// <c>builtin.module(...)</c> (the anchor of this pass manager).
    /// </summary>
    public bool TryAddAnchoredPipeline(string pipeline, out IReadOnlyList<Diagnostic> diagnostics)
    {
        IReadOnlyList<PipelineElement> elements;
        try { elements = PipelineText.Parse(pipeline); }
        catch (PipelineSyntaxException e)
        {
            diagnostics = [PipelineError(e.Column, e.Message)];
            return false;
        }
        if (elements is not [{ IsNesting: true } top])
        {
            diagnostics = [PipelineError(1, "expected pass pipeline to be wrapped with the anchor operation type, e.g. 'builtin.module(...)'")];
            return false;
        }
        if (top.Name != "builtin.module")
        {
            diagnostics = [PipelineError(top.Column, $"can't run '{top.Name}' pass manager on 'builtin.module' op")];
            return false;
        }
        return TryAddPipeline(pipeline, out diagnostics);
    }

    public void AddPipeline(string pipeline)
    {
        if (!TryAddPipeline(pipeline, out var d)) throw new MlirException("invalid pass pipeline", d);
    }

    /// <summary>Prints the IR after every pass (like --mlir-print-ir-after-all) to stderr.</summary>
    public void EnablePrintIrAfterAll()
    {
        var flags = Mlir.mlirOpPrintingFlagsCreate();
        Mlir.mlirPassManagerEnableIRPrinting(Raw, false, true, true, false, false, flags, default);
        Mlir.mlirOpPrintingFlagsDestroy(flags);
    }

    /// <summary>MLIR's pass timing (like --mlir-timing): the report goes to stderr when this pass manager is disposed.</summary>
    public void EnableTiming() => Mlir.mlirPassManagerEnableTiming(Raw);

    /// <summary>
    /// MLIR's local crash reproducer (like mlir-opt's --mlir-pass-pipeline-crash-reproducer with
    /// --mlir-pass-pipeline-local-reproducer): a pass that crashes leaves <paramref name="path"/>
    /// with the IR before that pass and a pipeline running only it. The context must run single-threaded.
    /// </summary>
    public void EnableCrashReproducer(string path)
    {
        _context.EnableMultithreading(false);
        lapis_pass_manager_enable_crash_reproducer(Raw, path);
    }

    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void lapis_pass_manager_enable_crash_reproducer(MlirPassManager pm, string path);

    public void EnableVerifier(bool enable) => Mlir.mlirPassManagerEnableVerifier(Raw, enable);

    public bool TryRun(Module module, out IReadOnlyList<Diagnostic> diagnostics)
    {
        _context.Diagnostics.Take();
        var ok = Mlir.mlirPassManagerRunOnOp(Raw, module.Operation.Raw).value != 0;
        diagnostics = _context.Diagnostics.Take();
        return ok;
    }

    public void Run(Module module)
    {
        if (!TryRun(module, out var d)) throw new MlirException("pass pipeline failed", d);
    }

    private void Add(MlirOpPassManager pm, PipelineElement element, List<Diagnostic> errors)
    {
        if (!element.IsNesting && _registry.TryCreate(element.Name, out var pass))
        {
            try { ApplyOptions(pass!, element); }
            catch (ArgumentException e) { errors.Add(PipelineError(element.Column, e.Message)); return; }
            Mlir.mlirOpPassManagerAddOwnedPass(pm, ExternalPassFactory.Create(pass!));
            return;
        }
        if (element.IsNesting && Contains(element, _registry))
        {
            var nested = StringRef.With(element.Name, n => Mlir.mlirOpPassManagerGetNestedUnder(pm, n));
            foreach (var child in element.Nested!) Add(nested, child, errors);
            return;
        }
        var message = StringSinkResult(pm, element.Text, out var ok);
        if (!ok) errors.Add(PipelineError(element.Column, message.Length > 0 ? message : $"invalid pipeline element '{element.Text}'"));
    }

    private static string StringSinkResult(MlirOpPassManager pm, string text, out bool ok)
    {
        var success = false;
        var message = StringSink.Collect((cb, ud) =>
            success = StringRef.With(text, t => Mlir.mlirOpPassManagerAddPipeline(pm, t, cb, ud)).value != 0);
        ok = success;
        return CleanMessage(message);
    }

    /// <summary>
    /// MLIR's pipeline errors carry their own parser prefixes, a copy of the text with a caret and
    /// blank lines: keep one line of reasons (the column is already in our diagnostic).
    /// </summary>
    internal static string CleanMessage(string message)
    {
        var lines = message.Split('\n').Select(l => l.TrimEnd()).ToList();
        var reasons = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var parser = line.IndexOf("MLIR Textual PassPipeline Parser:", StringComparison.Ordinal);
            if (parser >= 0)
            {
                var error = line.IndexOf("error: ", parser, StringComparison.Ordinal);
                line = error >= 0 ? line[(error + "error: ".Length)..] : line[parser..];
                i += 2; // the echoed pipeline and the caret under it
            }
            line = line.Replace("<Pass-Options-Parser>: ", "", StringComparison.Ordinal).Trim();
            if (line.Length > 0) reasons.Add(line);
        }
        return string.Join("; ", reasons);
    }

    private static bool Contains(PipelineElement e, PassRegistry registry) =>
        e.IsNesting ? e.Nested!.Any(c => Contains(c, registry)) : registry.Contains(e.Name);

    private static void ApplyOptions(ExternalPass pass, PipelineElement element)
    {
        var open = element.Text.IndexOf('{');
        if (open < 0) return;
        var body = element.Text[(open + 1)..^1];
        foreach (var pair in body.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq < 0) pass.SetOption(pair, "true");
            else pass.SetOption(pair[..eq], pair[(eq + 1)..]);
        }
    }

    private static Diagnostic PipelineError(int column, string message) =>
        new(Severity.Error, new SourcePosition("<pass-pipeline>", 1, column), message, []);

    protected override bool ReleaseHandle()
    {
        Mlir.mlirPassManagerDestroy(Raw);
        _context.DangerousRelease();
        return true;
    }
}

/// <summary>Maps pipeline names to factories of C# passes.</summary>
public sealed class PassRegistry
{
    private readonly SortedDictionary<string, Func<ExternalPass>> _factories = new(StringComparer.Ordinal);

    public PassRegistry Register(Func<ExternalPass> factory)
    {
        var sample = factory();
        _factories[sample.Argument] = factory;
        return this;
    }

    public bool Contains(string name) => _factories.ContainsKey(name);

    public bool TryCreate(string name, out ExternalPass? pass)
    {
        pass = _factories.TryGetValue(name, out var f) ? f() : null;
        return pass is not null;
    }

    public IEnumerable<ExternalPass> All => _factories.Values.Select(f => f());
}

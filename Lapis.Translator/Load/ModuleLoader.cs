using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Load;

/// <summary>
/// Stage 1: a context with every upstream dialect and our kokkos dialect, and the parsed,
/// verified input module. Errors come back as located diagnostics.
/// </summary>
public static class ModuleLoader
{
    /// <summary>A fresh context with upstream dialects, upstream passes and the kokkos dialect loaded.</summary>
    public static Context CreateContext()
    {
        var context = new Context();
        KokkosDialect.Load(context);
        return context;
    }

    /// <summary>Parses <paramref name="path"/> ("-" = stdin) and verifies it; a <c>.onnx</c> model is imported first.</summary>
    public static Module Load(Context context, string path)
    {
        if (Import.OnnxImporter.IsOnnxPath(path)) return Import.OnnxImporter.Import(context, path);
        Module? module;
        IReadOnlyList<Diagnostic> diagnostics;
        bool ok;
        if (path == "-")
            ok = Module.TryParse(context, Console.In.ReadToEnd(), out module, out diagnostics, "<stdin>");
        else if (!File.Exists(path))
            throw new TranslationException(new Diagnostic(Severity.Error, default, $"cannot open input file '{path}': no such file", []));
        else
            ok = Module.TryParseFile(context, path, out module, out diagnostics);
        if (!ok) throw new TranslationException(diagnostics);
        // Parsing already verifies; an explicit check keeps the guarantee if that ever changes.
        if (!module!.TryVerify(out var verifyErrors))
        {
            module.Dispose();
            throw new TranslationException(verifyErrors);
        }
        return module;
    }
}

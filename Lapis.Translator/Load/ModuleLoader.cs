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

    /// <summary>Parses <paramref name="path"/> ("-" = stdin) within <paramref name="limits"/> and verifies it.</summary>
    public static Module Load(Context context, string path, InputLimits? limits = null)
    {
        Cli.WorkerStage.Enter("parsing");
        var stdin = InputGuard.Check(path, limits ?? InputLimits.Default);
        Module? module;
        IReadOnlyList<Diagnostic> diagnostics;
        bool ok;
        if (stdin is not null)
        {
            Cli.WorkerStage.SaveInput(stdin);
            ok = Module.TryParse(context, stdin, out module, out diagnostics, "<stdin>");
        }
        else
            ok = Module.TryParseFile(context, path, out module, out diagnostics);
        if (!ok) throw new TranslationException(diagnostics);
        // Parsing already verifies; an explicit check keeps the guarantee if that ever changes.
        if (!module!.TryVerify(out var verifyErrors))
        {
            module.Dispose();
            throw new TranslationException(verifyErrors);
        }
        try { ConstantDimCheck.Run(module); }
        catch
        {
            module.Dispose();
            throw;
        }
        return module;
    }
}

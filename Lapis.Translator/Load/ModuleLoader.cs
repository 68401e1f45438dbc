using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Load;

/// <summary>
/// Stage 1: a context with every upstream dialect and our kokkos dialect, and the parsed,
/// verified input module. Errors come back as located diagnostics.
/// </summary>
public static partial class ModuleLoader
{
    /// <summary>A fresh context with upstream dialects, upstream passes and the kokkos dialect loaded.</summary>
    public static Context CreateContext()
    {
        Cli.StageTiming.Enter("context");
        var context = new Context();
        KokkosDialect.Load(context);
        Cli.WorkerStage.RegisterTestPasses();
        return context;
    }

    /// <summary>Parses <paramref name="path"/> ("-" = stdin) within <paramref name="limits"/> and verifies it; a <c>.onnx</c> model is imported first.</summary>
    public static Module Load(Context context, string path, InputLimits? limits = null)
    {
        Cli.WorkerStage.Enter("parsing");
        if (Import.OnnxImporter.IsOnnxPath(path))
        {
            InputGuard.CheckFile(path, limits ?? InputLimits.Default);
            return Import.OnnxImporter.Import(context, path);
        }
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
        if (!ok) throw new TranslationException(diagnostics.Count > 0 ? diagnostics : [SilentParseFailure(path, stdin)]);
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

    /// <summary>
    /// MLIR's parser fails without a diagnostic on IRDL ops written in custom syntax
    /// (<c>kokkos.team_barrier</c>): point at the first one, or at least name the file.
    /// </summary>
    private static Diagnostic SilentParseFailure(string path, string? stdin)
    {
        var name = stdin is null ? path : "<stdin>";
        var lines = (stdin ?? File.ReadAllText(path)).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var m = CustomKokkosOp().Match(lines[i]);
            if (m.Success)
                return new Diagnostic(Severity.Error, new SourcePosition(name, i + 1, m.Groups[1].Index + 1),
                    $"'{m.Groups[1].Value}' must be written in generic form (\"{m.Groups[1].Value}\"(operands) : (types) -> (types)): the kokkos dialect has no custom syntax", []);
        }
        return new Diagnostic(Severity.Error, new SourcePosition(name, 1, 1), "MLIR could not parse this file and gave no reason", []);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:%[\w.$-]+(?::\d+)?(?:\s*,\s*%[\w.$-]+)*\s*=\s*)?(kokkos\.\w+)")]
    private static partial System.Text.RegularExpressions.Regex CustomKokkosOp();
}

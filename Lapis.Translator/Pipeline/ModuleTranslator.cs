using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Emit;
using Lapis.Translator.Load;

namespace Lapis.Translator.Pipeline;

/// <summary>Runs the four stages: load, upstream lowering, Kokkos mapping, emit.</summary>
public static class ModuleTranslator
{
    public static TranslationResult Translate(string inputPath, TranslationOptions options, bool emitIr = false)
    {
        using var context = ModuleLoader.CreateContext();
        using var module = ModuleLoader.Load(context, inputPath);
        Lower(context, module, InputClassifier.Classify(module));
        var stem = options.OutputPath == "-" ? options.Namespace : Path.GetFileNameWithoutExtension(options.OutputPath);
        var dir = options.OutputPath == "-" ? "" : Path.GetDirectoryName(Path.GetFullPath(options.OutputPath))!;
        if (emitIr)
        {
            var ir = module.ToString();
            return new TranslationResult("", "", ir, [(options.OutputPath, ir)]);
        }
        var headerName = stem + ".hpp";
        var emitted = ModuleEmitter.Emit(module, new EmitOptions(options.Namespace, headerName, SourceName: inputPath == "-" ? "<stdin>" : Path.GetFileName(inputPath)));
        var files = new List<(string, string)>
        {
            (Path.Combine(dir, headerName), emitted.Header),
            (options.OutputPath, emitted.Source),
        };
        return new TranslationResult(headerName, emitted.Header, emitted.Source, files);
    }

    public static void Lower(Context context, Module module, InputKind kind)
    {
        using var pm = new PassManager(context, LapisPasses.Registry);
        if (!pm.TryAddPipeline(Pipelines.For(kind), out var errors)) throw new TranslationException(errors);
        if (!pm.TryRun(module, out var runErrors)) throw new TranslationException(runErrors);
    }
}

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
        return Translate(module, options, inputPath == "-" ? "<stdin>" : Path.GetFileName(inputPath), emitIr);
    }

    /// <summary>Lowers and emits an already loaded module (it is changed in place).</summary>
    public static TranslationResult Translate(Module module, TranslationOptions options, string sourceName, bool emitIr = false)
    {
        var kind = InputClassifier.Classify(module);
        if (kind == InputKind.SparseTensors)
        {
            var first = module.Operation.Collect(o => o.Name.StartsWith("sparse_tensor.", StringComparison.Ordinal)
                || o.Results.Concat(o.Operands).Any(v => v.Type.HasSparseEncoding)
                || (o.Name == "func.func" && o.Region(0).Blocks.Count > 0 && o.Region(0).FirstBlock.Arguments.Any(a => a.Type.HasSparseEncoding))).First();
            throw TranslationException.At(first.Location,
                $"unsupported: sparse tensors ('{first.Name}' uses a #sparse_tensor.encoding); Lapis translates dense linalg and scf/memref code only for now");
        }
        Lower(module.Context, module, kind, options.TeamLevel);
        if (emitIr)
        {
            var ir = module.ToString();
            return new TranslationResult("", "", ir, [OutputFile.Text(options.OutputPath, ir)]);
        }
        var stem = options.OutputPath == "-" ? options.Namespace : Path.GetFileNameWithoutExtension(options.OutputPath);
        var dir = options.OutputPath == "-" ? "" : Path.GetDirectoryName(Path.GetFullPath(options.OutputPath))!;
        var headerName = stem + ".hpp";
        var weightsName = stem + ".weights.bin";
        var emitted = ModuleEmitter.Emit(module, new EmitOptions(options.Namespace, headerName, sourceName, weightsName));
        var files = new List<OutputFile>
        {
            OutputFile.Text(Path.Combine(dir, headerName), emitted.Header),
            OutputFile.Text(options.OutputPath, emitted.Source),
        };
        if (emitted.HasWeights)
        {
            if (options.OutputPath == "-")
                throw new TranslationException(new Diagnostic(Severity.Error, default,
                    $"this module has {emitted.Weights.Length} bytes of large constants that go to a side file: write to a file with -o, not to stdout", []));
            files.Add(new OutputFile(Path.Combine(dir, weightsName), emitted.Weights));
        }
        return new TranslationResult(headerName, emitted.Header, emitted.Source, files) { Notes = emitted.Notes };
    }

    public static void Lower(Context context, Module module, InputKind kind, bool teamLevel = false)
    {
        using var pm = new PassManager(context, LapisPasses.Registry);
        if (!pm.TryAddPipeline(Pipelines.For(kind, teamLevel), out var errors)) throw new TranslationException(errors);
        if (!pm.TryRun(module, out var runErrors)) throw new TranslationException(runErrors);
    }
}

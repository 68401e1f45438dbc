using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Emit;
using Lapis.Translator.Load;

namespace Lapis.Translator.Pipeline;

/// <summary>Runs the four stages: load, upstream lowering, Kokkos mapping, emit.</summary>
public static class ModuleTranslator
{
    public static TranslationResult Translate(string inputPath, TranslationOptions options, bool emitIr = false, InputLimits? limits = null)
    {
        using var context = ModuleLoader.CreateContext();
        using var module = ModuleLoader.Load(context, inputPath, limits);
        return Translate(module, options, inputPath == "-" ? "<stdin>" : Path.GetFileName(inputPath), emitIr);
    }

    /// <summary>Lowers and emits an already loaded module (it is changed in place).</summary>
    public static TranslationResult Translate(Module module, TranslationOptions options, string sourceName, bool emitIr = false)
    {
        if (!options.EmitOnly)
        {
            var kind = InputClassifier.Classify(module);
            Lower(module.Context, module, kind, options.TeamLevel, options.UnsafeSparseParallelism, options.Kernels);
            if (kind == InputKind.SparseTensors) RejectUnsparsified(module);
        }
        if (options.DropSync is { } sync) Drop(module, "kokkos.sync", sync);
        if (options.DropModify is { } modify) Drop(module, "kokkos.modify", modify);
        if (emitIr)
        {
            var ir = module.ToString();
            return new TranslationResult("", "", ir, [OutputFile.Text(options.OutputPath, ir)]);
        }
        var stem = options.OutputPath == "-" ? options.Namespace : Path.GetFileNameWithoutExtension(options.OutputPath);
        var dir = options.OutputPath == "-" ? "" : Path.GetDirectoryName(Path.GetFullPath(options.OutputPath))!;
        var headerName = stem + ".hpp";
        var weightsName = stem + ".weights.bin";
        var emitted = ModuleEmitter.Emit(module, new EmitOptions(options.Namespace, headerName, sourceName, weightsName, options.CheckSyncs));
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
        return new TranslationResult(headerName, emitted.Header, emitted.Source, files) { Notes = emitted.Notes, IntoForms = emitted.IntoForms };
    }

    /// <summary>The negative control of the sync checks: erases the <paramref name="index"/>-th <paramref name="name"/> op.</summary>
    private static void Drop(Module module, string name, int index)
    {
        var ops = module.Operation.Collect(o => o.Name == name);
        if (index < 0 || index >= ops.Count)
            throw new TranslationException(new Diagnostic(Severity.Error, default, $"cannot drop {name} #{index}: the module has {ops.Count}", []));
        ops[index].Erase();
    }

    /// <summary>
    /// A kernel the sparsifier cannot generate code for is left on sparse tensors behind an
    /// unrealized cast: say so at its location instead of failing later on the cast.
    /// </summary>
    private static void RejectUnsparsified(Module module)
    {
        var left = module.Operation.Collect(o => o.Name == "builtin.unrealized_conversion_cast" && o.Results.Any(r => r.Type.HasSparseEncoding));
        if (left.Count == 0) return;
        var cast = left[0];
        var type = cast.Results.First(r => r.Type.HasSparseEncoding).Type;
        throw TranslationException.At(cast.Location,
            $"unsupported: MLIR's sparsifier could not generate code for a kernel on '{type}' (a sparse operand stayed unconverted). " +
            "Kernels must not depend on the implicit zeros: express max/min-like reductions with sparse_tensor.reduce and non-zero-preserving maps with sparse_tensor.unary");
    }

    public static void Lower(Context context, Module module, InputKind kind, bool teamLevel = false, bool unsafeSparseParallelism = false,
        KernelSource kernels = KernelSource.Generated)
    {
        using var pm = new PassManager(context, LapisPasses.Registry);
        var pipeline = kind == InputKind.SparseTensors
            ? Pipelines.For(kind, teamLevel, SparsifierCrashShapes.StrategyFor(module), raceChecks: !unsafeSparseParallelism)
            : Pipelines.For(kind, teamLevel, kernels: kernels);
        if (!pm.TryAddPipeline(pipeline, out var errors)) throw new TranslationException(errors);
        if (Cli.StageTiming.Enabled) pm.EnableTiming();
        Cli.WorkerStage.PrepareReproducer(pm);
        Cli.WorkerStage.Enter("pass pipeline", pipeline);
        if (!pm.TryRun(module, out var runErrors)) throw new TranslationException(runErrors);
        Cli.WorkerStage.Enter("C++ emission");
    }
}

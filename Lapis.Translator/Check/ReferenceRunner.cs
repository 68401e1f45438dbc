using Lapis.Native.Execution;
using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Lapis.Translator.Load;

namespace Lapis.Translator.Check;

/// <summary>
/// Runs a module through MLIR's own lowering (bufferization, linalg to sequential loops,
/// LLVM dialect) and JIT (ExecutionEngine): the reference `lapis check` compares against.
/// None of Lapis' passes run here.
/// </summary>
public static class ReferenceRunner
{
    public const string Pipeline =
        "builtin.module(inline," +
        "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}," +
        "func.func(convert-linalg-to-loops),expand-strided-metadata,lower-affine,convert-scf-to-cf," +
        "func.func(convert-math-to-llvm),convert-math-to-libm,convert-to-llvm,reconcile-unrealized-casts)";

    public static readonly string[] RuntimeLibraries =
        ["/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so", "/usr/lib/llvm-22/lib/libmlir_runner_utils.so"];

    /// <summary>
    /// Lowers <paramref name="module"/> in place with an upstream <paramref name="pipeline"/> and
    /// JIT-compiles it at -O3 with MLIR's runner libraries; pipeline errors are located errors.
    /// </summary>
    public static ExecutionEngine Compile(Module module, string pipeline)
    {
        using (var pm = new PassManager(module.Context))
        {
            pm.AddPipeline(pipeline);
            if (!pm.TryRun(module, out var errors)) throw new TranslationException(errors);
        }
        return ExecutionEngine.Create(module, optLevel: 3, RuntimeLibraries.Where(File.Exists).ToArray());
    }

    /// <summary>Calls the entry on <paramref name="inputs"/> (row-major bytes per argument) and returns each result row-major.</summary>
    public static IReadOnlyList<CResultValue> Run(Module module, EntrySignature entry, IReadOnlyList<byte[]> inputs) =>
        Run(module, entry, inputs, repeat: 0, out _);

    /// <summary>Also times <paramref name="repeat"/> further calls (mean time per call; JIT at -O3, one thread).</summary>
    public static IReadOnlyList<CResultValue> Run(Module module, EntrySignature entry, IReadOnlyList<byte[]> inputs, int repeat, out TimeSpan meanCallTime) =>
        Run(module, entry, inputs, repeat, out meanCallTime, out _);

    /// <summary>Also returns each shaped argument's contents after the first call (null for scalars).</summary>
    public static IReadOnlyList<CResultValue> Run(Module module, EntrySignature entry, IReadOnlyList<byte[]> inputs, int repeat, out TimeSpan meanCallTime,
        out IReadOnlyList<byte[]?> argumentsAfterCall)
    {
        var func = module.Body.Operations.First(o => o.Name == "func.func" && o.Attribute("sym_name").StringValue == entry.Name);
        func.SetAttribute("llvm.emit_c_interface", OpBuilder.For(func).Unit);
        using var engine = Compile(module, Pipeline);
        return CInterfaceCall.Invoke(engine, entry.Name,
            entry.Arguments.Select((a, i) => new CArgument(inputs[i], a.Kind.Size(), a.Shape)).ToArray(),
            entry.Results.Select(r => new CResult(r.Kind.Size(), r.Shape?.Length)).ToArray(),
            repeat, out meanCallTime, out argumentsAfterCall);
    }
}

using System.CommandLine;
using Lapis.Native.Passes;
using Lapis.Translator.Load;
using Lapis.Translator.Pipeline;

namespace Lapis.Translator.Cli;

/// <summary><c>lapis opt</c>: like mlir-opt, with Lapis passes available by name in the pipeline.</summary>
public static class OptCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Input .mlir file ('-' for stdin)", DefaultValueFactory = _ => "-" };
        var pipeline = new Option<string?>("--pass-pipeline", "-p") { Description = "Textual pass pipeline, e.g. \"builtin.module(canonicalize,lapis-normalize-parallel-loops)\"" };
        var output = new Option<string>("--output", "-o") { Description = "Output file ('-' for stdout)", DefaultValueFactory = _ => "-" };
        var printAfterAll = new Option<bool>("--print-ir-after-all") { Description = "Print the IR after every pass to stderr" };
        var generic = new Option<bool>("--mlir-print-op-generic") { Description = "Print operations in generic form" };
        var debugInfo = new Option<bool>("--mlir-print-debuginfo") { Description = "Print locations" };
        var listPasses = new Option<bool>("--list-lapis-passes") { Description = "List the passes Lapis adds to MLIR's" };
        var timeLimit = CommonOptions.TimeLimit();
        var maxInput = CommonOptions.MaxInputSize();
        var command = new Command("opt", "Run a pass pipeline (upstream MLIR passes and Lapis passes) and print the resulting IR.")
        {
            input, pipeline, output, printAfterAll, generic, debugInfo, listPasses, timeLimit, maxInput,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            if (parse.GetValue(listPasses))
            {
                foreach (var p in LapisPasses.Registry.All) Console.WriteLine($"  {p.Argument,-40} {p.Description}");
                return;
            }
            var path = parse.GetValue(input)!;
            var outputPath = parse.GetValue(output)!;
            OutputPaths.Validate([outputPath], path);
            using var context = ModuleLoader.CreateContext();
            var text = parse.GetValue(pipeline);
            using var pm = new PassManager(context, LapisPasses.Registry);
            // Like mlir-opt: the pipeline is checked before the input is read.
            if (!string.IsNullOrWhiteSpace(text) && !pm.TryAddAnchoredPipeline(text, out var pipelineErrors))
                throw new TranslationException(pipelineErrors);
            using var module = ModuleLoader.Load(context, path, CommonOptions.Limits(parse.GetValue(maxInput)));
            if (!string.IsNullOrWhiteSpace(text))
            {
                SparsifierCrashShapes.CheckPipeline(module, text);
                if (parse.GetValue(printAfterAll)) pm.EnablePrintIrAfterAll();
                WorkerStage.PrepareReproducer(pm);
                WorkerStage.Enter("pass pipeline", text);
                if (!pm.TryRun(module, out var runErrors)) throw new TranslationException(runErrors);
            }
            WorkerStage.Enter("printing");
            var printed = module.Operation.Print(generic: parse.GetValue(generic), debugInfo: parse.GetValue(debugInfo)) + "\n";
            WorkerStage.Enter("writing outputs");
            AtomicFile.Write(outputPath, printed, path);
        }));
        return command;
    }
}

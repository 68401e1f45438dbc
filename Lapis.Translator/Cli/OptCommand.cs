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
        var command = new Command("opt", "Run a pass pipeline (upstream MLIR passes and Lapis passes) and print the resulting IR.")
        {
            input, pipeline, output, printAfterAll, generic, debugInfo, listPasses,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            if (parse.GetValue(listPasses))
            {
                foreach (var p in LapisPasses.Registry.All) Console.WriteLine($"  {p.Argument,-40} {p.Description}");
                return;
            }
            using var context = ModuleLoader.CreateContext();
            using var module = ModuleLoader.Load(context, parse.GetValue(input)!);
            var text = parse.GetValue(pipeline);
            if (!string.IsNullOrWhiteSpace(text))
            {
                SparsifierCrashShapes.CheckPipeline(module, text);
                using var pm = new PassManager(context, LapisPasses.Registry);
                if (!pm.TryAddPipeline(text, out var pipelineErrors)) throw new TranslationException(pipelineErrors);
                if (parse.GetValue(printAfterAll)) pm.EnablePrintIrAfterAll();
                if (!pm.TryRun(module, out var runErrors)) throw new TranslationException(runErrors);
            }
            var printed = module.Operation.Print(generic: parse.GetValue(generic), debugInfo: parse.GetValue(debugInfo)) + "\n";
            AtomicFile.Write(parse.GetValue(output)!, printed);
        }));
        return command;
    }
}

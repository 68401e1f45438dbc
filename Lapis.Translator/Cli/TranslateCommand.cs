using System.CommandLine;
using Lapis.Translator.Load;
using Lapis.Translator.Pipeline;

namespace Lapis.Translator.Cli;

/// <summary><c>lapis translate</c>: MLIR in, Kokkos C++ out (header + source).</summary>
public static class TranslateCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Input .mlir file ('-' for stdin)" };
        var output = new Option<string>("--output", "-o") { Description = "Output .cpp file; the header is written next to it with .hpp ('-': one self-contained unit to stdout)", Required = true };
        var ns = new Option<string?>("--namespace") { Description = "C++ namespace of the generated API (default: the input file's name)" };
        var emit = new Option<string>("--emit") { Description = "What to write: cpp (default) or kokkos-ir (the IR after Lapis' passes)", DefaultValueFactory = _ => "cpp" };
        emit.AcceptOnlyFromAmong("cpp", "kokkos-ir");
        // Hidden: for the race stress test's negative control only (generated code may race).
        var unsafeSparse = new Option<bool>("--unsafe-sparse-parallelism") { Hidden = true };
        var checkSyncs = new Option<bool>("--check-syncs") { Description = "Before every use of a DualView, check that its side is up to date (abort naming the buffer otherwise): a sanitizer for the generated syncs, effective on every backend" };
        // Hidden: for the sync checks' negative control only (erases one kokkos.sync).
        var dropSync = new Option<int?>("--drop-sync") { Hidden = true };
        var dropModify = new Option<int?>("--drop-modify") { Hidden = true };
        var teamLevel = new Option<bool>("--team-level") { Description = "Also generate, for every public function with static shapes, a team-level variant f_team(team, globals, scratch, inputs..., outputs...) callable inside the application's own TeamPolicy" };
        var kernels = CommonOptions.Kernels();
        var timeLimit = CommonOptions.TimeLimit();
        var maxInput = CommonOptions.MaxInputSize();
        var command = new Command("translate", "Translate an MLIR module into Kokkos C++.") { input, output, ns, emit, teamLevel, kernels, checkSyncs, timeLimit, maxInput, unsafeSparse, dropSync, dropModify };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(input)!;
            var outputPath = parse.GetValue(output)!;
            if (parse.GetValue(ns) is { } given) CommonOptions.ValidateNamespace(given);
            var emitIr = parse.GetValue(emit) == "kokkos-ir";
            // The header goes next to the source: check both before any work.
            OutputPaths.Validate(emitIr || outputPath == "-" ? [outputPath] : [outputPath, HeaderPath(outputPath)], path);
            var options = new TranslationOptions(
                Namespace: parse.GetValue(ns) ?? TranslationOptions.NamespaceFromPath(path),
                OutputPath: outputPath,
                TeamLevel: parse.GetValue(teamLevel))
            {
                UnsafeSparseParallelism = parse.GetValue(unsafeSparse),
                CheckSyncs = parse.GetValue(checkSyncs),
                DropSync = parse.GetValue(dropSync),
                DropModify = parse.GetValue(dropModify),
                Kernels = CommonOptions.KernelSource(parse.GetValue(kernels)),
            };
            var result = ModuleTranslator.Translate(path, options, emitIr, CommonOptions.Limits(parse.GetValue(maxInput)));
            foreach (var note in result.Notes) Console.Error.WriteLine($"warning: {note}");
            WorkerStage.Enter("writing outputs");
            if (options.OutputPath == "-") AtomicFile.Write("-", result.SingleUnit());
            else AtomicFile.WriteAll(result.Files, path);
            StageTiming.End();
        }));
        return command;
    }

    /// <summary>Where the header of <c>-o PATH</c> goes (as <see cref="ModuleTranslator"/> names it).</summary>
    private static string HeaderPath(string output) =>
        Path.Combine(Path.GetDirectoryName(output) ?? "", Path.GetFileNameWithoutExtension(output) + ".hpp");
}

using System.CommandLine;
using Lapis.Translator.Run;

namespace Lapis.Translator.Cli;

/// <summary>
/// <c>lapis run FILE.mlir [-e main] [--args ...]</c>: the whole program through Lapis to Kokkos
/// C++, built (cached) and run; its stdout is the program's own.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Input .mlir program" };
        var entry = new Option<string>("-e", "--entry-point") { Description = "Function to run (no arguments, no results)", DefaultValueFactory = _ => "main" };
        var args = new Option<string[]>("--args") { Description = "Arguments of the built program (e.g. --kokkos-num-threads=4)", AllowMultipleArgumentsPerToken = true };
        var kokkos = new Option<string?>("--kokkos-root") { Description = "Kokkos install prefix (default: $LAPIS_KOKKOS_ROOT or .deps/kokkos-3.4)" };
        var cache = new Option<string?>("--cache-dir") { Description = "Where built programs are kept by content hash (default: $LAPIS_CACHE_DIR/run or ~/.cache/lapis/run)" };
        var translateOnly = new Option<string?>("--translate-only") { Description = "Only write the program's C++ (program.hpp, program.cpp, main.cpp) into this folder; build and run nothing" };
        var command = new Command("run", "Translate a whole program to Kokkos C++, build it (OpenMP, cached) and run its entry function, like mlir-runner.")
        {
            input, entry, args, kokkos, cache, translateOnly,
        };
        command.SetAction(parse =>
        {
            var exit = 0;
            var code = CommandRunner.Run(() =>
            {
                exit = ProgramRunner.Run(new RunOptions(parse.GetValue(input)!, parse.GetValue(entry)!, parse.GetValue(args) ?? [],
                    parse.GetValue(kokkos), parse.GetValue(cache)) { TranslateOnlyDirectory = parse.GetValue(translateOnly) }, Console.Error);
            });
            return code != 0 ? code : exit;
        });
        return command;
    }
}

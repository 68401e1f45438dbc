using System.CommandLine;
using Lapis.Translator.Check;

namespace Lapis.Translator.Cli;

/// <summary><c>lapis check</c>: differential test of the translation against MLIR's own execution.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Input .mlir file" };
        var entry = new Option<string?>("--entry") { Description = "Function to run (default: the first public function)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random inputs (and of elided weights)", DefaultValueFactory = _ => 1 };
        var size = new Option<long>("--dynamic-size") { Description = $"Extent of the dynamic dimensions neither given by --dim nor inferred (1..{DimensionSizes.MaxExtent})", DefaultValueFactory = _ => 32 };
        var dims = new Option<string[]>("--dim") { Description = "argN.D=SIZE: extent of dimension D of argument N (dimensions that must agree with it follow)", AllowMultipleArgumentsPerToken = false };
        var timeout = new Option<int>("--reference-timeout") { Description = "Seconds MLIR's reference may run before it is reported as hung", DefaultValueFactory = _ => 600 };
        var work = new Option<string?>("--work-dir") { Description = "Keep the generated project here (default: a temporary folder)" };
        var kokkos = new Option<string?>("--kokkos-root") { Description = "Kokkos install prefix (default: $LAPIS_KOKKOS_ROOT or .deps/kokkos-3.4)" };
        var repeat = new Option<int>("--time") { Description = "Also time N calls of both the generated code and MLIR's JIT and print the ratio", DefaultValueFactory = _ => 0 };
        var args = new Option<string[]>("--arg") { Description = "argN=FILE: values of argument N (one per line, row-major; a Matrix Market .mtx file for a sparse matrix) instead of random ones", AllowMultipleArgumentsPerToken = false };
        var density = new Option<double>("--density") { Description = "Fraction of nonzeros in random sparse tensors", DefaultValueFactory = _ => 0.1 };
        var cxxFlags = new Option<string?>("--cxx-flags") { Description = "Extra flags for compiling and linking the generated program (e.g. \"-fsanitize=undefined -fno-sanitize-recover=all\")" };
        var kernels = CommonOptions.Kernels();
        var kokkosKernels = new Option<string?>("--kokkos-kernels-root") { Description = "Kokkos Kernels install prefix for --kernels kokkos-kernels (default: $LAPIS_KOKKOS_KERNELS_ROOT or .deps/kokkos-kernels-3.4)" };
        var command = new Command("check", "Translate, build against Kokkos, run on seeded random inputs and compare every output with MLIR's own execution.")
        {
            input, entry, seed, size, dims, work, kokkos, kernels, kokkosKernels, args, repeat, density, timeout, cxxFlags,
        };
        command.SetAction(parse =>
        {
            CheckReport? report = null;
            var code = CommandRunner.Run(() =>
            {
                var sizes = DimensionSizes.Parse(parse.GetValue(size), parse.GetValue(dims) ?? []);
                if (parse.GetValue(timeout) < 1) throw new Load.TranslationException(new Native.Ir.Diagnostic(Native.Ir.Severity.Error, default, "--reference-timeout must be at least 1 second", []));
                report = CheckRunner.Run(new CheckOptions(parse.GetValue(input)!, parse.GetValue(entry), parse.GetValue(seed),
                    parse.GetValue(size), parse.GetValue(work), parse.GetValue(kokkos), ParseArgs(parse.GetValue(args)), parse.GetValue(repeat), parse.GetValue(density),
                    sizes, TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(cxxFlags))
                {
                    Kernels = CommonOptions.KernelSource(parse.GetValue(kernels)),
                    KokkosKernelsRoot = parse.GetValue(kokkosKernels),
                }, Console.Error);
                Console.WriteLine($"lapis check {parse.GetValue(input)} @{report.Entry.Name} (seed {parse.GetValue(seed)})");
                foreach (var o in report.Outputs) Console.WriteLine("  " + o);
                if (report.Outputs.Count == 0) Console.WriteLine($"  0 outputs compared: @{report.Entry.Name} returns nothing and writes no argument  FAIL");
                if (report is { OursMeanCall: { } ours, MlirMeanCall: { } mlir, OursMedianCall: { } median })
                    Console.WriteLine($"  time per call: lapis {median.TotalMilliseconds:F3} ms median, {ours.TotalMilliseconds:F3} ms mean " +
                        $"({Environment.GetEnvironmentVariable("OMP_NUM_THREADS") ?? Environment.ProcessorCount.ToString()} OpenMP threads), " +
                        $"MLIR JIT {mlir.TotalMilliseconds:F3} ms mean (1 thread), speedup {mlir / ours:F2}x (means)");
                if (report.Allocations is { } a)
                    Console.WriteLine($"  Kokkos allocations per call after the first (counter control: {a.Control}): {report.Entry.Name} {a.PerCall}" +
                                      (a.PerIntoCall is { } into ? $", {report.Entry.Name}_into {into}" : $" (no {report.Entry.Name}_into)"));
                if (report.Allocations is { } c)
                    Console.WriteLine($"  Kokkos deep copies per call after the first: {report.Entry.Name} {c.DeepCopiesPerCall}");
                Console.WriteLine(report.Passed ? "PASS" : "FAIL");
            });
            return code != 0 ? code : report!.Passed ? 0 : 1;
        });
        return command;
    }

    private static Dictionary<string, string> ParseArgs(string[]? values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in values ?? [])
        {
            var eq = v.IndexOf('=');
            if (eq <= 0) throw new Load.TranslationException(new Native.Ir.Diagnostic(Native.Ir.Severity.Error, default, $"--arg expects NAME=FILE, got '{v}'", []));
            map[v[..eq]] = v[(eq + 1)..];
        }
        return map;
    }
}

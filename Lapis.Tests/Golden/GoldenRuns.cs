using System.Text;
using Lapis.Translator.Check;
using Lapis.Tests.Support;
using Lapis.Translator.Load;

namespace Lapis.Tests.Golden;

/// <summary>
/// One function of a golden case run as <c>lapis check</c> runs it: seeded random inputs, MLIR's
/// own execution of the module (<see cref="ReferenceProcess.Run"/>, in the CLI's reference worker), and the golden
/// case's printed C++ called by a <see cref="DriverWriter"/> driver function; every result and
/// every written argument compared (<see cref="CheckRunner.CompareOutputs"/>).
/// </summary>
/// <param name="Reference">The module MLIR executes when it cannot execute the case itself (a case
/// written in the kokkos dialect): the same function in scf, in <c>Golden/run/</c>.</param>
/// <param name="Uncompared">Outputs with no defined value (an <c>ub.poison</c> operand), named as in the report.</param>
/// <param name="Inputs">Replaces the drawn inputs where the function needs consistent ones (a CSR structure, loop bounds within the buffers).</param>
public sealed record GoldenRun(string Case, string Function, string? Reference = null, IReadOnlySet<string>? Uncompared = null,
    Func<EntrySignature, IReadOnlyList<byte[]>, IReadOnlyList<byte[]>>? Inputs = null, DimensionSizes? Sizes = null)
{
    public string Name => $"{Case}.{Function}";
    public string DriverFunction => $"check_{Case}_{Function}";
    public string ReferencePath => Reference is null ? GoldenCases.InputPath(Case) : Path.Combine(GoldenCases.RepoRoot, "Lapis.Tests", "Golden", "run", Reference);
}

/// <summary>
/// The golden cases whose printed code is otherwise only compared as text, run against MLIR: their
/// drivers are compiled into the golden build's driver program (<see cref="GoldenCompileTests"/>).
/// </summary>
public static class GoldenRuns
{
    private const ulong Seed = 7;
    private const long Size = 8;

    public static readonly GoldenRun[] All =
    [
        new("dual_view", "smooth"),
        new("dual_view", "sweeps"),
        new("emit_only", "literals"),
        new("emit_only", "regions"),
        // result0 adds ub.poison: undefined in MLIR's run (ours prints a value-initialized double).
        new("emit_only", "odds_and_ends", Uncompared: new HashSet<string> { "result0" }),
        // The kokkos dialect as written (a multi-result kokkos.single broadcast, per-thread singles,
        // nested reductions) against the same computation in scf; the loop bounds are the extents.
        new("kokkos_team_hierarchy", "normalize_rows", Reference: "kokkos_team_hierarchy.scf.mlir", Inputs: (_, inputs) =>
            [inputs[0], inputs[1], Index(Size), Index(Size), Index(Size)]),
        // A CSR structure: 8 rows, 20 entries (positions nondecreasing from 0 to 20, columns in range).
        new("row_blocks", "csr_spmv", Sizes: new DimensionSizes(Size, new Dictionary<DimensionSlot, long>
            { [new(0, 0)] = Size + 1, [new(1, 0)] = 20, [new(2, 0)] = 20 }), Inputs: (_, inputs) =>
            [Indices(0, 1, 1, 4, 4, 9, 12, 19, 20), Indices(3, 0, 7, 1, 2, 5, 6, 0, 4, 7, 2, 3, 1, 5, 6, 7, 0, 2, 3, 4), inputs[2], inputs[3], inputs[4]]),
        new("row_blocks", "batched_matvec"),
        new("sparse_add_csr", "add_csr"),
        new("sparse_spmv_csc_atomic", "spmv_csc"),
        new("sparse_spmv_csr", "spmv"),
        new("team_level_mlp", "forward"),
        new("team_level_mlp", "scale"),
    ];

    private static byte[] Index(long value) => BitConverter.GetBytes(value);

    private static byte[] Indices(params long[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    /// <summary>A run's inputs, MLIR's outputs on them and the driver function, in <paramref name="dir"/>.</summary>
    public sealed record Prepared(GoldenRun Run, string Dir, EntrySignature Entry, IReadOnlyList<byte[]> Inputs, ReferenceOutputs Reference);

    public static Prepared Prepare(GoldenRun run, string dir)
    {
        Directory.CreateDirectory(dir);
        using var context = ModuleLoader.CreateContext();
        using var module = ModuleLoader.Load(context, run.ReferencePath);
        var entry = EntrySignature.Find(module, run.Function, Size);
        entry = entry.WithArgumentShapes(ShapeInference.Choose(context, run.ReferencePath, entry.Name, run.Sizes ?? DimensionSizes.Uniform(Size)));
        var inputs = CheckRunner.DrawInputs(module, entry, Seed, density: 0.3);
        if (run.Inputs is not null) inputs = run.Inputs(entry, inputs);
        // MLIR's JIT runs in a child process (the CLI's reference worker), as lapis check runs it: not in the test host.
        var reference = ReferenceProcess.Run(run.ReferencePath, entry, inputs, Seed, repeat: 0, Path.Combine(dir, "reference"),
            TimeSpan.FromMinutes(5), TestPaths.LapisCli);
        CheckRunner.WriteInputs(dir, entry, inputs, reference.Packed);
        File.WriteAllText(Path.Combine(dir, "driver.cpp"),
            DriverWriter.Write(run.Case + ".hpp", GoldenCases.Namespace(run.Case), entry, packed: reference.Packed, functionName: run.DriverFunction));
        return new Prepared(run, dir, entry, inputs, reference);
    }

    /// <summary>
    /// One translation unit with every run's driver and <c>int golden_runs()</c>, which runs each in
    /// its folder (Kokkos initialized; golden_driver.cpp calls it: the program that also defines
    /// what the cases declare external).
    /// </summary>
    public static string Program(IReadOnlyList<Prepared> runs)
    {
        var s = new StringBuilder("// The golden runs (generated by GoldenRuns): each driver reads its inputs and writes its outputs in its folder.\n");
        s.Append("#include <Kokkos_Core.hpp>\n#include <cstdio>\n#include <unistd.h>\n");
        foreach (var p in runs) s.Append($"#include \"{Path.Combine(p.Dir, "driver.cpp")}\"\n");
        s.Append("\nint golden_runs() {\n  int status = 0;\n");
        foreach (var p in runs)
        {
            s.Append($"  if (chdir(\"{p.Dir}\") != 0 || {p.Run.DriverFunction}() != 0) {{\n");
            s.Append($"    std::printf(\"golden run {p.Run.Name} failed\\n\");\n    status = 1;\n  }}\n");
        }
        s.Append("  return status;\n}\n");
        return s.ToString();
    }

    /// <summary>Every output of the run (but the uncompared) against MLIR's; at least one must be compared.</summary>
    public static IReadOnlyList<OutputComparison> Compare(Prepared p) =>
        CheckRunner.CompareOutputs(p.Dir, p.Entry, p.Inputs, p.Reference)
            .Where(o => p.Run.Uncompared?.Contains(o.Name) != true).ToArray();
}

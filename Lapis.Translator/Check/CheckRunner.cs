using Lapis.Native.Ir;
using Lapis.Translator.Cli;
using Lapis.Translator.Load;
using Lapis.Translator.Pipeline;

namespace Lapis.Translator.Check;

/// <param name="ArgumentFiles">argN (or the MLIR argument's position) → a text file with one value per line, row-major, used instead of random values.</param>
public sealed record CheckOptions(string InputPath, string? Entry, ulong Seed, long DynamicSize, string? WorkDirectory, string? KokkosRoot,
    IReadOnlyDictionary<string, string>? ArgumentFiles = null, int Repeat = 0, double Density = 0.1);

/// <param name="OursMeanCall">Mean time of one call of the generated Kokkos code (when timed).</param>
/// <param name="MlirMeanCall">Mean time of one call of MLIR's own JIT-compiled code (when timed).</param>
public sealed record CheckReport(EntrySignature Entry, IReadOnlyList<OutputComparison> Outputs, TimeSpan? OursMeanCall = null, TimeSpan? MlirMeanCall = null)
{
    public bool Passed => Outputs.All(o => o.Passed);

    /// <summary>Kokkos allocations of a call after the first (counted through the Kokkos Tools callback).</summary>
    public AllocationCounts? Allocations { get; init; }
}

/// <param name="PerCall">Of a second call of the entry function (its fresh results included).</param>
/// <param name="PerIntoCall">Of a call of its output-argument form <c>f_into</c>, when it has one (the results
/// compared are then that call's).</param>
/// <param name="Control">Of one View the driver allocates while counting: 1 when the counter works.</param>
public sealed record AllocationCounts(int PerCall, int? PerIntoCall, int Control);

/// <summary>
/// `lapis check`: translate, build with CMake against Kokkos (OpenMP, Release), run on seeded
/// random inputs, run the same module through MLIR's own lowering and JIT on the same inputs,
/// and compare every output.
/// </summary>
public static class CheckRunner
{
    public static CheckReport Run(CheckOptions options, TextWriter log)
    {
        if (options.WorkDirectory is not null) return Run(options, options.WorkDirectory, log);
        // A temporary project is removed afterwards; --work-dir keeps it for inspection.
        var work = Path.Combine(Path.GetTempPath(), $"lapis-check-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        try
        {
            return Run(options, work, log);
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private static CheckReport Run(CheckOptions options, string work, TextWriter log)
    {
        Directory.CreateDirectory(work);
        var ns = TranslationOptions.NamespaceFromPath(options.InputPath);

        // 1. Inputs and the translated C++ (elided weights get the seeded values on both sides).
        EntrySignature entry;
        IReadOnlyList<byte[]> inputs;
        bool hasInto;
        using (var context = ModuleLoader.CreateContext())
        using (var module = ModuleLoader.Load(context, options.InputPath))
        {
            var replaced = ElidedResources.Substitute(module, options.Seed);
            if (replaced > 0) log.WriteLine($"lapis check: {replaced} elided weight tensors filled with seeded random values");
            entry = EntrySignature.Find(module, options.Entry, options.DynamicSize);
            var random = new SeededRandom(options.Seed);
            inputs = entry.Arguments.Select(a => a.Sparse is null ? random.Fill(a.Kind, a.ElementCount) : random.FillSparse(a.Kind, a.ElementCount, options.Density)).ToArray();
            foreach (var (name, file) in options.ArgumentFiles ?? new Dictionary<string, string>())
            {
                var index = Array.FindIndex(entry.Arguments.ToArray(), a => a.Name == name);
                if (index < 0) throw new TranslationException(new Diagnostic(Severity.Error, default, $"--arg {name}: @{entry.Name} has no argument '{name}' (arguments are arg0..arg{entry.Arguments.Count - 1})", []));
                ((byte[][])inputs)[index] = ValueFile.Read(file, entry.Arguments[index]);
            }
            var result = ModuleTranslator.Translate(module, new TranslationOptions(ns, Path.Combine(work, "kernel.cpp")), Path.GetFileName(options.InputPath));
            hasInto = result.IntoForms.Contains(entry.Name);
            AtomicFile.WriteAll(result.Files);
        }
        for (var i = 0; i < inputs.Count; i++) File.WriteAllBytes(Path.Combine(work, $"arg{i}.bin"), entry.Arguments[i].Kind.ToDriver(inputs[i]));

        // 2. MLIR's own execution of the same module (sparse arguments: MLIR also builds their storage).
        IReadOnlyList<Native.Execution.CResultValue> reference;
        TimeSpan mlirTime;
        IReadOnlyList<PackedSparse?>? packed = null;
        using (var context = ModuleLoader.CreateContext())
        using (var module = ModuleLoader.Load(context, options.InputPath))
        {
            ElidedResources.Substitute(module, options.Seed);
            reference = entry.IsSparse
                ? SparseReference.Run(module, entry, inputs, options.Repeat, out mlirTime, out packed)
                : ReferenceRunner.Run(module, entry, inputs, options.Repeat, out mlirTime);
        }
        for (var i = 0; packed is not null && i < packed.Count; i++)
            if (packed[i] is { } storage)
                for (var f = 0; f < storage.Fields.Count; f++)
                {
                    var field = entry.Arguments[i].Sparse!.Fields[f];
                    File.WriteAllBytes(Path.Combine(work, $"arg{i}.{field.Field.Name}.bin"), field.Kind.ToDriver(storage.Fields[f]));
                }
        File.WriteAllText(Path.Combine(work, "main.cpp"), DriverWriter.Write("kernel.hpp", ns, entry, options.Repeat, packed, hasInto));

        // 3. Build and run ours.
        var project = new KokkosProject(work, options.KokkosRoot ?? KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("check", ["main.cpp", "kernel.cpp"]);
        if (options.WorkDirectory is not null) log.WriteLine($"lapis check: building in {work}");
        project.Build();
        var stdout = project.RunExecutable("check");

        var outputs = entry.ComparedOutputs.Select((r, i) => Compare(work, r, i, reference[i])).ToArray();
        var allocations = new AllocationCounts(Counted(stdout, "lapis-allocations-per-call "),
            hasInto ? Counted(stdout, "lapis-allocations-per-into-call ") : null, Counted(stdout, "lapis-allocations-control "));
        if (options.Repeat == 0) return new CheckReport(entry, outputs) { Allocations = allocations };
        var line = stdout.Split('\n').First(l => l.StartsWith("lapis-mean-call-ms ", StringComparison.Ordinal));
        var ours = TimeSpan.FromMilliseconds(double.Parse(line["lapis-mean-call-ms ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        return new CheckReport(entry, outputs, ours, mlirTime) { Allocations = allocations };
    }

    private static int Counted(string stdout, string prefix) =>
        int.Parse(stdout.Split('\n').First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Compares result <paramref name="i"/>; dynamic extents come from MLIR's run, and ours must match them.</summary>
    private static OutputComparison Compare(string work, ArgSpec declared, int i, Native.Execution.CResultValue reference)
    {
        var spec = declared.IsScalar ? declared : declared with { Shape = reference.Shape.ToArray() };
        var ours = spec.Kind.FromDriver(File.ReadAllBytes(Path.Combine(work, $"result{i}.bin")));
        var shapeFile = Path.Combine(work, $"result{i}.shape");
        if (!declared.IsScalar && File.Exists(shapeFile))
        {
            var bytes = File.ReadAllBytes(shapeFile);
            var ourShape = Enumerable.Range(0, bytes.Length / 8).Select(d => BitConverter.ToInt64(bytes, 8 * d)).ToArray();
            if (!ourShape.SequenceEqual(reference.Shape))
                return new OutputComparison(spec.Name, spec.Kind, $"{string.Join("x", ourShape)} vs MLIR {spec.ShapeText}", double.NaN, double.NaN, OutputComparison.ToleranceFor(spec.Kind), false);
        }
        return OutputComparison.Compare(spec, reference.Data, ours);
    }
}

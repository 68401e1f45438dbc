using Lapis.Native.Ir;
using Lapis.Translator.Cli;
using Lapis.Translator.Load;
using Lapis.Translator.Pipeline;

namespace Lapis.Translator.Check;

/// <param name="ArgumentFiles">argN (or the MLIR argument's position) → a text file with one value per line, row-major, used instead of random values.</param>
/// <param name="Dimensions">Dynamic extents: <c>--dim argN.D=S</c> and <c>--dynamic-size</c> (default: <paramref name="DynamicSize"/> where not inferred).</param>
/// <param name="ReferenceTimeout">How long MLIR's reference may run (default 10 minutes).</param>
public sealed record CheckOptions(string InputPath, string? Entry, ulong Seed, long DynamicSize, string? WorkDirectory, string? KokkosRoot,
    IReadOnlyDictionary<string, string>? ArgumentFiles = null, int Repeat = 0, double Density = 0.1,
    DimensionSizes? Dimensions = null, TimeSpan? ReferenceTimeout = null, string? CxxFlags = null)
{
    /// <summary><c>--kernels</c>: with Kokkos Kernels the project also finds and links it.</summary>
    public KernelSource Kernels { get; init; } = KernelSource.Generated;

    /// <summary><c>--kokkos-kernels-root</c>; null: <see cref="KokkosProject.DefaultKokkosKernelsRoot"/>.</summary>
    public string? KokkosKernelsRoot { get; init; }
}

/// <param name="OursMeanCall">Mean time of one call of the generated Kokkos code (when timed).</param>
/// <param name="MlirMeanCall">Mean time of one call of MLIR's own JIT-compiled code (when timed).</param>
public sealed record CheckReport(EntrySignature Entry, IReadOnlyList<OutputComparison> Outputs, TimeSpan? OursMeanCall = null, TimeSpan? MlirMeanCall = null)
{
    /// <summary>Every output matches, and there is at least one: a check that compares nothing fails.</summary>
    public bool Passed => Outputs.Count > 0 && Outputs.All(o => o.Passed);

    /// <summary>Kokkos allocations of a call after the first (counted through the Kokkos Tools callback).</summary>
    public AllocationCounts? Allocations { get; init; }

    /// <summary>Median time of one call of the generated Kokkos code (when timed; each call fenced).</summary>
    public TimeSpan? OursMedianCall { get; init; }
}

/// <param name="PerCall">Of a second call of the entry function (its fresh results included).</param>
/// <param name="PerIntoCall">Of a call of its output-argument form <c>f_into</c>, when it has one (the results
/// compared are then that call's).</param>
/// <param name="Control">Of one View the driver allocates while counting: 1 when the counter works.</param>
/// <param name="DeepCopiesPerCall">Kokkos deep_copy calls of that second call of the entry function (Kokkos Tools callback).</param>
public sealed record AllocationCounts(int PerCall, int? PerIntoCall, int Control, int DeepCopiesPerCall);

/// <summary>
/// `lapis check`: translate, build with CMake against Kokkos (OpenMP, Release), run on seeded
/// random inputs, run the same module through MLIR's own lowering and JIT on the same inputs,
/// and compare every output: the results and what the call wrote into its arguments.
/// </summary>
public static class CheckRunner
{
    public static CheckReport Run(CheckOptions options, TextWriter log)
    {
        // An absolute path: CMake runs in the project folder.
        if (options.WorkDirectory is not null) return Reporting(() => Run(options, Path.GetFullPath(options.WorkDirectory), log), log);
        // A temporary project is removed afterwards (kept when the reference crashed: it holds the
        // inputs that crash it); --work-dir keeps it for inspection.
        var work = Path.Combine(Path.GetTempPath(), $"lapis-check-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var keep = false;
        try
        {
            return Reporting(() => Run(options, work, log), log);
        }
        catch (TranslationException e) when (e.Data.Contains(KeepWork))
        {
            keep = true;
            throw;
        }
        finally
        {
            if (!keep && Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    private const string KeepWork = "lapis.keep-work";

    /// <summary>A failed reference is a located error (a crash or timeout also keeps the folder with its inputs).</summary>
    private static CheckReport Reporting(Func<CheckReport> run, TextWriter log)
    {
        try
        {
            return run();
        }
        catch (ReferenceFailedException e) when (e.Crashed)
        {
            var error = new TranslationException(new Diagnostic(Severity.Error, default, e.Message, []));
            error.Data[KeepWork] = true;
            throw error;
        }
        catch (ReferenceFailedException e)
        {
            // The worker already printed located diagnostics.
            log.WriteLine(e.Message);
            throw new TranslationException([]);
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
            var sizes = WithMatrixMarketSizes(options.Dimensions ?? DimensionSizes.Uniform(options.DynamicSize), entry, options.ArgumentFiles);
            entry = entry.WithArgumentShapes(ShapeInference.Choose(context, options.InputPath, entry.Name, sizes));
            CheckSizes(entry, options.InputPath);
            if (entry.Arguments.Any(a => a.Shape is { } s && s.Length > 0))
                log.WriteLine($"lapis check: argument shapes {string.Join(", ", entry.Arguments.Select(a => $"{a.Name} {a.ShapeText}"))}");
            inputs = DrawInputs(module, entry, options.Seed, options.Density);
            foreach (var (name, file) in options.ArgumentFiles ?? new Dictionary<string, string>())
            {
                var index = Array.FindIndex(entry.Arguments.ToArray(), a => a.Name == name);
                if (index < 0) throw new TranslationException(new Diagnostic(Severity.Error, default, $"--arg {name}: @{entry.Name} has no argument '{name}' (arguments are arg0..arg{entry.Arguments.Count - 1})", []));
                ((byte[][])inputs)[index] = ValueFile.Read(file, entry.Arguments[index]);
            }
            // With the sync checks: a missing or misplaced kokkos.sync aborts the run, even on OpenMP.
            var result = ModuleTranslator.Translate(module, new TranslationOptions(ns, Path.Combine(work, "kernel.cpp")) { CheckSyncs = true, Kernels = options.Kernels },
                Path.GetFileName(options.InputPath));
            hasInto = result.IntoForms.Contains(entry.Name);
            AtomicFile.WriteAll(result.Files);
        }

        // 2. MLIR's own execution of the same module (sparse arguments: MLIR also builds their
        // storage), in a child process: a crash or hang of the reference is reported, not shared.
        var reference = ReferenceProcess.Run(options.InputPath, entry, inputs, options.Seed, options.Repeat,
            Path.Combine(work, "reference"), options.ReferenceTimeout ?? TimeSpan.FromMinutes(10));
        var (_, mlirTime, packed, _) = reference;
        WriteInputs(work, entry, inputs, packed);
        File.WriteAllText(Path.Combine(work, "main.cpp"), DriverWriter.Write("kernel.hpp", ns, entry, options.Repeat, packed, hasInto: hasInto));

        // 3. Build and run ours.
        var project = new KokkosProject(work, options.KokkosRoot ?? KokkosProject.DefaultKokkosRoot())
        {
            CxxFlags = options.CxxFlags,
            KokkosKernelsRoot = options.Kernels == KernelSource.KokkosKernels ? options.KokkosKernelsRoot ?? KokkosProject.DefaultKokkosKernelsRoot() : null,
        };
        project.WriteCMakeLists("check", ["main.cpp", "kernel.cpp"]);
        if (options.WorkDirectory is not null) log.WriteLine($"lapis check: building in {work}");
        project.Build();
        var stdout = project.RunExecutable("check", options.Kernels == KernelSource.KokkosKernels ? KokkosProject.LibraryThreadsEnvironment() : null);

        var outputs = CompareOutputs(work, entry, inputs, reference);
        var allocations = new AllocationCounts(Counted(stdout, "lapis-allocations-per-call "),
            hasInto ? Counted(stdout, "lapis-allocations-per-into-call ") : null, Counted(stdout, "lapis-allocations-control "),
            Counted(stdout, "lapis-deep-copies-per-call "));
        if (options.Repeat == 0) return new CheckReport(entry, outputs) { Allocations = allocations };
        TimeSpan Timing(string key)
        {
            var line = stdout.Split('\n').First(l => l.StartsWith(key, StringComparison.Ordinal));
            return TimeSpan.FromMilliseconds(double.Parse(line[key.Length..], System.Globalization.CultureInfo.InvariantCulture));
        }
        return new CheckReport(entry, outputs, Timing("lapis-mean-call-ms "), mlirTime) { Allocations = allocations, OursMedianCall = Timing("lapis-median-call-ms ") };
    }

    /// <summary>Seeded random inputs of the entry's arguments: integers as <see cref="IntegerInputPolicy"/> allows, sparse ones at <paramref name="density"/>.</summary>
    public static IReadOnlyList<byte[]> DrawInputs(Module module, EntrySignature entry, ulong seed, double density)
    {
        var random = new SeededRandom(seed);
        var integers = IntegerInputPolicy.For(module, entry);
        return entry.Arguments.Select((a, i) => a.Sparse is null ? random.Fill(a.Kind, a.ElementCount, integers[i]) : random.FillSparse(a.Kind, a.ElementCount, density)).ToArray();
    }

    /// <summary>The driver's inputs in <paramref name="work"/>: argN.bin, and argN.&lt;buffer&gt;.bin of the storage MLIR built for a sparse one.</summary>
    public static void WriteInputs(string work, EntrySignature entry, IReadOnlyList<byte[]> inputs, IReadOnlyList<PackedSparse?>? packed)
    {
        for (var i = 0; i < inputs.Count; i++) File.WriteAllBytes(Path.Combine(work, $"arg{i}.bin"), entry.Arguments[i].Kind.ToDriver(inputs[i]));
        for (var i = 0; packed is not null && i < packed.Count; i++)
            if (packed[i] is { } storage)
                for (var f = 0; f < storage.Fields.Count; f++)
                {
                    var field = entry.Arguments[i].Sparse!.Fields[f];
                    File.WriteAllBytes(Path.Combine(work, $"arg{i}.{field.Field.Name}.bin"), field.Kind.ToDriver(storage.Fields[f]));
                }
    }

    /// <summary>Every output the driver wrote in <paramref name="work"/> (results, then written arguments) against MLIR's.</summary>
    public static IReadOnlyList<OutputComparison> CompareOutputs(string work, EntrySignature entry, IReadOnlyList<byte[]> inputs, ReferenceOutputs reference) =>
        entry.ComparedOutputs.Select((r, i) => Compare(work, r, i, reference.Results[i]))
            .Concat(CompareWrittenArguments(work, entry, inputs, reference.ArgumentsAfterCall)).ToArray();

    /// <summary>
    /// Each argument the call may write, as ours left it (argN.out.bin) against MLIR's; one left
    /// unchanged by both is not an output (sparse entries: none are compared).
    /// </summary>
    private static IEnumerable<OutputComparison> CompareWrittenArguments(string work, EntrySignature entry, IReadOnlyList<byte[]> inputs, IReadOnlyList<byte[]?> reference)
    {
        foreach (var i in entry.WrittenArguments ?? [])
        {
            if (i >= reference.Count || reference[i] is not { } theirs) continue;
            var spec = entry.Arguments[i] with { Name = $"{entry.Arguments[i].Name}(out)" };
            var ours = spec.Kind.FromDriver(File.ReadAllBytes(Path.Combine(work, $"arg{i}.out.bin")));
            if (theirs.AsSpan().SequenceEqual(inputs[i]) && ours.AsSpan().SequenceEqual(inputs[i])) continue;
            yield return OutputComparison.Compare(spec, theirs, ours);
        }
    }

    /// <summary>A Matrix Market file given with --arg sets the dynamic extents of its (2-D) argument, unless --dim does.</summary>
    private static DimensionSizes WithMatrixMarketSizes(DimensionSizes sizes, EntrySignature entry, IReadOnlyDictionary<string, string>? files)
    {
        var dims = new Dictionary<DimensionSlot, long>(sizes.Explicit);
        foreach (var (name, file) in files ?? new Dictionary<string, string>())
        {
            var index = Array.FindIndex(entry.Arguments.ToArray(), a => a.Name == name);
            if (index < 0 || ValueFile.MatrixMarketSize(file) is not { } size) continue;
            var type = entry.Arguments[index];
            if (type.Shape is not { Length: 2 }) continue;
            for (var d = 0; d < 2; d++)
                if (entry.DynamicArgumentDimension(index, d)) dims.TryAdd(new DimensionSlot(index, d), size[d]);
        }
        return sizes with { Explicit = dims };
    }

    /// <summary>Every argument fits in memory (and in the byte arrays the inputs are drawn in).</summary>
    private static void CheckSizes(EntrySignature entry, string path)
    {
        foreach (var a in entry.Arguments)
        {
            var bytes = a.Shape?.Aggregate(1.0, (n, d) => n * d) * a.Kind.Size() ?? 0;
            if (bytes > DimensionSizes.MaxArgumentBytes)
                throw new TranslationException(new Diagnostic(Severity.Error, default,
                    $"{a.Name} of @{entry.Name} in {path} would be {a.ShapeText} ({bytes:0} bytes), more than lapis check draws ({DimensionSizes.MaxArgumentBytes} bytes): use a smaller --dynamic-size or --dim", []));
        }
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

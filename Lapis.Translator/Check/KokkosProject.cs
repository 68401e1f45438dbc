using System.Diagnostics;
using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Translator.Check;

/// <summary>Builds a folder of generated C++ with CMake against Kokkos and runs the result.</summary>
public sealed class KokkosProject(string directory, string kokkosRoot)
{
    public string Directory { get; } = directory;

    public static string DefaultKokkosRoot()
    {
        if (Environment.GetEnvironmentVariable("LAPIS_KOKKOS_ROOT") is { Length: > 0 } env) return env;
        // artifacts/bin/lapis → <repo>/.deps/kokkos-3.4
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.Directory.Exists(Path.Combine(dir.FullName, ".deps", "kokkos-3.4")))
                return Path.Combine(dir.FullName, ".deps", "kokkos-3.4");
        throw new TranslationException(new Diagnostic(Severity.Error, default,
            "no Kokkos installation found: set LAPIS_KOKKOS_ROOT or pass --kokkos-root (build.ps1 setup installs one into .deps/kokkos-3.4)", []));
    }

    /// <summary>
    /// The Kokkos Kernels install for <c>--kernels kokkos-kernels</c> (its KokkosKernelsConfig.cmake
    /// under lib or lib64): $LAPIS_KOKKOS_KERNELS_ROOT, else .deps/kokkos-kernels-3.4 next to the repository.
    /// </summary>
    public static string DefaultKokkosKernelsRoot()
    {
        if (Environment.GetEnvironmentVariable("LAPIS_KOKKOS_KERNELS_ROOT") is { Length: > 0 } env) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.Directory.Exists(Path.Combine(dir.FullName, ".deps", "kokkos-kernels-3.4")))
                return Path.Combine(dir.FullName, ".deps", "kokkos-kernels-3.4");
        throw new TranslationException(new Diagnostic(Severity.Error, default,
            "--kernels kokkos-kernels: no Kokkos Kernels installation found: set LAPIS_KOKKOS_KERNELS_ROOT or pass --kokkos-kernels-root (build.ps1 setup -KokkosKernels installs one into .deps/kokkos-kernels-3.4)", []));
    }

    /// <summary>
    /// For programs that call Kokkos Kernels on OpenMP: <c>OMP_WAIT_POLICY=passive</c> unless the
    /// caller set one. OpenBLAS (its BLAS TPL) runs its own threads; OpenMP threads that spin-wait
    /// after each Kokkos kernel take their cores (measured: SGEMM 512 on 2 cores 3x slower).
    /// </summary>
    public static IReadOnlyDictionary<string, string>? LibraryThreadsEnvironment() =>
        Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is { Length: > 0 } ? null : new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "passive" };

    /// <summary>Kokkos Kernels install prefix: when set, the project finds it and links Kokkos::kokkoskernels.</summary>
    public string? KokkosKernelsRoot { get; init; }

    public void WriteCMakeLists(string target, IEnumerable<string> sources)
    {
        // the CPU's vector extensions beyond Kokkos' -march (AVX-512 on a Zen 4 whose Kokkos 3.4 is ZEN3)
        var isa = HostIsaFlags.For(kokkosRoot);
        var isaLine = isa.Count == 0 ? "" : $"target_compile_options({target} PRIVATE {string.Join(" ", isa)})\n";
        File.WriteAllText(Path.Combine(Directory, "CMakeLists.txt"), KokkosKernelsRoot is null ? $"""
            cmake_minimum_required(VERSION 3.16)
            project(lapis_check CXX)
            find_package(Kokkos REQUIRED)
            add_executable({target} {string.Join(" ", sources)})
            target_link_libraries({target} PRIVATE Kokkos::kokkos)

            """ + isaLine : $"""
            cmake_minimum_required(VERSION 3.16)
            project(lapis_check CXX)
            find_package(Kokkos REQUIRED)
            find_package(KokkosKernels REQUIRED)
            add_executable({target} {string.Join(" ", sources)})
            target_link_libraries({target} PRIVATE Kokkos::kokkos Kokkos::kokkoskernels)

            """ + isaLine);
    }

    public void Build()
    {
        var build = Path.Combine(Directory, "build");
        Checked(ChildProcess.Info("cmake", ["-S", Directory, "-B", build, "-DCMAKE_BUILD_TYPE=Release", $"-DKokkos_ROOT={Path.GetFullPath(kokkosRoot)}",
            .. (KokkosKernelsRoot is { } kk ? new[] { $"-DKokkosKernels_ROOT={Path.GetFullPath(kk)}" } : []),
            .. (CxxFlags is { Length: > 0 } f ? new[] { $"-DCMAKE_CXX_FLAGS={f}" } : [])], Directory), "CMake configure");
        Checked(ChildProcess.Info("cmake", ["--build", build, "-j", Environment.ProcessorCount.ToString()], Directory), "C++ build");
    }

    /// <summary>Extra compiler (and link) flags, e.g. <c>-fsanitize=undefined -fno-sanitize-recover=all</c>.</summary>
    public string? CxxFlags { get; init; }

    /// <summary>Runs the built program in the project folder; returns its standard output.</summary>
    public string RunExecutable(string target, IReadOnlyDictionary<string, string>? environment = null) =>
        Checked(ChildProcess.KokkosProgram(Path.Combine(Directory, "build", target), [], Directory, environment: environment), "generated program");

    /// <summary>How long one step (configure, build, the generated program) may take before it is killed and reported.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Runs one step in the project folder; its standard output, or a diagnostic when it fails or times out.</summary>
    private string Checked(ProcessStartInfo psi, string what)
    {
        var r = ChildProcess.Run(psi, Timeout);
        if (r.TimedOut)
            throw new TranslationException(new Diagnostic(Severity.Error, default,
                $"{what} did not finish within {Timeout.TotalMinutes:F0} min in {Directory} (killed):\n{Tail(r.StdOut + r.StdErr, 60)}", []));
        if (r.ExitCode != 0)
            throw new TranslationException(new Diagnostic(Severity.Error, default,
                $"{what} failed (exit code {r.ExitCode}) in {Directory}:\n{Tail(r.StdOut + r.StdErr, 60)}", []));
        return r.StdOut;
    }

    private static string Tail(string text, int lines) =>
        string.Join("\n", text.Split('\n').TakeLast(lines));
}

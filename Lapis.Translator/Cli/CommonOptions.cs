using System.CommandLine;
using Lapis.Native.Ir;
using Lapis.Translator.Emit;
using Lapis.Translator.Load;

namespace Lapis.Translator.Cli;

/// <summary>Options translate and opt share: resource limits (read by <see cref="WorkerSupervisor"/> and <see cref="InputGuard"/>).</summary>
internal static class CommonOptions
{
    public static Option<double> TimeLimit() => new("--time-limit")
    {
        Description = $"Stop with an error after this many seconds (0: no limit)",
        DefaultValueFactory = _ => WorkerSupervisor.DefaultTimeLimitSeconds,
    };

    public static Option<long> MaxInputSize() => new("--max-input-size")
    {
        Description = "Largest input accepted, in MB",
        DefaultValueFactory = _ => InputLimits.DefaultMaxMegabytes,
    };

    /// <summary><c>--kernels generated|kokkos-kernels</c> (translate and check).</summary>
    public static Option<string> Kernels()
    {
        var option = new Option<string>("--kernels")
        {
            Description = "What prints dense GEMMs, batched GEMMs and matvecs: generated (our tiled Kokkos kernels, the default) or kokkos-kernels (KokkosBlas::gemm/gemv calls; link Kokkos::kokkoskernels)",
            DefaultValueFactory = _ => "generated",
        };
        option.AcceptOnlyFromAmong("generated", "kokkos-kernels");
        return option;
    }

    public static Pipeline.KernelSource KernelSource(string? value) =>
        value == "kokkos-kernels" ? Pipeline.KernelSource.KokkosKernels : Pipeline.KernelSource.Generated;

    public static InputLimits Limits(long megabytes) =>
        megabytes <= 0
            ? throw new TranslationException(new Diagnostic(Severity.Error, default, $"--max-input-size must be a positive number of MB, got {megabytes}", []))
            : InputLimits.Default with { MaxBytes = megabytes > long.MaxValue >> 20 ? long.MaxValue : megabytes << 20 };

    /// <summary>A <c>--namespace</c> the user gave: a (::-qualified) C++ identifier none of whose parts is reserved.</summary>
    public static void ValidateNamespace(string ns)
    {
        var parts = ns.Split("::");
        if (CppNames.IsHeaderDeclared(parts[0]))
            throw new TranslationException(new Diagnostic(Severity.Error, default,
                $"--namespace '{ns}': '{parts[0]}' is declared at global scope by a C library header the generated code includes (<cmath>, <cstdlib>...); choose another, e.g. '{parts[0]}_'", []));
        foreach (var part in parts)
        {
            if (part.Length == 0 || !part.All(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_') || char.IsDigit(part[0]))
                throw new TranslationException(new Diagnostic(Severity.Error, default,
                    $"--namespace '{ns}' is not a C++ namespace name (letters, digits and '_', parts separated by '::')", []));
            if (CppNames.IsReserved(part))
                throw new TranslationException(new Diagnostic(Severity.Error, default,
                    $"--namespace '{ns}': '{part}' is a C++ keyword, a name the generated code uses (std, Kokkos...) or reserved (leading '_', '__'); choose another, e.g. '{CppNames.Sanitize(part)}_ns'", []));
        }
    }
}

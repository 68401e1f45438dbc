namespace Lapis.Translator.Pipeline;

/// <summary>
/// Stage 2 and 3 pipeline strings (LLVM 22 pass names). Upstream passes do the lowering;
/// Lapis passes (lapis-*) map the result onto Kokkos.
/// </summary>
public static class Pipelines
{
    /// <summary>Kokkos mapping of already-lowered scf/memref code.</summary>
    public const string KokkosMapping =
        "lapis-normalize-parallel-loops,canonicalize,cse";

    /// <summary>The full pipeline for a module (the upstream part depends on what the module contains).</summary>
    public static string For(InputKind kind) => kind switch
    {
        _ => $"builtin.module({KokkosMapping})",
    };
}

public enum InputKind { LoweredLoops, DenseTensors, SparseTensors }

using Lapis.Native.Ir;

namespace Lapis.Translator.Dialect;

/// <summary>
/// Which ops run inside a Kokkos kernel: those nested in the region of a kokkos op whose body is
/// a parallel lambda (RangePolicy/MDRangePolicy/TeamPolicy, the team's nested ranges, single,
/// a reduction's join, the tiled contraction/convolution and library-call epilogues). Everything else of a
/// function runs on the host thread that called it, where C++ exceptions may be thrown.
/// </summary>
public static class KernelRegions
{
    private static readonly HashSet<string> KernelOps = new(StringComparer.Ordinal)
    {
        "kokkos.range_parallel", "kokkos.team_parallel", "kokkos.thread_parallel", "kokkos.vector_parallel",
        "kokkos.single", "kokkos.update_reduction", "kokkos.contraction", "kokkos.convolution", "kokkos.sliding_window",
        "kokkos.blas_gemm", "kokkos.blas_gemv",
    };

    /// <summary>True when <paramref name="op"/> is nested (at any depth) in the body of a kernel op.</summary>
    public static bool IsInsideKernel(Operation op)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (KernelOps.Contains(p.Name)) return true;
        return false;
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-library-contractions (only with <c>--kernels kokkos-kernels</c>, right after
/// lapis-tile-contractions). Input: memrefs with <c>kokkos.contraction</c> ops (GEMM, batched GEMM,
/// transposed-weight linear, fill and epilogue fused) and <c>linalg.matvec</c> / <c>linalg.vecmat</c>.
/// Output: each becomes a library call, <c>kokkos.blas_gemm</c> / <c>kokkos.blas_gemv</c> (printed as
/// KokkosBlas::gemm / gemv), keeping its init and epilogue (our own kernel after the call). A
/// contraction whose epilogue reads the output's buffer (a residual added in place) stays tiled: the
/// library writes the whole output before the epilogue runs; so does one with an operand prologue
/// (<c>(x / 49) W</c>): GEMM reads its operands as stored, and the generated kernel applies the
/// prologue as it packs them, where a library call would need a transformed copy.
/// </summary>
public sealed class LibraryContractionsPass : ExternalPass
{
    public override string Argument => "lapis-library-contractions";
    public override string Description => "Turn kokkos.contraction GEMMs and linalg matvec/vecmat on memrefs into Kokkos Kernels calls (kokkos.blas_gemm / kokkos.blas_gemv)";

    public override void Run(Operation op, PassRun run)
    {
        foreach (var contraction in op.Collect(o => o.Name == "kokkos.contraction"))
            if (!EpilogueReadsOutput(contraction) && !HasPrologue(contraction)) ToGemm(contraction);
        foreach (var linalg in op.Collect(o => o.Name is "linalg.matvec" or "linalg.vecmat" && IsFloatingPointOnMemRefs(o)))
        {
            var init = ContractionFusion.FindInit(linalg, linalg.Operand(2));
            var gemv = ToGemv(linalg, init?.Init);
            if (init is { Writer: var writer }) ContractionFusion.EraseInitWriter(writer);
            ContractionFusion.FuseEpilogue(gemv, outputReadable: false);
        }
    }

    private static void ToGemm(Operation contraction)
    {
        var b = OpBuilder.For(contraction);
        var gemm = b.Create("kokkos.blas_gemm", contraction.Location, contraction.Operands.ToArray(), [],
        [
            ("execution_space", contraction.Attribute("execution_space")),
            ("label", contraction.Attribute("label")),
            ("transpose_lhs", contraction.Attribute("transpose_lhs")),
            ("transpose_rhs", contraction.Attribute("transpose_rhs")),
        ], regionCount: 1);
        gemm.Region(0).TakeBody(contraction.Region(0));
        contraction.Block.InsertBefore(contraction, gemm);
        contraction.Erase();
    }

    /// <summary>matvec(A[m, k], x[k]) → y[m]; vecmat(x[k], A[k, n]) → y[n] (the matrix transposed).</summary>
    private static Operation ToGemv(Operation linalg, Value? init)
    {
        var b = OpBuilder.For(linalg);
        var vecmat = linalg.Name == "linalg.vecmat";
        var (matrix, vector) = vecmat ? (linalg.Operand(1), linalg.Operand(0)) : (linalg.Operand(0), linalg.Operand(1));
        Value[] operands = init is { } v ? [matrix, vector, linalg.Operand(2), v] : [matrix, vector, linalg.Operand(2)];
        var gemv = b.Create("kokkos.blas_gemv", linalg.Location, operands, [],
        [
            ("execution_space", b.String("device")),
            ("label", b.String(KokkosLoopMappingPass.Label(linalg))),
            ("transpose", b.ParseAttribute(vecmat ? "true" : "false")),
        ], regionCount: 1);
        linalg.Block.InsertBefore(linalg, gemv);
        linalg.Erase();
        return gemv;
    }

    private static bool IsFloatingPointOnMemRefs(Operation linalg)
    {
        if (linalg.OperandCount != 3 || linalg.ResultCount != 0) return false;
        var types = linalg.Operands.Select(v => v.Type).ToArray();
        if (types.Any(t => !t.IsMemRef)) return false;
        var element = types[2].ElementType;
        return (element.IsF32 || element.IsF64) && types.All(t => t.ElementType == element);
    }

    /// <summary>True when the contraction's lhs or rhs prologue region (regions 1 and 2) has a block.</summary>
    private static bool HasPrologue(Operation contraction) =>
        contraction.Regions.Skip(1).Any(r => r.Blocks.Count > 0);

    /// <summary>True when an op of the epilogue touches the buffer behind the contraction's output.</summary>
    private static bool EpilogueReadsOutput(Operation contraction)
    {
        var root = IrMatchers.ViewRoot(contraction.Operand(2));
        return contraction.Region(0).Blocks.Any(block => block.Operations.Any(o =>
            o.Collect().Any(inner => inner.Operands.Any(v => v.Type.IsMemRef && IrMatchers.ViewRoot(v) == root))));
    }
}

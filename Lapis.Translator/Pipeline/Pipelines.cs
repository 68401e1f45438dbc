namespace Lapis.Translator.Pipeline;

/// <summary>
/// Stage 2 and 3 pipeline strings (LLVM 22 pass names). Upstream passes do the lowering;
/// Lapis passes (lapis-*) map the result onto Kokkos.
/// </summary>
public static class Pipelines
{
    /// <summary>
    /// linalg on tensors → scf/memref: inline, elementwise fusion (keeps destination-passing
    /// style), inputs marked read-only (a model must not overwrite its inputs), one-shot
    /// bufferization across function boundaries with identity layouts (loops may return new
    /// tensors, as torch-mlir's prim.Loop does), linalg
    /// to parallel loops, then the cleanups that leave only func/scf/memref/arith/math.
    /// </summary>
    public const string DenseLowering =
        "inline," +
        "func.func(linalg-fuse-elementwise-ops)," +
        "lapis-readonly-arguments," +
        "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}," +
        "func.func(convert-linalg-to-parallel-loops)," +
        "expand-strided-metadata,lower-affine,canonicalize,cse," +
        "func.func(lapis-parallelize-reductions,lapis-hoist-parallel-loops,lapis-promote-accumulators,lapis-scalar-buffers-to-alloca,mem2reg)";

    /// <summary>
    /// sparse_tensor kernels → scf/memref (codegen mode: each sparse tensor becomes its
    /// positions/coordinates/values buffers plus a storage specifier): signatures recorded for
    /// the public API, inputs read-only, named ops generalized, elementwise fusion, block
    /// encodings (BSR) demapped, MLIR's sparsifier with every loop it can parallelize as a
    /// candidate; lapis-sparse-parallel-safety then keeps only the parallel loops that cannot race
    /// (disjoint writes, reductions, atomics) and makes the others serial. Leftover linalg on
    /// buffers (fills) becomes parallel loops; then the dense cleanups.
    /// </summary>
    public static string SparseLowering(string strategy = "any-storage-any-loop", bool raceChecks = true) =>
        "inline," +
        "lapis-record-sparse-signatures," +
        "lapis-readonly-arguments," +
        "func.func(linalg-generalize-named-ops,linalg-fuse-elementwise-ops)," +
        "sparse-reinterpret-map," +
        $"sparsification-and-bufferization{{parallelization-strategy={strategy}}}," +
        (raceChecks ? "lapis-sparse-parallel-safety," : "") +
        "func.func(convert-linalg-to-parallel-loops)," +
        "expand-strided-metadata,lower-affine,canonicalize,cse," +
        "func.func(lapis-parallelize-reductions,lapis-hoist-parallel-loops,lapis-promote-accumulators,lapis-scalar-buffers-to-alloca,mem2reg)";

    /// <summary>Kokkos mapping of scf/memref code (the part every input goes through).</summary>
    public const string KokkosMapping =
        "lapis-normalize-parallel-loops,canonicalize,cse,lapis-kokkos-loop-mapping,lapis-assign-memory-spaces,lapis-plan-memory";

    /// <summary>
    /// The sparsifier's parallelization strategy for a module. LLVM 22's sparsifier crashes
    /// (a null scf.reduce in LoopEmitter::exitForLoop) when it parallelizes a kernel whose
    /// outermost loop is a reduction over a sparse operand (e.g. the sum of all entries of a CSR
    /// matrix) under every parallel strategy: such modules are sparsified serially instead.
    /// </summary>
    public static string SparseStrategy(Native.Ir.Module module)
    {
        var outerReduction = module.Operation.Collect(o => o.Name == "linalg.generic"
            && o.Operands.Any(v => v.Type.HasSparseEncoding)
            && o.Attribute("iterator_types") is { IsNull: false, IsArray: true } it
            && it.ArrayElements.Count > 0 && it.ArrayElements[0].ToString().Contains("reduction", StringComparison.Ordinal)).Count > 0;
        return outerReduction ? "none" : "any-storage-any-loop";
    }

    /// <summary>
    /// <see cref="KokkosMapping"/> with <c>lapis-team-level-variants</c> before the loop mapping
    /// (<c>lapis translate --team-level</c>): every public function with static shapes also gets
    /// a variant one team of the caller's TeamPolicy runs.
    /// </summary>
    public const string KokkosMappingWithTeamLevel =
        "lapis-normalize-parallel-loops,canonicalize,cse,lapis-team-level-variants,lapis-kokkos-loop-mapping,lapis-assign-memory-spaces,lapis-plan-memory";

    /// <summary>The full pipeline for a module of the given kind.</summary>
    public static string For(InputKind kind, bool teamLevel = false, string sparseStrategy = "any-storage-any-loop", bool raceChecks = true)
    {
        var mapping = teamLevel ? KokkosMappingWithTeamLevel : KokkosMapping;
        return kind switch
        {
            InputKind.DenseTensors => $"builtin.module({DenseLowering},{mapping})",
            InputKind.SparseTensors => $"builtin.module({SparseLowering(sparseStrategy, raceChecks)},{mapping})",
            _ => $"builtin.module({mapping})",
        };
    }
}

public enum InputKind { LoweredLoops, DenseTensors, SparseTensors }

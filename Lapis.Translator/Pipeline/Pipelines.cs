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
    /// tensors, as torch-mlir's prim.Loop does), matmul-like contractions to tiled
    /// kokkos.contraction ops (with their fill and elementwise epilogue), the other linalg ops
    /// to parallel loops, then the cleanups that leave only func/scf/memref/arith/math.
    /// </summary>
    /// <remarks>
    /// With <paramref name="tileContractions"/> false (<c>--team-level</c>), contractions stay loops:
    /// a team-level variant runs inside one team of the caller, where a kokkos.contraction (a whole
    /// TeamPolicy kernel) cannot run. With <paramref name="libraryContractions"/> (<c>--kernels
    /// kokkos-kernels</c>), lapis-library-contractions then turns the GEMMs and matvecs into Kokkos
    /// Kernels calls.
    /// </remarks>
    public static string DenseLowering(bool tileContractions = true, bool libraryContractions = false) =>
        "inline," +
        "func.func(linalg-fuse-elementwise-ops)," +
        "lapis-readonly-arguments," +
        "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}," +
        (tileContractions ? $"func.func(lapis-tile-contractions,{(libraryContractions ? "lapis-library-contractions," : "")}lapis-tile-convolutions,lapis-tile-windows,convert-linalg-to-parallel-loops)," : "func.func(convert-linalg-to-parallel-loops),") +
        VectorToLoops + "," +
        "expand-strided-metadata,lower-affine,canonicalize,cse," +
        "func.func(lapis-parallelize-reductions,lapis-hoist-parallel-loops,lapis-promote-accumulators,lapis-scalar-buffers-to-alloca,mem2reg)";

    /// <summary>
    /// sparse_tensor kernels → scf/memref (codegen mode: each sparse tensor becomes its
    /// positions/coordinates/values buffers plus a storage specifier): signatures recorded for
    /// the public API, inputs read-only, dense-to-sparse reshapes made explicit conversions, named ops generalized, elementwise fusion, block
    /// encodings (BSR) demapped, MLIR's sparsifier with every loop it can parallelize as a
    /// candidate; lapis-sparse-parallel-safety then keeps only the parallel loops that cannot race
    /// (disjoint writes, reductions, atomics) and makes the others serial. Leftover linalg on
    /// buffers (fills) becomes parallel loops; then the dense cleanups.
    /// </summary>
    public static string SparseLowering(string strategy = SparsifierCrashShapes.DefaultStrategy, bool raceChecks = true) =>
        SparseInline + "," +
        "lapis-record-sparse-signatures," +
        "lapis-readonly-arguments," +
        "lapis-explicit-sparse-conversions," +
        SparseLoopScheduling + "," +
        $"sparsification-and-bufferization{{parallelization-strategy={strategy}}}," +
        (raceChecks ? "lapis-sparse-parallel-safety," : "") +
        "func.func(convert-linalg-to-parallel-loops)," +
        VectorToLoops + "," +
        "expand-strided-metadata,lower-affine,canonicalize,cse," +
        "func.func(lapis-parallelize-reductions,lapis-hoist-parallel-loops,lapis-promote-accumulators,lapis-scalar-buffers-to-alloca,mem2reg)";

    /// <summary>
    /// Calls inlined without the inliner's default canonicalization, as upstream's --sparsifier sees
    /// the program (it does not inline): canonicalizing first folds constant sizes into
    /// <c>tensor.empty</c> behind a <c>tensor.cast</c> of the sparse result, and LLVM 22's
    /// sparsification then rebuilds a <c>tensor.empty</c> of the dynamic type without its sizes
    /// (a verifier error). The cleanups after the sparsifier canonicalize.
    /// </summary>
    public const string SparseInline = "inline{default-pipeline=}";

    /// <summary>
    /// Vector ops of whole programs (prints, transfers in a main): n-D transfers unrolled to 1-D
    /// ones, prints of vectors to loops of scalar prints (upstream's own decomposition);
    /// elementwise arith/math on vectors to one scalar op per element (ours: upstream has none).
    /// </summary>
    public const string VectorToLoops = "func.func(convert-vector-to-scf{full-unroll=true},lapis-scalarize-vector-elementwise)";

    /// <summary>
    /// The part of <see cref="SparseLowering"/> before the sparsifier that decides its loops:
    /// named ops generalized and fused, then sparse-reinterpret-map, whose scheduler puts each
    /// sparse generic's iterators in the order of its loops.
    /// </summary>
    public const string SparseLoopScheduling = "func.func(linalg-generalize-named-ops,linalg-fuse-elementwise-ops),sparse-reinterpret-map";

    /// <summary>
    /// Kokkos mapping of scf/memref code (the part every input goes through): loops to kernels,
    /// what a host loop computes the same way every iteration before it (lapis-hoist-invariant-kernels),
    /// reduction results only kernels use kept on the device (lapis-device-scalars), memory
    /// spaces, then the memory plan (which also backs the device scalars' buffers).
    /// </summary>
    public const string KokkosMapping =
        "lapis-normalize-parallel-loops,canonicalize,cse,lapis-kokkos-loop-mapping,lapis-hoist-invariant-kernels,lapis-device-scalars,lapis-assign-memory-spaces,lapis-plan-memory";

    /// <summary>
    /// <see cref="KokkosMapping"/> with <c>lapis-team-level-variants</c> before the loop mapping
    /// (<c>lapis translate --team-level</c>): every public function with static shapes also gets
    /// a variant one team of the caller's TeamPolicy runs.
    /// </summary>
    public const string KokkosMappingWithTeamLevel =
        "lapis-normalize-parallel-loops,canonicalize,cse,lapis-team-level-variants,lapis-kokkos-loop-mapping,lapis-hoist-invariant-kernels,lapis-device-scalars,lapis-assign-memory-spaces,lapis-plan-memory";

    /// <summary>The full pipeline for a module of the given kind.</summary>
    public static string For(InputKind kind, bool teamLevel = false, string sparseStrategy = SparsifierCrashShapes.DefaultStrategy, bool raceChecks = true,
        KernelSource kernels = KernelSource.Generated)
    {
        var mapping = teamLevel ? KokkosMappingWithTeamLevel : KokkosMapping;
        return kind switch
        {
            InputKind.DenseTensors => $"builtin.module({DenseLowering(tileContractions: !teamLevel, libraryContractions: kernels == KernelSource.KokkosKernels)},{mapping})",
            InputKind.SparseTensors => $"builtin.module({SparseLowering(sparseStrategy, raceChecks)},{mapping})",
            _ => $"builtin.module({mapping})",
        };
    }
}

public enum InputKind { LoweredLoops, DenseTensors, SparseTensors }

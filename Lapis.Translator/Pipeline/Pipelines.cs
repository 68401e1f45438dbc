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
        "func.func(lapis-parallelize-reductions,lapis-hoist-parallel-loops,lapis-promote-accumulators)";

    /// <summary>
    /// sparse_tensor kernels → scf/memref (codegen mode: each sparse tensor becomes its
    /// positions/coordinates/values buffers plus a storage specifier): signatures recorded for
    /// the public API, inputs read-only, named ops generalized, elementwise fusion, block
    /// encodings (BSR) demapped, MLIR's sparsifier with every loop it can parallelize as a
    /// candidate; lapis-sparse-parallel-safety then keeps only the parallel loops that cannot race
    /// (disjoint writes, reductions, atomics) and makes the others serial. Leftover linalg on
    /// buffers (fills) becomes parallel loops; then the dense cleanups.
    /// </summary>
    public const string SparseLowering =
        "inline," +
        "lapis-record-sparse-signatures," +
        "lapis-readonly-arguments," +
        "func.func(linalg-generalize-named-ops,linalg-fuse-elementwise-ops)," +
        "sparse-reinterpret-map," +
        "sparsification-and-bufferization{parallelization-strategy=any-storage-any-loop}," +
        "lapis-sparse-parallel-safety," +
        "func.func(convert-linalg-to-parallel-loops)," +
        "expand-strided-metadata,lower-affine,canonicalize,cse," +
        "func.func(lapis-parallelize-reductions,lapis-hoist-parallel-loops,lapis-promote-accumulators)";

    /// <summary>Kokkos mapping of scf/memref code (the part every input goes through).</summary>
    public const string KokkosMapping =
        "lapis-normalize-parallel-loops,canonicalize,cse,lapis-kokkos-loop-mapping,lapis-assign-memory-spaces";

    /// <summary>The full pipeline for a module of the given kind.</summary>
    public static string For(InputKind kind) => kind switch
    {
        InputKind.DenseTensors => $"builtin.module({DenseLowering},{KokkosMapping})",
        InputKind.SparseTensors => $"builtin.module({SparseLowering},{KokkosMapping})",
        _ => $"builtin.module({KokkosMapping})",
    };
}

public enum InputKind { LoweredLoops, DenseTensors, SparseTensors }

using System.Globalization;
using Lapis.Native.Ir;
using Attribute = Lapis.Native.Ir.Attribute;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// Block (BM x BN of the output, BK of the reduction per packed tile) and register tile (MR x NR per
/// thread) sizes of a <c>kokkos.contraction</c>. BM is a multiple of MR and BN of NR.
/// </summary>
public readonly record struct TileSizes(int BM, int BN, int BK, int MR, int NR)
{
    public string ToAttributeText() => string.Create(CultureInfo.InvariantCulture, $"array<i64: {BM}, {BN}, {BK}, {MR}, {NR}>");

    public static TileSizes FromAttribute(Attribute a)
    {
        var v = a.DenseI64Elements;
        if (v.Count != 5) throw new InvalidOperationException($"tile sizes need 5 values, got '{a}'");
        return new TileSizes((int)v[0], (int)v[1], (int)v[2], (int)v[3], (int)v[4]);
    }
}

/// <summary>
/// The tile table per execution space and element type.
/// Host (one team per core, AVX2/AVX-512 registers): a 6 x 16 (f32) / 6 x 8 (f64) register tile is
/// 12 vector accumulators of 8 floats/4 doubles (AVX2), its NR contiguous columns one or two vectors;
/// the packed tiles (BM x BK and BK x BN: 96 + 256 KiB for f32, 192 + 512 KiB for f64) stay in a
/// core's L2 (1 MiB on Zen 4/5), one kc x nr rhs panel (16 KiB) in L1. BN = 256 halves the lhs
/// repacking against 128 and still gives 2 threads 22+ blocks at N = 1024. On 2 Zen 5 cores
/// (2 OpenMP threads, median, OpenBLAS 0.3.21 Haswell kernel at 100 %): SGEMM 1024 80 % with
/// 96 x 256 x 256 (78 % with 96 x 128 x 256, 76 % with 192 x 256 x 256); DGEMM 1024 76 % with
/// 96 x 256 x 256, 70 % with 96 x 128 x 128, 67 % with 96 x 64 x 128.
/// Device (GPU): 64 x 64 output blocks, 4 x 4 per thread (256 threads), BK = 16: 8 KiB (f32) /
/// 16 KiB (f64) of team scratch, well inside every GPU's level-0 scratch; each thread keeps its
/// register tile over the whole reduction. On an H200 (one run, median of 15) SGEMM 4096 took
/// 8.71 ms with these, 10.2 ms with 128 x 128 x 8 / 8 x 8, 8.77 ms with 128 x 64 x 8 / 8 x 4
/// (cuBLAS 2.87 ms); MALA batch 8748 0.0745 ms, 0.108 ms with 128 x 128 (PyTorch eager 0.105 ms).
/// </summary>
public static class ContractionTiles
{
    /// <summary>
    /// Device blocks of large GEMMs: 128 x 128 outputs, 8 x 8 per thread (256 threads), BK = 16, each
    /// thread loading its share of the next slice while the team computes on the current one and
    /// reading the packs 4 values at a time (<c>gemm_tiles::vec</c>). On an H200 (medians of 15, one
    /// call per row, cuBLAS FP32 in the same call): SGEMM 4096 5.23 / 5.32 ms with these (cuBLAS 2.87 /
    /// 2.77 ms: 0.55 / 0.52), 6.01 ms with BK = 8 and scalar pack reads (the table before), 6.39 ms with
    /// BK = 8 and vector reads, 7.65 ms with BK = 16 and scalar reads, 5.15 ms with BK = 32 (twice the
    /// scratch and prefetch registers for 3 %). Earlier: 7.05 ms with 64 x 64 x 16 / 4 x 4, 6.33 ms with
    /// 128 x 64 x 8 / 8 x 4.
    /// </summary>
    public static readonly TileSizes LargeDevice = new(128, 128, 16, 8, 8);

    /// <summary>
    /// Fewer 128 x 128 blocks than this (a static output) keep the 64 x 64 device blocks of <see cref="For"/>:
    /// two blocks per SM of a 132-SM H200. MALA's 8748 x 100 layer has 69 such blocks (274 of 64 x 64).
    /// </summary>
    public const long LargeDeviceMinBlocks = 264;

    /// <summary>
    /// The table of a <c>kokkos.contraction</c> writing <paramref name="output"/> (rank 2, or 3 with a
    /// leading batch): <see cref="For"/>, with <see cref="LargeDevice"/> blocks on GPUs when the output
    /// is dynamic or has at least <see cref="LargeDeviceMinBlocks"/> of them.
    /// </summary>
    public static (TileSizes Host, TileSizes Device) ForContraction(Type element, Type output)
    {
        var tiles = For(element);
        if (!output.IsMemRef && !output.IsRankedTensor) return tiles;
        var shape = output.Shape;
        if (shape.Any(d => d is null)) return (tiles.Host, LargeDevice);
        long Blocks(long? extent) => (extent!.Value + 127) / 128;
        var rank = shape.Count;
        var batch = rank == 3 ? shape[0]!.Value : 1;
        var blocks = batch * Blocks(shape[rank - 2]) * Blocks(shape[rank - 1]);
        return blocks >= LargeDeviceMinBlocks ? (tiles.Host, LargeDevice) : tiles;
    }

    public static (TileSizes Host, TileSizes Device) For(Type element) => element.IsF64
        ? (new TileSizes(96, 256, 256, 6, 8), new TileSizes(64, 64, 16, 4, 4))
        : (new TileSizes(96, 256, 256, 6, 16), new TileSizes(64, 64, 16, 4, 4));

    /// <summary>
    /// The table of a <c>kokkos.convolution</c>: the host tiles of <see cref="For"/>; on GPUs 16 x 16 output
    /// blocks, one output per thread (256 threads), BK = 32. Convolutions at batch 1 have few output
    /// rows (filters) and columns (pixels) and a long reduction (C x KH x KW, 4,608 in ResNet-18's last
    /// layers), so larger blocks leave most SMs idle: ResNet-18 on an H200 (registers kept over the
    /// reduction, one run, mean of 30) ran 4.62 ms with these, 5.20 with BK = 16, 5.74 with 32 x 16 x 32 /
    /// 2 x 1, 7.42 with 32 x 32 x 16 / 2 x 2, 13.1 with 64 x 64 x 16 / 4 x 4 (PyTorch eager 1.55 ms).
    /// </summary>
    public static (TileSizes Host, TileSizes Device) ForConvolution(Type element) => (For(element).Host, new TileSizes(16, 16, 32, 1, 1));
}

/// <summary>
/// The output block of one team of a <c>kokkos.sliding_window</c>: bc channels x th rows x tw
/// columns. The unit-stride dimension (tw for nchw, bc for nhwc) is the ThreadVectorRange: a warp
/// (32) on GPUs, whose team has 256 threads; on host backends (one thread per team) a row of up to
/// 64 pixels (nchw) or channels (nhwc), with the block's input tile (16 KiB or so) kept in L1.
/// </summary>
public static class WindowTiles
{
    public static (long[] Host, long[] Device) For(string layout) => layout == "nchw"
        ? ([4, 8, 64], [4, 8, 32])
        : ([64, 4, 8], [32, 4, 8]);

    public static string ToAttributeText(long[] tiles) => string.Create(CultureInfo.InvariantCulture, $"array<i64: {tiles[0]}, {tiles[1]}, {tiles[2]}>");
}

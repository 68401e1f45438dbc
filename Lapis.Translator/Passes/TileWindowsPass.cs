using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-tile-windows. Input: linalg on memrefs (after bufferization, before
/// convert-linalg-to-parallel-loops). Output: every f32/f64 depthwise convolution
/// (<c>linalg.depthwise_conv_2d_nchw_chw</c>, <c>depthwise_conv_2d_nhwc_hwc</c>) and sum/max pool
/// (<c>linalg.pooling_nchw_sum/max</c>, <c>pooling_nhwc_sum/max</c>) becomes a
/// <c>kokkos.sliding_window</c> with tiles from <see cref="WindowTiles"/>; its output's fill becomes
/// its init and an elementwise consumer (bias, ReLU/clamp, an average pool's division) its epilogue
/// (<see cref="ContractionFusion"/>); a padded input (zeros, -inf for a max pool) is read through
/// the op's padding (<see cref="ConvolutionPadding"/>). Anything else is left to the loop path.
/// </summary>
public sealed class TileWindowsPass : ExternalPass
{
    public override string Argument => "lapis-tile-windows";
    public override string Description => "Turn depthwise convolutions and sum/max pools on memrefs into tiled kokkos.sliding_window ops (fill and elementwise epilogue fused)";

    public override void Run(Operation op, PassRun run)
    {
        while (op.Collect(o => WindowShape.Match(o) is not null) is [var linalg, ..])
        {
            var shape = WindowShape.Match(linalg)!;
            var init = ContractionFusion.FindInit(linalg, linalg.Operand(2));
            var padding = ConvolutionPadding.Match(linalg, shape.Layout, negativeInfinity: shape.Kind == "max");
            var window = Create(linalg, shape, init?.Init, padding);
            padding?.Fold();
            if (init is { Writer: var writer }) ContractionFusion.EraseInitWriter(writer);
            ContractionFusion.FuseEpilogue(window);
        }
    }

    private static Operation Create(Operation linalg, WindowShape shape, Value? init, ConvolutionPadding? padding)
    {
        var b = OpBuilder.For(linalg);
        var tiles = WindowTiles.For(shape.Layout);
        var input = padding?.Source ?? linalg.Operand(0);
        Value[] operands = init is { } v ? [input, linalg.Operand(1), linalg.Operand(2), v] : [input, linalg.Operand(1), linalg.Operand(2)];
        var window = b.Create("kokkos.sliding_window", linalg.Location, operands, [],
        [
            ("execution_space", b.String("device")),
            ("label", b.String(KokkosLoopMappingPass.Label(linalg))),
            ("kind", b.String(shape.Kind)),
            ("layout", b.String(shape.Layout)),
            ("strides", b.ParseAttribute(TileConvolutionsPass.Pair(shape.Strides))),
            ("dilations", b.ParseAttribute(TileConvolutionsPass.Pair(shape.Dilations))),
            ("padding", b.ParseAttribute(TileConvolutionsPass.Pair((padding?.Top ?? 0, padding?.Left ?? 0)))),
            ("host_tiles", b.ParseAttribute(WindowTiles.ToAttributeText(tiles.Host))),
            ("device_tiles", b.ParseAttribute(WindowTiles.ToAttributeText(tiles.Device))),
        ], regionCount: 1);
        linalg.Block.InsertBefore(linalg, window);
        linalg.Erase();
        return window;
    }
}

/// <summary>A depthwise convolution or sum/max pool on memrefs of one floating-point type (the pool's window operand aside): kind, layout, strides, dilations; null for anything else.</summary>
internal sealed record WindowShape(string Kind, string Layout, (long H, long W) Strides, (long H, long W) Dilations)
{
    public static WindowShape? Match(Operation linalg)
    {
        (string Kind, string Layout, int FilterRank)? named = linalg.Name switch
        {
            "linalg.depthwise_conv_2d_nchw_chw" => ("depthwise", "nchw", 3),
            "linalg.depthwise_conv_2d_nhwc_hwc" => ("depthwise", "nhwc", 3),
            "linalg.pooling_nchw_sum" => ("sum", "nchw", 2),
            "linalg.pooling_nchw_max" => ("max", "nchw", 2),
            "linalg.pooling_nhwc_sum" => ("sum", "nhwc", 2),
            "linalg.pooling_nhwc_max" => ("max", "nhwc", 2),
            _ => null,
        };
        if (named is not { } n || linalg.OperandCount != 3 || linalg.ResultCount != 0) return null;
        var (input, filter, output) = (linalg.Operand(0).Type, linalg.Operand(1).Type, linalg.Operand(2).Type);
        if (!input.IsMemRef || !filter.IsMemRef || !output.IsMemRef || input.Rank != 4 || output.Rank != 4 || filter.Rank != n.FilterRank) return null;
        var element = output.ElementType;
        if (!(element.IsF32 || element.IsF64) || input.ElementType != element) return null;
        if (n.Kind == "depthwise" && filter.ElementType != element) return null;
        if (ConvolutionShape.Pair(linalg, "strides") is not { } strides || ConvolutionShape.Pair(linalg, "dilations") is not { } dilations) return null;
        return new WindowShape(n.Kind, n.Layout, strides, dilations);
    }
}

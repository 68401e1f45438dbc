using System.Globalization;
using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-tile-convolutions. Input: linalg on memrefs (after bufferization, before
/// convert-linalg-to-parallel-loops). Output: every f32/f64 <c>linalg.conv_2d_nchw_fchw</c> and
/// <c>linalg.conv_2d_nhwc_hwcf</c> becomes a <c>kokkos.convolution</c> (an implicit GEMM, printed
/// like <c>kokkos.contraction</c>, tiles from <see cref="ContractionTiles"/>), with the output's
/// <c>linalg.fill</c> as its init and an elementwise consumer (batch norm, ReLU, residual add) as
/// its epilogue (<see cref="ContractionFusion"/>); a zero-padded input (bufferized <c>tensor.pad</c>)
/// is read through the op's padding instead (<see cref="ConvolutionPadding"/>). Other convolutions
/// are left to the loop path.
/// </summary>
public sealed class TileConvolutionsPass : ExternalPass
{
    public override string Argument => "lapis-tile-convolutions";
    public override string Description => "Turn 2-D NCHW/FCHW and NHWC/HWCF linalg convolutions on memrefs into implicit-GEMM kokkos.convolution ops (fill and elementwise epilogue fused)";

    public override void Run(Operation op, PassRun run)
    {
        while (op.Collect(o => ConvolutionShape.Match(o) is not null) is [var linalg, ..])
        {
            var shape = ConvolutionShape.Match(linalg)!;
            var init = ContractionFusion.FindInit(linalg, linalg.Operand(2));
            var padding = ConvolutionPadding.Match(linalg, shape.Layout);
            var convolution = Create(linalg, shape, init?.Init, padding);
            padding?.Fold();
            if (init is { Writer: var writer }) ContractionFusion.EraseInitWriter(writer);
            ContractionFusion.FuseEpilogue(convolution);
        }
    }

    private static Operation Create(Operation linalg, ConvolutionShape shape, Value? init, ConvolutionPadding? padding)
    {
        var b = OpBuilder.For(linalg);
        var tiles = ContractionTiles.ForConvolution(linalg.Operand(2).Type.ElementType);
        var input = padding?.Source ?? linalg.Operand(0);
        Value[] operands = init is { } v ? [input, linalg.Operand(1), linalg.Operand(2), v] : [input, linalg.Operand(1), linalg.Operand(2)];
        var convolution = b.Create("kokkos.convolution", linalg.Location, operands, [],
        [
            ("execution_space", b.String("device")),
            ("label", b.String(KokkosLoopMappingPass.Label(linalg))),
            ("layout", b.String(shape.Layout)),
            ("strides", b.ParseAttribute(Pair(shape.Strides))),
            ("dilations", b.ParseAttribute(Pair(shape.Dilations))),
            ("padding", b.ParseAttribute(Pair((padding?.Top ?? 0, padding?.Left ?? 0)))),
            ("host_tiles", b.ParseAttribute(tiles.Host.ToAttributeText())),
            ("device_tiles", b.ParseAttribute(tiles.Device.ToAttributeText())),
        ], regionCount: 1);
        linalg.Block.InsertBefore(linalg, convolution);
        linalg.Erase();
        return convolution;
    }

    internal static string Pair((long H, long W) v) => string.Create(CultureInfo.InvariantCulture, $"array<i64: {v.H}, {v.W}>");
}

/// <summary>A named 2-D convolution on memrefs of one floating-point type: its layout, strides and dilations; null for anything else.</summary>
internal sealed record ConvolutionShape(string Layout, (long H, long W) Strides, (long H, long W) Dilations)
{
    public static ConvolutionShape? Match(Operation linalg)
    {
        var layout = linalg.Name switch
        {
            "linalg.conv_2d_nchw_fchw" => "nchw_fchw",
            "linalg.conv_2d_nhwc_hwcf" => "nhwc_hwcf",
            _ => null,
        };
        if (layout is null || linalg.OperandCount != 3 || linalg.ResultCount != 0) return null;
        var types = new[] { linalg.Operand(0).Type, linalg.Operand(1).Type, linalg.Operand(2).Type };
        if (types.Any(t => !t.IsMemRef || t.Rank != 4)) return null;
        var element = types[2].ElementType;
        if (!(element.IsF32 || element.IsF64) || types.Any(t => t.ElementType != element)) return null;
        if (Pair(linalg, "strides") is not { } strides || Pair(linalg, "dilations") is not { } dilations) return null;
        return new ConvolutionShape(layout, strides, dilations);
    }

    /// <summary>A 2-element dense integer attribute (linalg's default when absent: 1, 1); null when not two positive values.</summary>
    internal static (long, long)? Pair(Operation op, string name)
    {
        var a = op.Attribute(name);
        if (a.IsNull) return (1, 1);
        if (!a.IsDenseElements || a.ElementCount != 2) return null;
        var (h, w) = (a.DenseIntegerElement(0), a.DenseIntegerElement(1));
        return h > 0 && w > 0 ? (h, w) : null;
    }
}

namespace Lapis.Translator.Import;

/// <summary>
/// DepthToSpace and SpaceToDepth on NCHW tensors → reshape to six dimensions, linalg.transpose,
/// reshape back (ONNX's own definition of both ops; DCR and CRD modes). Static C, H and W.
/// </summary>
public static class SpaceDepthOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["DepthToSpace"] = n =>
        {
            var x = Nchw(n);
            var b = BlockSize(n);
            var crd = n.String("mode", "DCR") switch { "DCR" => false, "CRD" => true, var m => throw n.Unsupported($"mode '{m}'") };
            var (batch, c, h, w) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
            if (c % (b * b) != 0) throw n.Error($"channels {c} are not a multiple of blocksize² = {b * b}");
            var six = crd ? new[] { batch, c / (b * b), b, b, h, w } : [batch, b, b, c / (b * b), h, w];
            int[] perm = crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2];
            return [Rearrange(n, x, six, perm, [batch, c / (b * b), h * b, w * b])];
        };
        t["SpaceToDepth"] = n =>
        {
            var x = Nchw(n);
            var b = BlockSize(n);
            var (batch, c, h, w) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
            if (h % b != 0 || w % b != 0) throw n.Error($"spatial extents {h}x{w} are not multiples of blocksize {b}");
            return [Rearrange(n, x, [batch, c, h / b, b, w / b, b], [0, 3, 5, 1, 2, 4], [batch, c * b * b, h / b, w / b])];
        };
    }

    private static ImportedTensor Nchw(NodeContext n)
    {
        var x = n.Input(0);
        if (x.Rank != 4) throw n.Error($"input must be 4-d (NCHW), not {x.Type}");
        if (x.Shape.Skip(1).Any(d => d < 0)) throw n.Unsupported($"dynamic channel or spatial extents ({x.Type})");
        return x;
    }

    private static long BlockSize(NodeContext n)
    {
        var b = n.Int("blocksize", 0);
        return b > 0 ? b : throw n.Error("attribute 'blocksize' must be positive");
    }

    /// <summary>reshape(x, six) → transpose(perm) → reshape(result); a dynamic batch extent is carried through.</summary>
    private static ImportedTensor Rearrange(NodeContext n, ImportedTensor x, long[] six, int[] perm, long[] result)
    {
        string Batch(int d) => d == 0 ? n.B.Dim(x, 0) : throw n.Error("dynamic extent");
        var split = ShapeOps.Reshape(n, x, six, Batch);
        var moved = ShapeOps.Transpose(n, split, perm);
        return ShapeOps.Reshape(n, moved, result, d => d == 0 ? n.B.Dim(moved, 0) : throw n.Error("dynamic extent"));
    }
}

namespace Lapis.Translator.Import;

/// <summary>
/// GridSample (4-D: X [N, C, H, W], grid [N, Ho, Wo, 2]) → one linalg.generic over [N, C, Ho, Wo]
/// that reads the grid's (x, y) and X's taps with tensor.extract, following PyTorch's grid_sample
/// (which ONNX's reference outputs come from): unnormalization by align_corners, padding_mode
/// zeros (taps outside read 0), border (coordinates clamped) or reflection (reflected, then
/// clamped), and modes nearest (round half to even), bilinear (2×2 taps) and bicubic (4×4 taps,
/// A = -0.75, each tap padded).
/// </summary>
public static class GridSampleOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["GridSample"] = n =>
    {
        var (x, grid) = (n.Input(0), n.Input(1));
        var align = n.Int("align_corners", 0) != 0;
        var mode = n.String("mode", "bilinear");
        var padding = n.String("padding_mode", "zeros");
        if (mode is not ("bilinear" or "nearest" or "bicubic")) throw n.Unsupported($"mode '{mode}'");
        if (padding is not ("zeros" or "border" or "reflection")) throw n.Unsupported($"padding_mode '{padding}'");
        if (x.Rank != 4 || grid.Rank != 4 || grid.Shape[3] != 2) throw n.Unsupported("GridSample other than 4-D (X [N, C, H, W], grid [N, H_out, W_out, 2])");
        if (!x.IsStatic || !grid.IsStatic) throw n.Unsupported("GridSample of a dynamic shape");
        if (!x.Element.IsFloat || grid.Element != x.Element) throw n.Unsupported($"GridSample of {x.Element} with a grid of {grid.Element}");
        return [new Sampler(n, x, grid, align, mode, padding).Build()];
    };

    private sealed class Sampler(NodeContext n, ImportedTensor x, ImportedTensor grid, bool align, string mode, string padding)
    {
        private readonly ElementType e = x.Element;
        private string src = "";
        private string T => e.Mlir;
        private string C(double v) => n.B.Constant(e, v);
        private string Op(string s) => n.B.Op(s);
        private string Add(string a, string b) => Op($"arith.addf {a}, {b} : {T}");
        private string Sub(string a, string b) => Op($"arith.subf {a}, {b} : {T}");
        private string Mul(string a, string b) => Op($"arith.mulf {a}, {b} : {T}");
        private string Clamp(string v, long size) => Op($"arith.minimumf {Op($"arith.maximumf {v}, {C(0)} : {T}")}, {C(size - 1)} : {T}");

        public ImportedTensor Build()
        {
            src = n.Use(x);
            var g = n.Use(grid);
            long[] shape = [x.Shape[0], x.Shape[1], grid.Shape[1], grid.Shape[2]];
            var type = ImportedTensor.TypeText(e, shape);
            var init = n.B.Empty(e, shape);
            var r = n.B.Generic([], [new(init, type, TextualIrBuilder.IdentityMap(4), T)], new bool[4], _ =>
            {
                var idx = Enumerable.Range(0, 4).Select(d => Op($"linalg.index {d} : index")).ToArray();
                var gx = Op($"tensor.extract {g}[{idx[0]}, {idx[2]}, {idx[3]}, {n.B.Index(0)}] : {grid.Type}");
                var gy = Op($"tensor.extract {g}[{idx[0]}, {idx[2]}, {idx[3]}, {n.B.Index(1)}] : {grid.Type}");
                var (w, h) = (x.Shape[3], x.Shape[2]);
                var ix = Unnormalize(gx, w);
                var iy = Unnormalize(gy, h);
                return [mode switch
                {
                    "nearest" => Tap(idx, Op($"math.roundeven {Pad(ix, w)} : {T}"), Op($"math.roundeven {Pad(iy, h)} : {T}")),
                    "bilinear" => Bilinear(idx, Pad(ix, w), Pad(iy, h)),
                    _ => Bicubic(idx, ix, iy),
                }];
            });
            return new ImportedTensor(e, shape, r[0]);
        }

        private string Unnormalize(string coord, long size) => align
            ? Mul(Mul(Add(coord, C(1)), C(0.5)), C(size - 1))
            : Mul(Sub(Mul(Add(coord, C(1)), C(size)), C(1)), C(0.5));

        /// <summary>PyTorch's compute_coordinates: border clamps, reflection reflects then clamps, zeros keeps.</summary>
        private string Pad(string v, long size)
        {
            if (padding == "border") return Clamp(v, size);
            if (padding == "zeros") return v;
            var (low, high) = align ? (0.0, 2.0 * (size - 1)) : (-1.0, 2.0 * size - 1);
            if (low == high) return C(0);
            var min = low / 2;
            var span = (high - low) / 2;
            var a = Op($"math.absf {Sub(v, C(min))} : {T}");
            var extra = Op($"arith.remf {a}, {C(span)} : {T}");
            var flips = Op($"math.floor {Op($"arith.divf {a}, {C(span)} : {T}")} : {T}");
            var even = Op($"arith.cmpf oeq, {Op($"arith.remf {flips}, {C(2)} : {T}")}, {C(0)} : {T}");
            var reflected = Op($"arith.select {even}, {Add(extra, C(min))}, {Add(Sub(C(span), extra), C(min))} : {T}");
            return Clamp(reflected, size);
        }

        /// <summary>X[n, c, y, x] at integral float coordinates, 0 outside the image.</summary>
        private string Tap(string[] idx, string fx, string fy)
        {
            string Inside(string v, long size) => Op($"arith.andi {Op($"arith.cmpf oge, {v}, {C(0)} : {T}")}, {Op($"arith.cmpf ole, {v}, {C(size - 1)} : {T}")} : i1");
            string ToIndex(string v, long size) => Op($"arith.index_cast {Op($"arith.fptosi {Clamp(v, size)} : {T} to i64")} : i64 to index");
            var inside = Op($"arith.andi {Inside(fx, x.Shape[3])}, {Inside(fy, x.Shape[2])} : i1");
            var value = Op($"tensor.extract {src}[{idx[0]}, {idx[1]}, {ToIndex(fy, x.Shape[2])}, {ToIndex(fx, x.Shape[3])}] : {x.Type}");
            return Op($"arith.select {inside}, {value}, {C(0)} : {T}");
        }

        private string Bilinear(string[] idx, string ix, string iy)
        {
            var (x0, y0) = (Op($"math.floor {ix} : {T}"), Op($"math.floor {iy} : {T}"));
            var (x1, y1) = (Add(x0, C(1)), Add(y0, C(1)));
            var (wx1, wy1) = (Sub(ix, x0), Sub(iy, y0));
            var (wx0, wy0) = (Sub(C(1), wx1), Sub(C(1), wy1));
            var top = Add(Mul(Tap(idx, x0, y0), wx0), Mul(Tap(idx, x1, y0), wx1));
            var bottom = Add(Mul(Tap(idx, x0, y1), wx0), Mul(Tap(idx, x1, y1), wx1));
            return Add(Mul(top, wy0), Mul(bottom, wy1));
        }

        private string[] CubicWeights(string t)
        {
            const double a = -0.75;
            // PyTorch's cubic_convolution1 (|d| ≤ 1) and cubic_convolution2 (1 < |d| < 2).
            string Near(string d) => Add(Mul(Mul(Sub(Mul(C(a + 2), d), C(a + 3)), d), d), C(1));
            string Far(string d) => Sub(Mul(Add(Mul(Sub(Mul(C(a), d), C(5 * a)), d), C(8 * a)), d), C(4 * a));
            return [Far(Add(t, C(1))), Near(t), Near(Sub(C(1), t)), Far(Sub(C(2), t))];
        }

        private string Bicubic(string[] idx, string ix, string iy)
        {
            var (x0, y0) = (Op($"math.floor {ix} : {T}"), Op($"math.floor {iy} : {T}"));
            var wx = CubicWeights(Sub(ix, x0));
            var wy = CubicWeights(Sub(iy, y0));
            string? sum = null;
            for (var j = 0; j < 4; j++)
            {
                var ty = Pad(Add(y0, C(j - 1)), x.Shape[2]);
                string? row = null;
                for (var i = 0; i < 4; i++)
                {
                    var v = Mul(Tap(idx, Pad(Add(x0, C(i - 1)), x.Shape[3]), ty), wx[i]);
                    row = row is null ? v : Add(row, v);
                }
                var weighted = Mul(row!, wy[j]);
                sum = sum is null ? weighted : Add(sum, weighted);
            }
            return sum!;
        }
    }
}

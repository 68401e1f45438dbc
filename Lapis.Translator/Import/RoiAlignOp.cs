namespace Lapis.Translator.Import;

/// <summary>
/// RoiAlign (sampling_ratio &gt; 0) → one linalg.generic over [num_rois, C, output_height, output_width]:
/// each bin averages (mode avg) or takes the largest (mode max) of sampling_ratio² bilinear samples of
/// X[batch_indices[r], c] inside the region rois[r] · spatial_scale (x1, y1, x2, y2; half_pixel shifts
/// by -0.5, output_half_pixel makes the region at least 1×1), with ONNX Runtime's edge rules (a
/// sample beyond one pixel outside the image reads 0, one just outside reads the edge).
/// </summary>
public static class RoiAlignOp
{
    public static void Register(Dictionary<string, OpImporter> t) => t["RoiAlign"] = n =>
    {
        var (x, rois, indices) = (n.Input(0), n.Input(1), n.Input(2));
        var mode = n.String("mode", "avg");
        if (mode is not ("avg" or "max")) throw n.Unsupported($"mode '{mode}'");
        var halfPixel = (n.Opset >= 16 ? n.String("coordinate_transformation_mode", "half_pixel") : "output_half_pixel") switch
        {
            "half_pixel" => true,
            "output_half_pixel" => false,
            var other => throw n.Unsupported($"coordinate_transformation_mode '{other}'"),
        };
        var (outH, outW) = (n.Int("output_height", 1), n.Int("output_width", 1));
        var ratio = n.Int("sampling_ratio", 0);
        var scale = n.Float("spatial_scale", 1f);
        if (ratio <= 0) throw n.Unsupported("sampling_ratio = 0 (an adaptive count that depends on the regions at run time)");
        if (x.Rank != 4 || !x.IsStatic || rois.Rank != 2 || rois.Shape[1] != 4 || !rois.IsStatic) throw n.Unsupported($"RoiAlign of X {x.Type} and rois {rois.Type} (static [N, C, H, W] and [R, 4])");
        var e = x.Element;
        if (!e.IsFloat || rois.Element != e) throw n.Unsupported($"RoiAlign of {e} with rois of {rois.Element}");
        long[] shape = [rois.Shape[0], x.Shape[1], outH, outW];
        var (height, width) = (x.Shape[2], x.Shape[3]);
        var (src, box, batch) = (n.Use(x), n.Use(rois), n.Use(indices));
        var type = ImportedTensor.TypeText(e, shape);
        var init = n.B.Empty(e, shape);
        var b = n.B;
        var T = e.Mlir;
        string C(double v) => b.Constant(e, v);
        string Add(string p, string q) => b.Op($"arith.addf {p}, {q} : {T}");
        string Sub(string p, string q) => b.Op($"arith.subf {p}, {q} : {T}");
        string Mul(string p, string q) => b.Op($"arith.mulf {p}, {q} : {T}");
        string Div(string p, string q) => b.Op($"arith.divf {p}, {q} : {T}");
        string Max(string p, string q) => b.Op($"arith.maximumf {p}, {q} : {T}");
        string ToFloat(string index) => b.Op($"arith.uitofp {b.Op($"arith.index_cast {index} : index to i64")} : i64 to {T}");
        var r = b.Generic([], [new(init, type, TextualIrBuilder.IdentityMap(4), T)], new bool[4], _ =>
        {
            var idx = Enumerable.Range(0, 4).Select(d => b.Op($"linalg.index {d} : index")).ToArray();
            string Corner(int k) => Sub(Mul(b.Op($"tensor.extract {box}[{idx[0]}, {b.Index(k)}] : {rois.Type}"), C(scale)), C(halfPixel ? 0.5 : 0));
            var (x1, y1, x2, y2) = (Corner(0), Corner(1), Corner(2), Corner(3));
            var (roiW, roiH) = (Sub(x2, x1), Sub(y2, y1));
            if (!halfPixel) (roiW, roiH) = (Max(roiW, C(1)), Max(roiH, C(1)));
            var (binW, binH) = (Div(roiW, C(outW)), Div(roiH, C(outH)));
            var image = b.Op($"arith.index_cast {b.Op($"tensor.extract {batch}[{idx[0]}] : {indices.Type}")} : {indices.Element.Mlir} to index");
            var startY = Add(y1, Mul(ToFloat(idx[2]), binH));
            var startX = Add(x1, Mul(ToFloat(idx[3]), binW));
            string? acc = null;
            for (var iy = 0; iy < ratio; iy++)
                for (var ix = 0; ix < ratio; ix++)
                {
                    var y = Add(startY, Div(Mul(C(iy + 0.5), binH), C(ratio)));
                    var xx = Add(startX, Div(Mul(C(ix + 0.5), binW), C(ratio)));
                    var v = Sample(y, xx);
                    acc = acc is null ? v : mode == "avg" ? Add(acc, v) : Max(acc, v);
                }
            return [mode == "avg" ? Div(acc!, C(ratio * ratio)) : acc!];

            string Sample(string y, string xv)
            {
                var outside = b.Op($"arith.ori {b.Op($"arith.ori {b.Op($"arith.cmpf olt, {y}, {C(-1)} : {T}")}, {b.Op($"arith.cmpf ogt, {y}, {C(height)} : {T}")} : i1")}, " +
                    $"{b.Op($"arith.ori {b.Op($"arith.cmpf olt, {xv}, {C(-1)} : {T}")}, {b.Op($"arith.cmpf ogt, {xv}, {C(width)} : {T}")} : i1")} : i1");
                // Clamp to the image; a coordinate in the last row/column reads it without interpolation.
                (string Low, string High, string Frac) Axis(string v, long size)
                {
                    var c = b.Op($"arith.minimumf {Max(v, C(0))}, {C(size - 1)} : {T}");
                    var low = b.Op($"math.floor {c} : {T}");
                    var high = b.Op($"arith.minimumf {Add(low, C(1))}, {C(size - 1)} : {T}");
                    return (low, high, Sub(c, low));
                }
                var (yl, yh, ly) = Axis(y, height);
                var (xl, xh, lx) = Axis(xv, width);
                string At(string fy, string fx)
                {
                    string I(string f) => b.Op($"arith.index_cast {b.Op($"arith.fptosi {f} : {T} to i64")} : i64 to index");
                    return b.Op($"tensor.extract {src}[{image}, {idx[1]}, {I(fy)}, {I(fx)}] : {x.Type}");
                }
                var (hy, hx) = (Sub(C(1), ly), Sub(C(1), lx));
                var value = Add(Add(Mul(Mul(hy, hx), At(yl, xl)), Mul(Mul(hy, lx), At(yl, xh))), Add(Mul(Mul(ly, hx), At(yh, xl)), Mul(Mul(ly, lx), At(yh, xh))));
                return b.Op($"arith.select {outside}, {C(0)}, {value} : {T}");
            }
        });
        return [new ImportedTensor(e, shape, r[0])];
    };
}

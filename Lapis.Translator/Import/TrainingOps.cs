namespace Lapis.Translator.Import;

/// <summary>
/// The optimizers of the ai.onnx.preview.training domain (version 1): Adagrad, Momentum (standard
/// and nesterov) and Adam, over any number of tensors (inputs R, T, then the groups X, G and the
/// states; outputs X_new then the new states). Each output is one elementwise linalg.generic that
/// evaluates ONNX's update rule in f64 (R and T are scalars) and rounds to the tensor's type.
/// </summary>
public static class TrainingOps
{
    public const string Domain = "ai.onnx.preview.training";

    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["Adagrad"] = n =>
        {
            var (decay, epsilon, norm) = (n.Float("decay_factor", 0f), n.Float("epsilon", 1e-6f), n.Float("norm_coefficient", 0f));
            return Groups(n, 3, 2, (m, a, which) =>
            {
                var (r, step, x, g, h) = (a[0], a[1], a[2], a[3], a[4]);
                var rate = m.Div(r, m.Add(m.C(1), m.Mul(step, m.C(decay))));
                var reg = m.Add(m.Mul(m.C(norm), x), g);
                var hNew = m.Add(h, m.Mul(reg, reg));
                if (which == 1) return hNew;
                return m.Sub(x, m.Div(m.Mul(rate, reg), m.Add(m.Sqrt(hNew), m.C(epsilon))));
            });
        };
        t["Momentum"] = n =>
        {
            foreach (var required in new[] { "alpha", "beta", "mode", "norm_coefficient" })
                if (!n.Has(required)) throw n.Error($"attribute '{required}' is required");
            var (alpha, beta, norm) = (n.Float("alpha", 0f), n.Float("beta", 0f), n.Float("norm_coefficient", 0f));
            var nesterov = n.String("mode", "") switch { "standard" => false, "nesterov" => true, var mode => throw n.Unsupported($"mode '{mode}'") };
            return Groups(n, 3, 2, (m, a, which) =>
            {
                var (r, step, x, g, v) = (a[0], a[1], a[2], a[3], a[4]);
                var reg = m.Add(m.Mul(m.C(norm), x), g);
                var first = m.B.Op($"arith.cmpf ogt, {step}, {m.C(0)} : f64");
                var betaNow = m.B.Op($"arith.select {first}, {m.C(beta)}, {m.C(1)} : f64");
                var vNew = m.Add(m.Mul(m.C(alpha), v), m.Mul(betaNow, reg));
                if (which == 1) return vNew;
                return m.Sub(x, m.Mul(r, nesterov ? m.Add(reg, m.Mul(m.C(alpha), vNew)) : vNew));
            });
        };
        t["Adam"] = n =>
        {
            var (alpha, beta, epsilon) = (n.Float("alpha", 0.9f), n.Float("beta", 0.999f), n.Float("epsilon", 1e-6f));
            var (norm, post) = (n.Float("norm_coefficient", 0f), n.Float("norm_coefficient_post", 0f));
            return Groups(n, 4, 3, (m, a, which) =>
            {
                var (r, step, x, g, v, h) = (a[0], a[1], a[2], a[3], a[4], a[5]);
                var reg = m.Add(m.Mul(m.C(norm), x), g);
                var vNew = m.Add(m.Mul(m.C(alpha), v), m.Mul(m.C(1 - (double)alpha), reg));
                if (which == 1) return vNew;
                var hNew = m.Add(m.Mul(m.C(beta), h), m.Mul(m.C(1 - (double)beta), m.Mul(reg, reg)));
                if (which == 2) return hNew;
                var corrected = m.Div(m.Mul(r, m.Sqrt(m.Sub(m.C(1), m.Pow(m.C(beta), step)))), m.Sub(m.C(1), m.Pow(m.C(alpha), step)));
                var positive = m.B.Op($"arith.cmpf ogt, {step}, {m.C(0)} : f64");
                var rate = m.B.Op($"arith.select {positive}, {corrected}, {r} : f64");
                var xNew = m.Sub(x, m.Mul(rate, m.Div(vNew, m.Add(m.Sqrt(hNew), m.C(epsilon)))));
                return m.Mul(m.C(1 - (double)post), xNew);
            });
        };
    }

    /// <summary>f64 scalar arithmetic inside a generic's body.</summary>
    private sealed class F64(TextualIrBuilder b)
    {
        public TextualIrBuilder B => b;
        public string C(double v) => b.Constant(ElementType.F64, v);
        public string Add(string x, string y) => b.Op($"arith.addf {x}, {y} : f64");
        public string Sub(string x, string y) => b.Op($"arith.subf {x}, {y} : f64");
        public string Mul(string x, string y) => b.Op($"arith.mulf {x}, {y} : f64");
        public string Div(string x, string y) => b.Op($"arith.divf {x}, {y} : f64");
        public string Sqrt(string x) => b.Op($"math.sqrt {x} : f64");
        public string Pow(string x, string y) => b.Op($"math.powf {x}, {y} : f64");
    }

    /// <summary>
    /// Splits the inputs after R and T into <paramref name="groups"/> equal groups (X, G, states...)
    /// and builds, per tensor and per output kind (0 = X_new, 1.. = the states), one elementwise
    /// generic of <paramref name="rule"/> over (R, T, x, g, states...) converted to f64.
    /// </summary>
    private static ImportedTensor?[] Groups(NodeContext n, int groups, int outputs, Func<F64, string[], int, string> rule)
    {
        var count = n.InputCount - 2;
        if (count <= 0 || count % groups != 0) throw n.Error($"expected R, T and {groups} groups of equally many tensors");
        var tensors = count / groups;
        if (n.OutputCount != tensors * outputs) throw n.Error($"expected {tensors * outputs} outputs");
        var (r, step) = (n.Input(0), n.Input(1));
        if (r.Rank != 0 || step.Rank != 0) throw n.Error("R and T must be scalars");
        var math = new F64(n.B);
        var results = new ImportedTensor?[tensors * outputs];
        for (var i = 0; i < tensors; i++)
        {
            var ins = new List<ImportedTensor> { r, step };
            for (var k = 0; k < groups; k++) ins.Add(n.Input(2 + k * tensors + i));
            var e = ins[2].Element;
            if (!e.IsFloat) throw n.Unsupported($"tensors of {e}");
            if (ins.Skip(3).Any(t => !t.Shape.SequenceEqual(ins[2].Shape))) throw n.Error("a tensor's gradient and states must have its shape");
            for (var o = 0; o < outputs; o++)
            {
                var which = o;
                results[o * tensors + i] = Broadcast.Elementwise(n, ins, e, a =>
                {
                    var wide = a.Select((v, j) => ElementwiseOps.Convert(n.B, v, ins[j].Element, ElementType.F64)).ToArray();
                    return ElementwiseOps.Convert(n.B, rule(math, wide, which), ElementType.F64, e);
                });
            }
        }
        return results;
    }
}

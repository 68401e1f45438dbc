namespace Lapis.Translator.Import;

/// <summary>
/// RNN, GRU and LSTM, unrolled over the input's static sequence length: per step and direction,
/// the gate pre-activations are matrix products (linalg.generic reductions reading X at step t and
/// rows of W / R through constant offsets in their indexing maps), then the cell's equations as an
/// elementwise generic over [batch, hidden]. Steps past a batch entry's sequence_lens keep its
/// state and output zeros. Y, Y_h (and Y_c) are assembled with tensor.insert_slice. Supports
/// directions forward, reverse and bidirectional (sequence_lens with forward only), layout 0 and 1,
/// clip, GRU's linear_before_reset, LSTM's peepholes, activations Sigmoid, Tanh and Relu.
/// </summary>
public static class RecurrentOps
{
    private enum Kind { Rnn, Gru, Lstm }

    public static void Register(Dictionary<string, OpImporter> t)
    {
        t["RNN"] = n => new Recurrence(n, Kind.Rnn).Run();
        t["GRU"] = n => new Recurrence(n, Kind.Gru).Run();
        t["LSTM"] = n => new Recurrence(n, Kind.Lstm).Run();
    }

    private sealed class Recurrence
    {
        private readonly NodeContext n;
        private readonly Kind kind;
        private readonly ElementType e;
        private readonly ImportedTensor x, w, r;
        private readonly ImportedTensor? bias, lengths, h0, c0, peep;
        private readonly long steps, batch, input, hidden;
        private readonly int directions, gates, layout;
        private readonly bool reverse, linearBeforeReset;
        private readonly float? clip;
        private readonly string[] activations;

        public Recurrence(NodeContext n, Kind kind)
        {
            this.n = n;
            this.kind = kind;
            (x, w, r) = (n.Input(0), n.Input(1), n.Input(2));
            (bias, lengths, h0) = (n.Optional(3), n.Optional(4), n.Optional(5));
            if (kind == Kind.Lstm) (c0, peep) = (n.Optional(6), n.Optional(7));
            e = x.Element;
            if (!e.IsFloat) throw n.Unsupported($"{n.OpType} of {e}");
            gates = kind switch { Kind.Rnn => 1, Kind.Gru => 3, _ => 4 };
            var direction = n.String("direction", "forward");
            directions = direction switch { "forward" or "reverse" => 1, "bidirectional" => 2, _ => throw n.Unsupported($"direction '{direction}'") };
            reverse = direction == "reverse";
            layout = (int)(n.Opset >= 14 ? n.Int("layout", 0) : 0);
            if (layout is not (0 or 1)) throw n.Unsupported($"layout {layout}");
            hidden = n.Int("hidden_size", -1);
            clip = n.Has("clip") ? n.Float("clip", 0) : null;
            if (kind == Kind.Gru) linearBeforeReset = n.Int("linear_before_reset", 0) != 0;
            if (kind == Kind.Lstm && n.Int("input_forget", 0) != 0) throw n.Unsupported("input_forget = 1");
            if (n.Floats("activation_alpha") is { Length: > 0 } || n.Floats("activation_beta") is { Length: > 0 }) throw n.Unsupported("activation_alpha/activation_beta");
            string[] defaults = kind switch { Kind.Rnn => ["Tanh"], Kind.Gru => ["Sigmoid", "Tanh"], _ => ["Sigmoid", "Tanh", "Tanh"] };
            var given = n.Has("activations") ? n.Strings("activations") : null;
            activations = given ?? Enumerable.Range(0, directions).SelectMany(_ => defaults).ToArray();
            if (activations.Length != defaults.Length * directions) throw n.Error($"expected {defaults.Length * directions} activations");
            foreach (var a in activations)
                if (a is not ("Sigmoid" or "Tanh" or "Relu")) throw n.Unsupported($"activation '{a}'");
            if (!x.IsStatic || !w.IsStatic || !r.IsStatic) throw n.Unsupported($"{n.OpType} of a dynamic shape");
            (steps, batch, input) = layout == 0 ? (x.Shape[0], x.Shape[1], x.Shape[2]) : (x.Shape[1], x.Shape[0], x.Shape[2]);
            if (hidden <= 0) hidden = r.Shape[2];
            if (w.Shape[0] != directions || w.Shape[1] != gates * hidden || w.Shape[2] != input || r.Shape[1] != gates * hidden || r.Shape[2] != hidden)
                throw n.Error($"W {w.Type} and R {r.Type} do not fit {directions} direction(s), {gates} gate(s), hidden_size {hidden} and input size {input}");
            if (lengths is not null && (directions != 1 || reverse) && !FullLengths()) throw n.Unsupported("sequence_lens with a reverse or bidirectional direction");
        }

        private bool FullLengths() => lengths!.Data is { } d && d.Ints().All(v => v == steps);

        public ImportedTensor?[] Run()
        {
            var yType = layout == 0 ? new[] { steps, directions, batch, hidden } : new[] { batch, steps, directions, hidden };
            var stateShape = layout == 0 ? new[] { (long)directions, batch, hidden } : new[] { batch, directions, hidden };
            var y = n.WantsOutput(0) ? Zeros(yType) : null;
            var yh = Zeros(stateShape);
            var yc = kind == Kind.Lstm ? Zeros(stateShape) : null;
            var masked = lengths is not null && !FullLengths();
            for (var d = 0; d < directions; d++)
            {
                var back = reverse || d == 1;
                var act = activations[(activations.Length / directions * d)..];
                var h = Initial(h0, d);
                var c = kind == Kind.Lstm ? Initial(c0, d) : null;
                for (var s = 0; s < steps; s++)
                {
                    var t = back ? steps - 1 - s : s;
                    var (hNew, cNew) = Step(d, t, h, c, act);
                    if (masked)
                    {
                        var keep = n.Use(lengths!);
                        hNew = Select(t, keep, hNew, h);
                        if (cNew is not null) cNew = Select(t, keep, cNew, c!);
                    }
                    if (y is not null)
                    {
                        var written = masked ? Select(t, n.Use(lengths!), hNew, null) : hNew;
                        y = Insert(y, yType, written, layout == 0 ? [t, d, 0, 0] : [0, t, d, 0], layout == 0 ? [1, 1, batch, hidden] : [batch, 1, 1, hidden]);
                    }
                    (h, c) = (hNew, cNew);
                }
                yh = Insert(yh, stateShape, h, layout == 0 ? [d, 0, 0] : [0, d, 0], layout == 0 ? [1, batch, hidden] : [batch, 1, hidden]);
                if (yc is not null) yc = Insert(yc, stateShape, c!, layout == 0 ? [d, 0, 0] : [0, d, 0], layout == 0 ? [1, batch, hidden] : [batch, 1, hidden]);
            }
            var results = new List<ImportedTensor?>
            {
                y is null ? null : new ImportedTensor(e, yType, y),
                new ImportedTensor(e, stateShape, yh),
            };
            if (kind == Kind.Lstm) results.Add(new ImportedTensor(e, stateShape, yc!));
            return [.. results];
        }

        private string StateType => ImportedTensor.TypeText(e, [batch, hidden]);

        private string Zeros(long[] shape) => n.B.Fill(e, 0, n.B.Empty(e, shape), ImportedTensor.TypeText(e, shape));

        private string Insert(string into, long[] shape, string value, long[] offsets, long[] sizes) =>
            n.B.Op($"tensor.insert_slice {value} into {into}[{string.Join(", ", offsets)}] [{string.Join(", ", sizes)}] [{string.Join(", ", shape.Select(_ => "1"))}] : {StateType} into {ImportedTensor.TypeText(e, shape)}");

        /// <summary>The initial hidden (or cell) state of direction <paramref name="d"/> as [batch, hidden] (zeros when absent).</summary>
        private string Initial(ImportedTensor? state, int d)
        {
            if (state is null) return Zeros([batch, hidden]);
            var map = TextualIrBuilder.Map(2, layout == 0 ? [$"{d}", "d0", "d1"] : ["d0", $"{d}", "d1"]);
            return Pointwise([(n.Use(state), state.Type, map, e.Mlir)], a => a[0]);
        }

        /// <summary>An elementwise generic over [batch, hidden] with the given operands (SSA, type, map, element).</summary>
        private string Pointwise(IReadOnlyList<(string Ssa, string Type, string Map, string Element)> ins, Func<string[], string> body)
        {
            var init = n.B.Empty(e, [batch, hidden]);
            return n.B.Generic(ins.Select(i => new TextualIrBuilder.Operand(i.Ssa, i.Type, i.Map, i.Element)).ToArray(),
                [new(init, StateType, TextualIrBuilder.IdentityMap(2), e.Mlir)], [false, false], a => [body(a[..ins.Count])])[0];
        }

        private static (string, string, string, string) Same(string ssa, string type, string element) => (ssa, type, TextualIrBuilder.IdentityMap(2), element);

        private readonly Dictionary<(ImportedTensor, int, long), ImportedTensor> rows = new();

        /// <summary>Rows offset..offset + hidden of direction d of W, R ([1, hidden, k]), B or P ([1, hidden]), sliced once.</summary>
        private ImportedTensor Rows(ImportedTensor m, int d, long offset)
        {
            if (rows.TryGetValue((m, d, offset), out var slice)) return slice;
            long[] begin = m.Rank == 3 ? [d, offset, 0] : [d, offset];
            long[] size = m.Rank == 3 ? [1, hidden, m.Shape[2]] : [1, hidden];
            return rows[(m, d, offset)] = ShapeOps.ExtractSlice(n, m, begin, size, m.Rank == 3 ? [1, 1, 1] : [1, 1]);
        }

        /// <summary>out[b, j] = Σ_k A[b, k] · M[d, offset + j, k] over [batch, hidden]; A is X at step t or a state.</summary>
        private string Product(string a, string aType, string aMap, ImportedTensor m, int d, long offset)
        {
            var init = Zeros([batch, hidden]);
            var slice = Rows(m, d, offset);
            var mMap = TextualIrBuilder.Map(3, ["0", "d1", "d2"]);
            return n.B.Generic([new(a, aType, aMap, e.Mlir), new(n.Use(slice), slice.Type, mMap, e.Mlir)],
                [new(init, StateType, TextualIrBuilder.Map(3, ["d0", "d1"]), e.Mlir)], [false, false, true], v =>
                [n.B.Op($"arith.addf {v[2]}, {n.B.Op($"arith.mulf {v[0]}, {v[1]} : {e.Mlir}")} : {e.Mlir}")])[0];
        }

        private string InputProduct(int d, long t, int gate) =>
            Product(n.Use(x), x.Type, TextualIrBuilder.Map(3, layout == 0 ? [$"{t}", "d0", "d2"] : ["d0", $"{t}", "d2"]), w, d, gate * hidden);

        private string StateProduct(string h, int d, int gate) => Product(h, StateType, TextualIrBuilder.Map(3, ["d0", "d2"]), r, d, gate * hidden);

        /// <summary>The operand reading bias row <paramref name="d"/> at offset (W's biases first, then R's), or null without B.</summary>
        private (string, string, string, string)? Bias(int d, long offset) => bias is null ? null : RowOperand(Rows(bias, d, offset));

        private (string, string, string, string)? Peephole(int d, int which) => peep is null ? null : RowOperand(Rows(peep, d, which * hidden));

        private (string, string, string, string) RowOperand(ImportedTensor slice) => (n.Use(slice), slice.Type, TextualIrBuilder.Map(2, ["0", "d1"]), e.Mlir);

        private string Add(string a, string b) => n.B.Op($"arith.addf {a}, {b} : {e.Mlir}");
        private string Mul(string a, string b) => n.B.Op($"arith.mulf {a}, {b} : {e.Mlir}");

        private string Activate(string name, string v)
        {
            if (clip is { } c)
                v = n.B.Op($"arith.minimumf {n.B.Op($"arith.maximumf {v}, {n.B.Constant(e, -c)} : {e.Mlir}")}, {n.B.Constant(e, c)} : {e.Mlir}");
            return name switch
            {
                "Sigmoid" => ElementwiseOps.Sigmoid(n.B, e, v),
                "Tanh" => n.B.Op($"math.tanh {v} : {e.Mlir}"),
                _ => n.B.Op($"arith.maximumf {v}, {n.B.Constant(e, 0)} : {e.Mlir}"),
            };
        }

        /// <summary>Sum of the operands' values (the pre-activation of one gate).</summary>
        private static List<(string, string, string, string)> Terms(params (string, string, string, string)?[] parts) => parts.OfType<(string, string, string, string)>().ToList();

        private (string H, string? C) Step(int d, long t, string h, string? c, string[] act)
        {
            var gateRows = gates * hidden;  // R's biases follow W's in B
            string Gate(int gate)
            {
                var ops = Terms(Same(InputProduct(d, t, gate), StateType, e.Mlir), Same(StateProduct(h, d, gate), StateType, e.Mlir),
                    Bias(d, gate * hidden), Bias(d, gateRows + gate * hidden));
                return Pointwise(ops, a => a.Aggregate(Add));
            }
            switch (kind)
            {
                case Kind.Rnn:
                {
                    var pre = Gate(0);
                    return (Pointwise([Same(pre, StateType, e.Mlir)], a => Activate(act[0], a[0])), null);
                }
                case Kind.Gru:
                {
                    var z = Pointwise([Same(Gate(0), StateType, e.Mlir)], a => Activate(act[0], a[0]));
                    var reset = Pointwise([Same(Gate(1), StateType, e.Mlir)], a => Activate(act[0], a[0]));
                    var xh = Same(InputProduct(d, t, 2), StateType, e.Mlir);
                    string candidate;
                    if (linearBeforeReset)
                    {
                        // h̃ = g(Xt·Wh + Wbh + r ⊙ (H·Rh + Rbh))
                        var rh = Terms(Same(StateProduct(h, d, 2), StateType, e.Mlir), Bias(d, gateRows + 2 * hidden));
                        var inner = Pointwise(rh, a => a.Aggregate(Add));
                        var ops = Terms(xh, Same(reset, StateType, e.Mlir), Same(inner, StateType, e.Mlir), Bias(d, 2 * hidden));
                        candidate = Pointwise(ops, a => Activate(act[1], Add(Add(a[0], Mul(a[1], a[2])), a.Length > 3 ? a[3] : n.B.Constant(e, 0))));
                    }
                    else
                    {
                        // h̃ = g(Xt·Wh + (r ⊙ H)·Rh + Rbh + Wbh)
                        var resetH = Pointwise([Same(reset, StateType, e.Mlir), Same(h, StateType, e.Mlir)], a => Mul(a[0], a[1]));
                        var ops = Terms(xh, Same(StateProduct(resetH, d, 2), StateType, e.Mlir), Bias(d, 2 * hidden), Bias(d, gateRows + 2 * hidden));
                        candidate = Pointwise(ops, a => Activate(act[1], a.Aggregate(Add)));
                    }
                    // H = (1 - z) ⊙ h̃ + z ⊙ H
                    return (Pointwise([Same(z, StateType, e.Mlir), Same(candidate, StateType, e.Mlir), Same(h, StateType, e.Mlir)], a =>
                        Add(Mul(n.B.Op($"arith.subf {n.B.Constant(e, 1)}, {a[0]} : {e.Mlir}"), a[1]), Mul(a[0], a[2]))), null);
                }
                default:
                {
                    // Gates i, o, f, c in W/R/B; peepholes i, o, f in P.
                    string Sum(int gate) => Gate(gate);
                    var cell = Same(c!, StateType, e.Mlir);
                    string Peeped(string pre, int which, string state, string f) =>
                        Peephole(d, which) is { } p ? Pointwise([Same(pre, StateType, e.Mlir), p, Same(state, StateType, e.Mlir)], a => Activate(f, Add(a[0], Mul(a[1], a[2]))))
                            : Pointwise([Same(pre, StateType, e.Mlir)], a => Activate(f, a[0]));
                    var i = Peeped(Sum(0), 0, c!, act[0]);
                    var f = Peeped(Sum(2), 2, c!, act[0]);
                    var g = Pointwise([Same(Sum(3), StateType, e.Mlir)], a => Activate(act[1], a[0]));
                    var cNew = Pointwise([Same(f, StateType, e.Mlir), cell, Same(i, StateType, e.Mlir), Same(g, StateType, e.Mlir)], a => Add(Mul(a[0], a[1]), Mul(a[2], a[3])));
                    var o = Peeped(Sum(1), 1, cNew, act[0]);
                    var hNew = Pointwise([Same(o, StateType, e.Mlir), Same(cNew, StateType, e.Mlir)], a => Mul(a[0], ActivateNoClip(act[2], a[1])));
                    return (hNew, cNew);
                }
            }
        }

        private string ActivateNoClip(string name, string v) => name switch
        {
            "Sigmoid" => ElementwiseOps.Sigmoid(n.B, e, v),
            "Tanh" => n.B.Op($"math.tanh {v} : {e.Mlir}"),
            _ => n.B.Op($"arith.maximumf {v}, {n.B.Constant(e, 0)} : {e.Mlir}"),
        };

        /// <summary>Where step t lies inside batch entry b's sequence length: value; otherwise the old state (or 0).</summary>
        private string Select(long t, string lengthsSsa, string value, string? otherwise)
        {
            var ins = new List<(string, string, string, string)>
            {
                (lengthsSsa, lengths!.Type, TextualIrBuilder.Map(2, ["d0"]), lengths.Element.Mlir),
                Same(value, StateType, e.Mlir),
            };
            if (otherwise is not null) ins.Add(Same(otherwise, StateType, e.Mlir));
            return Pointwise(ins, a =>
            {
                var inside = n.B.Op($"arith.cmpi sgt, {a[0]}, {n.B.IntConstant(lengths.Element, t)} : {lengths.Element.Mlir}");
                return n.B.Op($"arith.select {inside}, {a[1]}, {(otherwise is null ? n.B.Constant(e, 0) : a[2])} : {e.Mlir}");
            });
        }
    }
}

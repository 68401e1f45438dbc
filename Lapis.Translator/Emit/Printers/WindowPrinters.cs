using System.Globalization;
using Lapis.Native.Ir;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// <c>kokkos.sliding_window</c> (depthwise convolution, sum/max pool) → one <c>Kokkos::parallel_for</c>
/// over a TeamPolicy with one team per (image, bc channels x th x tw outputs) block
/// (<c>lapis_rt::window_tiles</c>: host_tiles where the execution space can access host memory, else
/// device_tiles). Where windows overlap (window extent above the stride), the block's input tile is
/// first staged in team scratch, the padding (0, or -inf for a max pool) written there, so the
/// window loops read scratch without bounds tests; otherwise each output reads its window from the
/// input. Rows of the block are a TeamThreadRange; the unit-stride dimension (ow for nchw, c for
/// nhwc) is a ThreadVectorRange on GPUs (a warp per row, coalesced, one output per lane) and, on
/// host backends, the innermost <c>omp simd</c> loop over a row of accumulators, the window loops
/// outside it.
/// The epilogue region is applied to each finished element before it is stored.
/// </summary>
internal static class WindowPrinters
{
    public static void Register(OpPrinterTable table) => table.Add("kokkos.sliding_window", SlidingWindow);

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static void SlidingWindow(CppEmitter e, Operation op)
    {
        string N(string hint) => e.Temporary(hint);
        var w = e.W;
        var (input, filter, @out) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)), e.Expr(op.Operand(2)));
        var kind = op.Attribute("kind").StringValue;
        var nchw = op.Attribute("layout").StringValue == "nchw";
        var (s, d, p) = (op.Attribute("strides").DenseI64Elements, op.Attribute("dilations").DenseI64Elements, op.Attribute("padding").DenseI64Elements);
        var (host, device) = (op.Attribute("host_tiles").DenseI64Elements, op.Attribute("device_tiles").DenseI64Elements);
        var t = e.Types.Scalar(op.Operand(2).Type.ElementType, op.Location);
        var init = op.OperandCount > 3 ? e.Expr(op.Operand(3)) : null;
        var epilogue = op.Region(0).Blocks.Count > 0 ? op.Region(0).FirstBlock : default;
        var space = KokkosPrinters.Space(op);
        var label = CppLiterals.String(op.Attribute("label").StringValue);
        // the window's extents: the filter's (c, kh, kw) / (kh, kw, c), or a pool's (kh, kw)
        var filterType = op.Operand(1).Type;
        var (khDim, kwDim) = kind == "depthwise" && nchw ? (1, 2) : (0, 1);
        var (khStatic, kwStatic) = (filterType.Shape[khDim], filterType.Shape[kwDim]);
        // staged when consecutive windows overlap (or their extent is unknown)
        var staged = khStatic is not { } khv || kwStatic is not { } kwv || (khv - 1) * d[0] + 1 > s[0] || (kwv - 1) * d[1] + 1 > s[1];
        var (cDim, hDim, wDim) = nchw ? (1, 2, 3) : (3, 1, 2);

        var (tiles, batch, channels, outH, outW, inH, inW, kh, kw) = (N("tiles"), N("batch"), N("channels"), N("out_h"), N("out_w"), N("in_h"), N("in_w"), N("kh"), N("kw"));
        var (blocksC, blocksH, blocksW, tileH, tileW, pad, vector, bytes, level, policy) =
            (N("blocks_c"), N("blocks_h"), N("blocks_w"), N("tile_h"), N("tile_w"), N("pad"), N("vector"), N("bytes"), N("level"), N("policy"));
        string Scaled(string v, long f) => f == 1 ? v : $"{v} * {I(f)}";
        string Shifted(string v, long pad) => pad == 0 ? v : $"{v} - {I(pad)}";
        string At(string view, string n, string c, string h, string x) => nchw ? $"{view}({n}, {c}, {h}, {x})" : $"{view}({n}, {h}, {x}, {c})";
        var (wh, ww) = (Shifted($"{Scaled("oh", s[0])} + {Scaled("kh", d[0])}", p[0]), Shifted($"{Scaled("ow", s[1])} + {Scaled("kw", d[1])}", p[1]));
        var read = At(input, "n", "c", wh, ww);
        var start = init is null ? "" : $"{init} ";
        var what = kind switch
        {
            "depthwise" => $"{start}+ sum_(kh, kw) {read} * {(nchw ? $"{filter}(c, kh, kw)" : $"{filter}(kh, kw, c)")}",
            "sum" => $"{start}+ sum_(kh, kw) {read}",
            _ => $"max({(init ?? At(@out, "n", "c", "oh", "ow"))}, max_(kh, kw) {read})",
        };
        w.OpenBlock();
        w.Line($"// sliding window ({kind}): {At(@out, "n", "c", "oh", "ow")} = {(init is null && kind != "max" ? At(@out, "n", "c", "oh", "ow") + " " : "")}{what}; {input} is {(kind == "max" ? "-inf" : "0")} outside its extents"
               + (epilogue.IsNull ? "" : ", then the fused epilogue"));
        w.Line($"// one team per bc x th x tw block of outputs; {(staged ? "its input tile staged in team scratch; " : "")}rows over the team's threads, {(nchw ? "ow" : "c")} (unit stride) over its vector lanes");
        e.Helpers.Require(Helper.WindowTiles);
        w.Line($"using {tiles} = lapis_rt::window_tiles<{space}, {I(host[0])}, {I(host[1])}, {I(host[2])}, {I(device[0])}, {I(device[1])}, {I(device[2])}>;");
        string Extent(string view, int dim) => $"static_cast<int64_t>({view}.extent({dim}))";
        w.Line($"const int64_t {batch} = {Extent(@out, 0)}, {channels} = {Extent(@out, cDim)}, {outH} = {Extent(@out, hDim)}, {outW} = {Extent(@out, wDim)};");
        w.Line($"const int64_t {inH} = {Extent(input, hDim)}, {inW} = {Extent(input, wDim)};");
        w.Line($"const int64_t {kh} = {(khStatic is { } a ? I(a) : Extent(filter, khDim))}, {kw} = {(kwStatic is { } b ? I(b) : Extent(filter, kwDim))};");
        w.Line($"const int64_t {blocksC} = ({channels} + {tiles}::bc - 1) / {tiles}::bc, {blocksH} = ({outH} + {tiles}::th - 1) / {tiles}::th, {blocksW} = ({outW} + {tiles}::tw - 1) / {tiles}::tw;");
        w.Line($"const {t} {pad} = {(kind == "max" ? $"-std::numeric_limits<{t}>::infinity()" : $"{t}(0)")};");
        w.Line($"(void){inH}; (void){inW}; (void){pad};");
        if (staged)
        {
            w.Line($"const int64_t {tileH} = ({tiles}::th - 1) * {I(s[0])} + ({kh} - 1) * {I(d[0])} + 1, {tileW} = ({tiles}::tw - 1) * {I(s[1])} + ({kw} - 1) * {I(d[1])} + 1;");
            w.Line($"const size_t {bytes} = static_cast<size_t>({tiles}::bc * {tileH} * {tileW}) * sizeof({t});");
        }
        else w.Line($"const size_t {bytes} = 0;");
        w.Line($"const int {level} = {tiles}::on_host || {bytes} > 32768 ? 1 : 0;");
        w.Line($"const int {vector} = {tiles}::on_host ? 1 : static_cast<int>({(nchw ? $"{tiles}::tw" : $"{tiles}::bc")});");
        w.Line($"const auto {policy} = ({tiles}::on_host ? Kokkos::TeamPolicy<{space}>({batch} * {blocksC} * {blocksH} * {blocksW}, Kokkos::AUTO)");
        w.Line($"    : Kokkos::TeamPolicy<{space}>({batch} * {blocksC} * {blocksH} * {blocksW}, 256 / {vector}, {vector})).set_scratch_size({level}, Kokkos::PerTeam({bytes}));");

        e.PushScope();
        e.OpenAt($"Kokkos::parallel_for({label}, {policy}, KOKKOS_LAMBDA(const Kokkos::TeamPolicy<{space}>::member_type& team)", op.Location);
        var (r, n, c0, h0, w0, nc, nh, nw, tile, ih0, iw0, rows, cols) =
            (N("r"), N("n"), N("c0"), N("h0"), N("w0"), N("nc"), N("nh"), N("nw"), N("tile"), N("ih0"), N("iw0"), N("rows"), N("cols"));
        w.Line($"const int64_t {r} = static_cast<int64_t>(team.league_rank());");
        w.Line($"const int64_t {n} = {r} / ({blocksC} * {blocksH} * {blocksW});");
        w.Line($"const int64_t {c0} = {r} / ({blocksH} * {blocksW}) % {blocksC} * {tiles}::bc, {h0} = {r} / {blocksW} % {blocksH} * {tiles}::th, {w0} = {r} % {blocksW} * {tiles}::tw;");
        string Min(string tileSize, string extent, string origin) => $"{extent} - {origin} < {tiles}::{tileSize} ? {extent} - {origin} : {tiles}::{tileSize}";
        w.Line($"const int64_t {nc} = {Min("bc", channels, c0)}, {nh} = {Min("th", outH, h0)}, {nw} = {Min("tw", outW, w0)};");
        w.Line($"const int64_t {ih0} = {h0} * {I(s[0])} - {I(p[0])}, {iw0} = {w0} * {I(s[1])} - {I(p[1])};");
        // (row index, vector index) → (channel, row, column) offsets in the block: nchw rows are (c, y), the vector x; nhwc rows (y, x), the vector c
        var (o, v) = (N("o"), N("v"));
        void Rows(string count, string inner, Action<string, string, string> body, string vCount)
        {
            w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {count}), [&](const int64_t {o})");
            w.Open($"Kokkos::parallel_for(Kokkos::ThreadVectorRange(team, {vCount}), [&](const int64_t {v})");
            if (nchw) body($"{o} / {inner}", $"{o} % {inner}", v);
            else body(v, $"{o} / {inner}", $"{o} % {inner}");
            w.Close("});");
            w.Close("});");
        }
        string Inside(string ih, string iw) => $"static_cast<uint64_t>({ih}) < static_cast<uint64_t>({inH}) && static_cast<uint64_t>({iw}) < static_cast<uint64_t>({inW})";
        string Index(string cl, string y, string x) => nchw ? $"({cl} * {tileH} + ({y})) * {tileW} + {x}" : $"(({y}) * {tileW} + {x}) * {tiles}::bc + {cl}";
        if (staged)
        {
            w.Line($"{t}* {tile} = static_cast<{t}*>(team.team_scratch({level}).get_shmem({bytes}));");
            w.Line($"const int64_t {rows} = ({nh} - 1) * {I(s[0])} + ({kh} - 1) * {I(d[0])} + 1, {cols} = ({nw} - 1) * {I(s[1])} + ({kw} - 1) * {I(d[1])} + 1;");
            w.Line($"// the block's input tile, {pad} outside the input");
            var (cl, y, x, ih, iw) = (N("cl"), N("y"), N("x"), N("ih"), N("iw"));
            Rows(nchw ? $"{nc} * {rows}" : $"{rows} * {cols}", nchw ? rows : cols, (ce, ye, xe) =>
            {
                w.Line($"const int64_t {cl} = {ce}, {y} = {ye}, {x} = {xe};");
                w.Line($"const int64_t {ih} = {ih0} + {y}, {iw} = {iw0} + {x};");
                w.Line($"{tile}[{Index(cl, y, x)}] = {Inside(ih, iw)} ? {At(input, n, $"{c0} + {cl}", ih, iw)} : {pad};");
            }, nchw ? cols : nc);
            w.Line("team.team_barrier();");
        }
        {
            var (cl, yl, xl, c, oh, ow, acc, i, j, ih, iw, value, u) =
                (N("cl"), N("yl"), N("xl"), N("c"), N("oh"), N("ow"), N("acc"), N("i"), N("j"), N("ih"), N("iw"), N("value"), N("u"));
            var outAt = At(@out, n, c, oh, ow);
            var indices = nchw ? new[] { n, c, oh, ow } : [n, oh, ow, c];
            // the window element (i, j) of output (cl, yl, xl) into `value`, combined into `target`
            void Accumulate(string target)
            {
                string valueAt;
                if (staged) valueAt = $"{tile}[{Index(cl, $"{Scaled(yl, s[0])} + {Scaled(i, d[0])}", $"{Scaled(xl, s[1])} + {Scaled(j, d[1])}")}]";
                else
                {
                    w.Line($"const int64_t {ih} = {ih0} + {Scaled(yl, s[0])} + {Scaled(i, d[0])}, {iw} = {iw0} + {Scaled(xl, s[1])} + {Scaled(j, d[1])};");
                    valueAt = $"({Inside(ih, iw)} ? {At(input, n, c, ih, iw)} : {pad})";
                }
                w.Line($"const {t} {value} = {valueAt};");
                switch (kind)
                {
                    case "depthwise": w.Line($"{target} = {target} + {value} * {(nchw ? $"{filter}({c}, {i}, {j})" : $"{filter}({i}, {j}, {c})")};"); break;
                    case "sum": w.Line($"{target} = {target} + {value};"); break;
                    default:
                        e.Helpers.Require(Helper.MaximumF);
                        w.Line($"{target} = lapis_math::maximumf({target}, {value});");
                        break;
                }
            }
            void WindowLoops(Action body)
            {
                w.Open($"for (int64_t {i} = 0; {i} < {kh}; ++{i})");
                w.Open($"for (int64_t {j} = 0; {j} < {kw}; ++{j})");
                body();
                w.Close();
                w.Close();
            }
            void Finish(string result)
            {
                if (!epilogue.IsNull) Epilogues.Print(e, op, epilogue, result, null, indices);
                w.Line($"{outAt} = {result};");
            }
            // host (one thread per team): a row of the block in an array of accumulators, the window
            // loops outside and the row's unit-stride loop innermost (vectorized)
            var (vecTile, vecCount) = nchw ? ($"{tiles}::tw", nw) : ($"{tiles}::bc", nc);
            w.Open($"if ({tiles}::on_host)");
            w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {(nchw ? $"{nc} * {nh}" : $"{nh} * {nw}")}), [&](const int64_t {o})");
            void Lane(string lane)
            {
                if (nchw) w.Line($"const int64_t {cl} = {o} / {nh}, {yl} = {o} % {nh}, {xl} = {lane};");
                else w.Line($"const int64_t {cl} = {lane}, {yl} = {o} / {nw}, {xl} = {o} % {nw};");
                w.Line($"const int64_t {c} = {c0} + {cl}, {oh} = {h0} + {yl}, {ow} = {w0} + {xl};");
                w.Line($"(void){c}; (void){oh}; (void){ow};");
            }
            w.Line($"{t} {acc}[{vecTile}];");
            w.Open($"for (int64_t {u} = 0; {u} < {vecCount}; ++{u})");
            Lane(u);
            w.Line($"{acc}[{u}] = {(init is null ? outAt : $"{t}({init})")};");
            w.Close();
            WindowLoops(() =>
            {
                e.Helpers.Require(Helper.ContractionSimd);
                w.Line("LAPIS_SIMD");
                w.Open($"for (int64_t {u} = 0; {u} < {vecCount}; ++{u})");
                Lane(u);
                Accumulate($"{acc}[{u}]");
                w.Close();
            });
            w.Open($"for (int64_t {u} = 0; {u} < {vecCount}; ++{u})");
            Lane(u);
            w.Line($"{t} {value} = {acc}[{u}];");
            Finish(value);
            w.Close();
            w.Close("});");
            w.Close();
            // GPUs: one output per vector lane, the window loops in registers
            w.Open("else");
            Rows(nchw ? $"{nc} * {nh}" : $"{nh} * {nw}", nchw ? nh : nw, (ce, ye, xe) =>
            {
                w.Line($"const int64_t {cl} = {ce}, {yl} = {ye}, {xl} = {xe};");
                w.Line($"const int64_t {c} = {c0} + {cl}, {oh} = {h0} + {yl}, {ow} = {w0} + {xl};");
                w.Line($"{t} {acc} = {(init is null ? outAt : $"{t}({init})")};");
                WindowLoops(() => Accumulate(acc));
                Finish(acc);
            }, nchw ? nw : nc);
            w.Close();
        }
        w.Close("});");
        e.PopScope();
        w.Close();
    }
}

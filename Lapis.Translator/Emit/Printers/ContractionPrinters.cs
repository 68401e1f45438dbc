using System.Globalization;
using Lapis.Native.Ir;
using Lapis.Translator.Passes;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// <c>kokkos.contraction</c> → one <c>Kokkos::parallel_for</c> over a TeamPolicy with one team per
/// BM x BN block of the output (and per batch). For each BK-deep slice of the reduction the team
/// packs its lhs rows and rhs columns into team scratch, in MR-row / NR-column panels that the
/// register tile then reads contiguously, and each thread (TeamThreadRange) accumulates MR x NR
/// outputs in a local array whose innermost loop is unit-stride (vectorized by the host compiler,
/// coalesced on GPUs). Edges are zero-padded in the packs and masked at the store, so every size
/// works. The last slice applies the epilogue region to each finished element before storing it.
/// Tile sizes: the op's host_tiles where the default execution space can access host memory,
/// else device_tiles, chosen at compile time (portable Kokkos only).
/// </summary>
internal static class ContractionPrinters
{
    public static void Register(OpPrinterTable table)
    {
        table.Add("kokkos.contraction", Contraction);
        table.Add("kokkos.convolution", Convolution);
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// How one tiled-GEMM op reads its operands: the C++ (after <c>Extents</c> printed m, n, k and
    /// batch) of lhs(b, row, kidx), rhs(b, kidx, col) and the stored out(b, row, col) element with its
    /// epilogue indices. Each may print lines first (index decompositions) where it is called.
    /// </summary>
    private sealed record GemmAccess(
        string Comment,
        bool Batched,
        Action<IndentedWriter, string, string, string, string> Extents,
        Func<IndentedWriter, string, string, string, string> LhsAt,
        Func<IndentedWriter, string, string, string, string> RhsAt,
        Func<IndentedWriter, string, string, string, (string At, string[] Indices)> OutAt);

    private static void Contraction(CppEmitter e, Operation op)
    {
        var (lhsV, rhsV, outV) = (op.Operand(0), op.Operand(1), op.Operand(2));
        var rank = outV.Type.Rank;
        var batched = rank == 3;
        var (lhs, rhs, @out) = (e.Expr(lhsV), e.Expr(rhsV), e.Expr(outV));
        var transposeLhs = op.Attribute("transpose_lhs").BoolValue;
        var transposeRhs = op.Attribute("transpose_rhs").BoolValue;
        var init = op.OperandCount > 3 ? e.Expr(op.Operand(3)) : null;
        var lead = batched ? "b, " : "";
        var lhsDesc = transposeLhs ? $"lhs({lead}kk, i)" : $"lhs({lead}i, kk)";
        var rhsDesc = transposeRhs ? $"rhs({lead}j, kk)" : $"rhs({lead}kk, j)";
        var comment = $"{@out}({lead}i, j) {(init is null ? "+=" : $"= {init} +")} sum_kk {lhsDesc.Replace("lhs", lhs)} * {rhsDesc.Replace("rhs", rhs)}";
        var r0 = batched ? 1 : 0;
        string Lead(string b) => batched ? $"{b}, " : "";
        PrintTiledGemm(e, op, new GemmAccess(comment, batched,
            Extents: (w, m, n, k, batch) =>
            {
                w.Line($"const int64_t {m} = static_cast<int64_t>({@out}.extent({r0})), {n} = static_cast<int64_t>({@out}.extent({r0 + 1}));");
                w.Line($"const int64_t {k} = static_cast<int64_t>({lhs}.extent({(transposeLhs ? r0 : r0 + 1)}));");
                w.Line($"const int64_t {batch} = {(batched ? $"static_cast<int64_t>({@out}.extent(0))" : "1")};");
            },
            LhsAt: (_, b, row, kidx) => transposeLhs ? $"{lhs}({Lead(b)}{kidx}, {row})" : $"{lhs}({Lead(b)}{row}, {kidx})",
            RhsAt: (_, b, kidx, col) => transposeRhs ? $"{rhs}({Lead(b)}{col}, {kidx})" : $"{rhs}({Lead(b)}{kidx}, {col})",
            OutAt: (_, b, row, col) => ($"{@out}({Lead(b)}{row}, {col})", batched ? [b, row, col] : [row, col])));
    }

    /// <summary>
    /// <c>kokkos.convolution</c> as an implicit GEMM over one image per batch: nchw_fchw reads rows
    /// = output channels from the filter and columns = output pixels from the input window;
    /// nhwc_hwcf the other way round. The reduction index is decomposed into (channel, kh, kw) in
    /// the packing loops, so no im2col buffer exists.
    /// </summary>
    private static void Convolution(CppEmitter e, Operation op)
    {
        var (input, filter, @out) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)), e.Expr(op.Operand(2)));
        var nchw = op.Attribute("layout").StringValue == "nchw_fchw";
        var s = op.Attribute("strides").DenseI64Elements;
        var d = op.Attribute("dilations").DenseI64Elements;
        var init = op.OperandCount > 3 ? e.Expr(op.Operand(3)) : null;
        string Scaled(string v, long f) => f == 1 ? v : $"{v} * {I(f)}";
        string Window(string o, long stride, string kv, long dilation) => $"{Scaled(o, stride)} + {Scaled(kv, dilation)}";
        var (ow, kh, kw, ch) = (e.Temporary("out_w"), e.Temporary("filter_h"), e.Temporary("filter_w"), e.Temporary("channels"));
        var sum = init is null ? "+=" : $"= {init} +";
        var comment = nchw
            ? $"{@out}(n, f, oh, ow) {sum} sum_(c, kh, kw) {input}(n, c, {Window("oh", s[0], "kh", d[0])}, {Window("ow", s[1], "kw", d[1])}) * {filter}(f, c, kh, kw), as a GEMM per image: rows f, columns (oh, ow), reduction (c, kh, kw)"
            : $"{@out}(n, oh, ow, f) {sum} sum_(kh, kw, c) {input}(n, {Window("oh", s[0], "kh", d[0])}, {Window("ow", s[1], "kw", d[1])}, c) * {filter}(kh, kw, c, f), as a GEMM per image: rows (oh, ow), columns f, reduction (kh, kw, c)";
        // (c, kh, kw) of reduction index kidx, and (oh, ow) of a pixel index
        (string C, string Kh, string Kw) SplitK(IndentedWriter w, string kidx)
        {
            var (r, c, y, x) = (e.Temporary("r"), e.Temporary("c"), e.Temporary("kh"), e.Temporary("kw"));
            w.Line($"const int64_t {r} = {kidx};");
            kidx = r;
            if (nchw) w.Line($"const int64_t {c} = {kidx} / ({kh} * {kw}), {y} = {kidx} / {kw} % {kh}, {x} = {kidx} % {kw};");
            else w.Line($"const int64_t {y} = {kidx} / ({kw} * {ch}), {x} = {kidx} / {ch} % {kw}, {c} = {kidx} % {ch};");
            return (c, y, x);
        }
        (string Oh, string Ow) SplitPixel(IndentedWriter w, string pixel)
        {
            var (oy, ox) = (e.Temporary("oh"), e.Temporary("ow"));
            w.Line($"const int64_t {oy} = {pixel} / {ow}, {ox} = {pixel} % {ow};");
            return (oy, ox);
        }
        string InputAt(IndentedWriter w, string b, string kidx, string pixel)
        {
            var (c, y, x) = SplitK(w, kidx);
            var (oy, ox) = SplitPixel(w, pixel);
            var (h, wi) = (Window(oy, s[0], y, d[0]), Window(ox, s[1], x, d[1]));
            return nchw ? $"{input}({b}, {c}, {h}, {wi})" : $"{input}({b}, {h}, {wi}, {c})";
        }
        string FilterAt(IndentedWriter w, string channel, string kidx)
        {
            var (c, y, x) = SplitK(w, kidx);
            return nchw ? $"{filter}({channel}, {c}, {y}, {x})" : $"{filter}({y}, {x}, {c}, {channel})";
        }
        PrintTiledGemm(e, op, new GemmAccess(comment, Batched: true,
            Extents: (w, m, n, k, batch) =>
            {
                var (f, oh) = nchw ? (1, 2) : (3, 1);
                w.Line($"const int64_t {ow} = static_cast<int64_t>({@out}.extent({oh + 1}));");
                w.Line($"const int64_t {kh} = static_cast<int64_t>({filter}.extent({(nchw ? 2 : 0)})), {kw} = static_cast<int64_t>({filter}.extent({(nchw ? 3 : 1)}));");
                w.Line($"const int64_t {ch} = static_cast<int64_t>({filter}.extent({(nchw ? 1 : 2)}));");
                var pixels = $"static_cast<int64_t>({@out}.extent({oh})) * {ow}";
                var channels = $"static_cast<int64_t>({@out}.extent({f}))";
                w.Line($"const int64_t {m} = {(nchw ? channels : pixels)}, {n} = {(nchw ? pixels : channels)};");
                w.Line($"const int64_t {k} = {ch} * {kh} * {kw};");
                w.Line($"const int64_t {batch} = static_cast<int64_t>({@out}.extent(0));");
            },
            LhsAt: (w, b, row, kidx) => nchw ? FilterAt(w, row, kidx) : InputAt(w, b, kidx, row),
            RhsAt: (w, b, kidx, col) => nchw ? InputAt(w, b, kidx, col) : FilterAt(w, col, kidx),
            OutAt: (w, b, row, col) =>
            {
                var (oy, ox) = SplitPixel(w, nchw ? col : row);
                var channel = nchw ? row : col;
                return nchw ? ($"{@out}({b}, {channel}, {oy}, {ox})", [b, channel, oy, ox]) : ($"{@out}({b}, {oy}, {ox}, {channel})", [b, oy, ox, channel]);
            }));
    }

    private static void PrintTiledGemm(CppEmitter e, Operation op, GemmAccess access)
    {
        var t = e.Types.Scalar(op.Operand(2).Type.ElementType, op.Location);
        var host = TileSizes.FromAttribute(op.Attribute("host_tiles"));
        var device = TileSizes.FromAttribute(op.Attribute("device_tiles"));
        var init = op.OperandCount > 3 ? e.Expr(op.Operand(3)) : null;
        var space = KokkosPrinters.Space(op);
        var label = CppLiterals.String(op.Attribute("label").StringValue);
        var epilogue = op.Region(0).Blocks.Count > 0 ? op.Region(0).FirstBlock : default;
        var batched = access.Batched;

        string N(string hint) => e.Temporary(hint);
        var (onHost, bm, bn, bk, mr, nr) = (N("on_host"), N("bm"), N("bn"), N("bk"), N("mr"), N("nr"));
        var (m, n, k, batch) = (N("m"), N("n"), N("k"), N("batch"));
        var (blocksM, blocksN, level, policy) = (N("blocks_m"), N("blocks_n"), N("scratch_level"), N("policy"));
        // The host side's copies of the tile sizes (for the policy and the block counts) have names
        // of their own: the kernel declares bm, bn, bk... again, and must not shadow them.
        var (hostOnHost, hostBm, hostBn, hostBk, hostLevel) = (N("host_backend"), N("tile_m"), N("tile_n"), N("tile_k"), N("pack_level"));
        var w = e.W;
        w.OpenBlock();
        w.Line($"// tiled {(op.Name == "kokkos.convolution" ? "convolution" : "contraction")}: {access.Comment}" + (epilogue.IsNull ? "" : ", then the fused epilogue"));
        w.Line($"// one team per {bm} x {bn} block; {bm} x {bk} / {bk} x {bn} tiles packed in team scratch; {mr} x {nr} registers per thread");
        void Tiles(string onHost, string bm, string bn, string bk, bool registers)
        {
            w.Line($"constexpr bool {onHost} = Kokkos::SpaceAccessibility<{space}, Kokkos::HostSpace>::accessible;");
            w.Line($"constexpr int64_t {bm} = {onHost} ? {I(host.BM)} : {I(device.BM)}, {bn} = {onHost} ? {I(host.BN)} : {I(device.BN)}, {bk} = {onHost} ? {I(host.BK)} : {I(device.BK)};");
            if (registers) w.Line($"constexpr int64_t {mr} = {onHost} ? {I(host.MR)} : {I(device.MR)}, {nr} = {onHost} ? {I(host.NR)} : {I(device.NR)};");
        }
        Tiles(hostOnHost, hostBm, hostBn, hostBk, registers: false);
        access.Extents(w, m, n, k, batch);
        w.Line($"const int64_t {blocksM} = ({m} + {hostBm} - 1) / {hostBm}, {blocksN} = ({n} + {hostBn} - 1) / {hostBn};");
        w.Line($"constexpr int {hostLevel} = {hostOnHost} ? 1 : 0;  // level 1 (large) on host backends, level 0 (fast) on GPUs");
        w.Line($"const auto {policy} = Kokkos::TeamPolicy<{space}>({batch} * {blocksM} * {blocksN}, Kokkos::AUTO)");
        w.Line($"    .set_scratch_size({hostLevel}, Kokkos::PerTeam(({hostBm} * {hostBk} + {hostBk} * {hostBn}) * sizeof({t})));");

        e.PushScope();
        e.OpenAt($"Kokkos::parallel_for({label}, {policy}, KOKKOS_LAMBDA(const Kokkos::TeamPolicy<{space}>::member_type& team)", op.Location);
        Tiles(onHost, bm, bn, bk, registers: true);
        w.Line($"constexpr int {level} = {onHost} ? 1 : 0;");
        var (block, b, m0, n0, panelsM, panelsN, aPack, bPack) =
            (N("block"), N("b"), N("m0"), N("n0"), N("panels_m"), N("panels_n"), N("a_pack"), N("b_pack"));
        w.Line($"const int64_t {block} = static_cast<int64_t>(team.league_rank());");
        if (batched) w.Line($"const int64_t {b} = {block} / ({blocksM} * {blocksN});");
        w.Line($"const int64_t {m0} = ({block} % ({blocksM} * {blocksN})) / {blocksN} * {bm}, {n0} = {block} % {blocksN} * {bn};");
        w.Line($"const int64_t {panelsM} = (({m} - {m0} < {bm} ? {m} - {m0} : {bm}) + {mr} - 1) / {mr};");
        w.Line($"const int64_t {panelsN} = (({n} - {n0} < {bn} ? {n} - {n0} : {bn}) + {nr} - 1) / {nr};");
        w.Line($"{t}* {aPack} = static_cast<{t}*>(team.team_scratch({level}).get_shmem({bm} * {bk} * sizeof({t})));");
        w.Line($"{t}* {bPack} = static_cast<{t}*>(team.team_scratch({level}).get_shmem({bk} * {bn} * sizeof({t})));");
        var (k0, kc, first, last) = (N("k0"), N("kc"), N("first"), N("last"));
        w.Open($"for (int64_t {k0} = 0; {k0} < {k} || {k0} == 0; {k0} += {bk})");
        w.Line($"const int64_t {kc} = {k} - {k0} < {bk} ? {k} - {k0} : {bk};");
        if (init is not null) w.Line($"const bool {first} = {k0} == 0;");
        if (!epilogue.IsNull) w.Line($"const bool {last} = {k0} + {bk} >= {k};");
        // pack lhs: a_pack[(p * kc + kk) * mr + ii] = lhs(m0 + p * mr + ii, k0 + kk), 0 past the edge
        var (tv, p, q, kk, ii, jj, row, col) = (N("t"), N("p"), N("q"), N("kk"), N("ii"), N("jj"), N("row"), N("col"));
        w.Line($"// pack the {bm} x {bk} lhs tile as {mr}-row panels and the {bk} x {bn} rhs tile as {nr}-column panels");
        w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {panelsM} * {kc}), [&](const int64_t {tv})");
        w.Line($"const int64_t {p} = {tv} / {kc}, {kk} = {tv} % {kc};");
        w.Open($"for (int64_t {ii} = 0; {ii} < {mr}; ++{ii})");
        w.Line($"const int64_t {row} = {m0} + {p} * {mr} + {ii};");
        var lhsAt = access.LhsAt(w, b, row, $"{k0} + {kk}");
        w.Line($"{aPack}[({p} * {kc} + {kk}) * {mr} + {ii}] = {row} < {m} ? {lhsAt} : {t}(0);");
        w.Close();
        w.Close("});");
        w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {panelsN} * {kc}), [&](const int64_t {tv})");
        w.Line($"const int64_t {q} = {tv} / {kc}, {kk} = {tv} % {kc};");
        w.Open($"for (int64_t {jj} = 0; {jj} < {nr}; ++{jj})");
        w.Line($"const int64_t {col} = {n0} + {q} * {nr} + {jj};");
        var rhsAt = access.RhsAt(w, b, $"{k0} + {kk}", col);
        w.Line($"{bPack}[({q} * {kc} + {kk}) * {nr} + {jj}] = {col} < {n} ? {rhsAt} : {t}(0);");
        w.Close();
        w.Close("});");
        w.Line("team.team_barrier();");
        // register tile
        var (acc, ap, bp, value) = (N("acc"), N("ap"), N("bp"), N("value"));
        w.Line($"// each thread: one {mr} x {nr} register tile, innermost loop over {nr} contiguous columns");
        w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {panelsM} * {panelsN}), [&](const int64_t {tv})");
        w.Line($"const int64_t {p} = {tv} / {panelsN}, {q} = {tv} % {panelsN};");
        w.Line($"const {t}* {ap} = {aPack} + {p} * {kc} * {mr};");
        w.Line($"const {t}* {bp} = {bPack} + {q} * {kc} * {nr};");
        w.Line($"{t} {acc}[{mr}][{nr}] = {{}};");
        w.Open($"for (int64_t {kk} = 0; {kk} < {kc}; ++{kk})");
        w.Open($"for (int64_t {ii} = 0; {ii} < {mr}; ++{ii})");
        var av = N("a");
        w.Line($"const {t} {av} = {ap}[{kk} * {mr} + {ii}];");
        e.Helpers.Require(Helper.ContractionSimd);
        w.Line("LAPIS_SIMD");
        w.Line($"for (int64_t {jj} = 0; {jj} < {nr}; ++{jj}) {acc}[{ii}][{jj}] += {av} * {bp}[{kk} * {nr} + {jj}];");
        w.Close();
        w.Close();
        w.Open($"for (int64_t {ii} = 0; {ii} < {mr}; ++{ii})");
        w.Line($"const int64_t {row} = {m0} + {p} * {mr} + {ii};");
        w.Line($"if ({row} >= {m}) break;");
        w.Open($"for (int64_t {jj} = 0; {jj} < {nr}; ++{jj})");
        w.Line($"const int64_t {col} = {n0} + {q} * {nr} + {jj};");
        w.Line($"if ({col} >= {n}) break;");
        var (outAt, indices) = access.OutAt(w, b, row, col);
        w.Line($"{t} {value} = ({(init is null ? "" : $"{first} ? {t}({init}) : ")}{outAt}) + {acc}[{ii}][{jj}];");
        if (!epilogue.IsNull) PrintEpilogue(e, op, epilogue, value, last, indices);
        w.Line($"{outAt} = {value};");
        w.Close();
        w.Close();
        w.Close("});");
        w.Line("team.team_barrier();");
        w.Close();
        w.Close("});");
        e.PopScope();
        w.Close();
    }

    /// <summary>The epilogue block (acc, indices...) on the finished value, in the last reduction slice only.</summary>
    private static void PrintEpilogue(CppEmitter e, Operation op, Block epilogue, string value, string last, IReadOnlyList<string> indices)
    {
        if (epilogue.ArgumentCount != 1 + indices.Count) throw CppEmitter.Unsupported(op, "epilogue block arguments do not match the output rank");
        e.PushScope();
        e.W.Open($"if ({last})");
        e.W.Line("// fused epilogue");
        e.Alias(epilogue.Argument(0), value);
        for (var i = 0; i < indices.Count; i++) e.Alias(epilogue.Argument(1 + i), indices[i]);
        var yield = CppEmitter.Expect(e.EmitBody(epilogue), "gpu.yield", op);
        e.W.Line($"{value} = {e.Expr(yield.Operand(0))};");
        e.W.Close();
        e.PopScope();
    }
}

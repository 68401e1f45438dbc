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
    public static void Register(OpPrinterTable table) => table.Add("kokkos.contraction", Contraction);

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static void Contraction(CppEmitter e, Operation op)
    {
        var (lhsV, rhsV, outV) = (op.Operand(0), op.Operand(1), op.Operand(2));
        var outType = outV.Type;
        var rank = outType.Rank;
        var batched = rank == 3;
        var t = e.Types.Scalar(outType.ElementType, op.Location);
        var (lhs, rhs, @out) = (e.Expr(lhsV), e.Expr(rhsV), e.Expr(outV));
        var transposeLhs = op.Attribute("transpose_lhs").BoolValue;
        var transposeRhs = op.Attribute("transpose_rhs").BoolValue;
        var host = TileSizes.FromAttribute(op.Attribute("host_tiles"));
        var device = TileSizes.FromAttribute(op.Attribute("device_tiles"));
        var init = op.OperandCount > 3 ? e.Expr(op.Operand(3)) : null;
        var space = KokkosPrinters.Space(op);
        var label = CppLiterals.String(op.Attribute("label").StringValue);
        var epilogue = op.Region(0).Blocks.Count > 0 ? op.Region(0).FirstBlock : default;

        string N(string hint) => e.Temporary(hint);
        var (onHost, bm, bn, bk, mr, nr) = (N("on_host"), N("bm"), N("bn"), N("bk"), N("mr"), N("nr"));
        var (m, n, k, batch) = (N("m"), N("n"), N("k"), N("batch"));
        var (blocksM, blocksN, level, policy) = (N("blocks_m"), N("blocks_n"), N("scratch_level"), N("policy"));
        var lead = batched ? "b, " : "";
        var w = e.W;
        var lhsDesc = transposeLhs ? $"lhs({lead}kk, i)" : $"lhs({lead}i, kk)";
        var rhsDesc = transposeRhs ? $"rhs({lead}j, kk)" : $"rhs({lead}kk, j)";
        w.OpenBlock();
        w.Line($"// tiled contraction: {@out}({lead}i, j) {(init is null ? "+=" : $"= {init} +")} sum_kk {lhsDesc.Replace("lhs", lhs)} * {rhsDesc.Replace("rhs", rhs)}" +
               (epilogue.IsNull ? "" : ", then the fused epilogue"));
        w.Line($"// one team per {bm} x {bn} block; {bm} x {bk} / {bk} x {bn} tiles packed in team scratch; {mr} x {nr} registers per thread");
        w.Line($"constexpr bool {onHost} = Kokkos::SpaceAccessibility<{space}, Kokkos::HostSpace>::accessible;");
        void Tiles(bool registers)
        {
            w.Line($"constexpr int64_t {bm} = {onHost} ? {I(host.BM)} : {I(device.BM)}, {bn} = {onHost} ? {I(host.BN)} : {I(device.BN)}, {bk} = {onHost} ? {I(host.BK)} : {I(device.BK)};");
            if (registers) w.Line($"constexpr int64_t {mr} = {onHost} ? {I(host.MR)} : {I(device.MR)}, {nr} = {onHost} ? {I(host.NR)} : {I(device.NR)};");
        }
        Tiles(registers: false);
        var r0 = batched ? 1 : 0;
        w.Line($"const int64_t {m} = static_cast<int64_t>({@out}.extent({r0})), {n} = static_cast<int64_t>({@out}.extent({r0 + 1}));");
        w.Line($"const int64_t {k} = static_cast<int64_t>({lhs}.extent({(transposeLhs ? r0 : r0 + 1)}));");
        w.Line($"const int64_t {batch} = {(batched ? $"static_cast<int64_t>({@out}.extent(0))" : "1")};");
        w.Line($"const int64_t {blocksM} = ({m} + {bm} - 1) / {bm}, {blocksN} = ({n} + {bn} - 1) / {bn};");
        w.Line($"constexpr int {level} = {onHost} ? 1 : 0;  // level 1 (large) on host backends, level 0 (fast) on GPUs");
        w.Line($"const auto {policy} = Kokkos::TeamPolicy<{space}>({batch} * {blocksM} * {blocksN}, Kokkos::AUTO)");
        w.Line($"    .set_scratch_size({level}, Kokkos::PerTeam(({bm} * {bk} + {bk} * {bn}) * sizeof({t})));");

        e.PushScope();
        e.OpenAt($"Kokkos::parallel_for({label}, {policy}, KOKKOS_LAMBDA(const Kokkos::TeamPolicy<{space}>::member_type& team)", op.Location);
        w.Line($"constexpr bool {onHost} = Kokkos::SpaceAccessibility<{space}, Kokkos::HostSpace>::accessible;");
        Tiles(registers: true);
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
        var leadB = batched ? $"{b}, " : "";
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
        var lhsAt = transposeLhs ? $"{lhs}({leadB}{k0} + {kk}, {row})" : $"{lhs}({leadB}{row}, {k0} + {kk})";
        w.Line($"{aPack}[({p} * {kc} + {kk}) * {mr} + {ii}] = {row} < {m} ? {lhsAt} : {t}(0);");
        w.Close();
        w.Close("});");
        w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {panelsN} * {kc}), [&](const int64_t {tv})");
        w.Line($"const int64_t {q} = {tv} / {kc}, {kk} = {tv} % {kc};");
        w.Open($"for (int64_t {jj} = 0; {jj} < {nr}; ++{jj})");
        w.Line($"const int64_t {col} = {n0} + {q} * {nr} + {jj};");
        var rhsAt = transposeRhs ? $"{rhs}({leadB}{col}, {k0} + {kk})" : $"{rhs}({leadB}{k0} + {kk}, {col})";
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
        var outAt = $"{@out}({leadB}{row}, {col})";
        w.Line($"{t} {value} = ({(init is null ? "" : $"{first} ? {t}({init}) : ")}{outAt}) + {acc}[{ii}][{jj}];");
        if (!epilogue.IsNull) PrintEpilogue(e, op, epilogue, value, last, batched ? [b, row, col] : [row, col]);
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

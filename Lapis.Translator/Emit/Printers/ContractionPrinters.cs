using System.Globalization;
using Lapis.Native.Ir;
using Lapis.Translator.Passes;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// <c>kokkos.contraction</c> / <c>kokkos.convolution</c> → one <c>Kokkos::parallel_for</c> over a
/// TeamPolicy with one team per bm x bn block of the output (and per batch). The tile sizes
/// (<c>lapis_rt::gemm_tiles</c>: the op's host_tiles where the execution space can access host
/// memory, else its device_tiles) and the block's code are chosen by a compile-time constant
/// (a plain <c>if</c>: nvcc's extended lambdas cannot first-capture a variable inside
/// <c>if constexpr</c>; both branches compile everywhere, portable Kokkos only):
/// <list type="bullet">
/// <item>host backends: for each bk-deep slice of the reduction the team packs its lhs rows and rhs
/// columns into team scratch in mr-row / nr-column panels, and works through its mr x nr register
/// tiles, each a local array whose innermost loop is unit-stride (vectorized by the host compiler);</item>
/// <item>GPUs: one register tile per thread (team size = (bm / mr) x (bn / nr)), strided over the
/// block so neighbouring threads read neighbouring packed elements, accumulated in registers over
/// the whole reduction; the packs are k-major, read coalesced from row-major operands.</item>
/// </list>
/// Edges are zero-padded in the packs and masked at the store, so every size works. The epilogue
/// region is applied to each finished element before it is stored; a contraction's lhs / rhs
/// prologue region to each operand element as the packing loops read it (a lambda of the kernel).
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
        Func<IndentedWriter, string, string, string, (string At, string[] Indices)> OutAt)
    {
        /// <summary>How the host path packs instead (index tables), or null: <see cref="LhsAt"/> / <see cref="RhsAt"/>.</summary>
        public HostPacking? Host { get; init; }

        /// <summary>
        /// (b, row) → each epilogue index's C++ where it is the same for every column of output row
        /// <c>row</c> (else null), or null: the host path then hoists the epilogue's per-row work
        /// (<see cref="Epilogues.PrintRowInvariants"/>) out of its loop over the row's columns.
        /// </summary>
        public Func<string, string, string?[]>? RowIndices { get; init; }

        /// <summary>Prints what the kernel defines before its host and device paths (the operand prologues' lambdas), or null.</summary>
        public Action<IndentedWriter>? KernelSetup { get; init; }
    }

    /// <summary>
    /// Index tables of the host path's packing loops (convolutions: the window origin of each pixel
    /// of the block, the (c, kh, kw) of each reduction index of the slice), so packing an element
    /// costs table reads instead of integer divisions. Each hook prints its table's declaration and
    /// fill where the host path calls it: <c>Rows</c> / <c>Columns</c>(writer, first, count, size) once
    /// per row / column block, <c>Slice</c>(writer, k0, kc, size) once per bk-deep slice; the element
    /// accessors then read the tables (their indices absolute, as in <see cref="GemmAccess"/>).
    /// </summary>
    private sealed record HostPacking(
        Action<IndentedWriter, string, string, string>? Rows,
        Action<IndentedWriter, string, string, string>? Columns,
        Action<IndentedWriter, string, string, string> Slice,
        Func<IndentedWriter, string, string, string, string> LhsAt,
        Func<IndentedWriter, string, string, string, string> RhsAt)
    {
        /// <summary>
        /// (writer, b, kidx, col0, jj, nr) → a condition under which the nr values of the rhs panel at
        /// columns col0 ... col0 + nr - 1 are one strided run of the operand, and the value at jj then.
        /// </summary>
        public Func<IndentedWriter, string, string, string, string, string, (string Condition, string At)>? RhsRun { get; init; }

        /// <summary>
        /// (writer, b, kidx, col0, panel, nr, n) → prints the fill of the nr values of the rhs panel at
        /// columns col0 ... col0 + nr - 1 for reduction index kidx (0 past the last column n - 1) where
        /// <see cref="RhsRun"/>'s condition fails, or null: element by element. Used only with a
        /// <see cref="RhsRun"/>.
        /// </summary>
        public Action<IndentedWriter, string, string, string, string, string, string>? RhsPanel { get; init; }
    }

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
        // the operand prologues (regions 1 and 2): a lambda each, applied to an element as it is packed
        var (lhsPrologue, rhsPrologue) = (Prologue(op, 1), Prologue(op, 2));
        var lhsFn = lhsPrologue.IsNull ? null : e.Temporary("lhs_prologue");
        var rhsFn = rhsPrologue.IsNull ? null : e.Temporary("rhs_prologue");
        static string Apply(string? fn, string at) => fn is null ? at : $"{fn}({at})";
        var lhsDesc = Apply(lhsFn, transposeLhs ? $"{lhs}({lead}kk, i)" : $"{lhs}({lead}i, kk)");
        var rhsDesc = Apply(rhsFn, transposeRhs ? $"{rhs}({lead}j, kk)" : $"{rhs}({lead}kk, j)");
        var comment = $"{@out}({lead}i, j) {(init is null ? "+=" : $"= {init} +")} sum_kk {lhsDesc} * {rhsDesc}";
        var r0 = batched ? 1 : 0;
        string Lead(string b) => batched ? $"{b}, " : "";
        void Setup(IndentedWriter w)
        {
            if (lhsFn is not null) PrintPrologue(e, op, lhsPrologue, lhsFn, "lhs");
            if (rhsFn is not null) PrintPrologue(e, op, rhsPrologue, rhsFn, "rhs");
        }
        PrintTiledGemm(e, op, new GemmAccess(comment, batched,
            Extents: (w, m, n, k, batch) =>
            {
                w.Line($"const int64_t {m} = static_cast<int64_t>({@out}.extent({r0})), {n} = static_cast<int64_t>({@out}.extent({r0 + 1}));");
                w.Line($"const int64_t {k} = static_cast<int64_t>({lhs}.extent({(transposeLhs ? r0 : r0 + 1)}));");
                w.Line($"const int64_t {batch} = {(batched ? $"static_cast<int64_t>({@out}.extent(0))" : "1")};");
            },
            LhsAt: (_, b, row, kidx) => Apply(lhsFn, transposeLhs ? $"{lhs}({Lead(b)}{kidx}, {row})" : $"{lhs}({Lead(b)}{row}, {kidx})"),
            RhsAt: (_, b, kidx, col) => Apply(rhsFn, transposeRhs ? $"{rhs}({Lead(b)}{col}, {kidx})" : $"{rhs}({Lead(b)}{kidx}, {col})"),
            OutAt: (_, b, row, col) => ($"{@out}({Lead(b)}{row}, {col})", batched ? [b, row, col] : [row, col]))
            {
                KernelSetup = lhsFn is null && rhsFn is null ? null : Setup,
                RowIndices = (b, row) => batched ? [b, row, null] : [row, null],
            });
    }

    /// <summary>The block of a contraction's prologue region <paramref name="region"/>, or a null block when it has none.</summary>
    private static Block Prologue(Operation op, int region) =>
        op.RegionCount > region && op.Region(region).Blocks.Count > 0 ? op.Region(region).FirstBlock : default;

    /// <summary>
    /// The prologue block (element) → gpu.yield as a lambda <paramref name="name"/> of the kernel,
    /// called on every <paramref name="side"/> element the packing loops read (never past the edges:
    /// those pack 0).
    /// </summary>
    private static void PrintPrologue(CppEmitter e, Operation op, Block prologue, string name, string side)
    {
        if (prologue.ArgumentCount != 1) throw CppEmitter.Unsupported(op, $"the {side} prologue block must have one argument (the element)");
        var w = e.W;
        var element = e.Temporary("element");
        var from = e.Types.Scalar(prologue.Argument(0).Type, op.Location);
        var to = e.Types.Scalar(op.Operand(2).Type.ElementType, op.Location);
        e.PushScope();
        w.Line($"// the fused {side} prologue, applied to each {side} element as it is packed");
        w.Open($"const auto {name} = [&](const {from} {element}) -> {to}");
        e.Alias(prologue.Argument(0), element);
        var yield = CppEmitter.Expect(e.EmitBody(prologue), "gpu.yield", op);
        if (yield.OperandCount != 1 || yield.Operand(0).Type != op.Operand(2).Type.ElementType)
            throw CppEmitter.Unsupported(op, $"the {side} prologue must yield one value of the output's element type");
        w.Line($"return {e.Expr(yield.Operand(0))};");
        w.Close("};");
        e.PopScope();
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
        var p = op.Attribute("padding").DenseI64Elements;
        var padded = p[0] != 0 || p[1] != 0;
        var init = op.OperandCount > 3 ? e.Expr(op.Operand(3)) : null;
        string Scaled(string v, long f) => f == 1 ? v : $"{v} * {I(f)}";
        string Shifted(string v, long pad) => pad == 0 ? v : $"{v} - {I(pad)}";
        string Window(string o, long stride, string kv, long dilation, long pad = 0) => Shifted($"{Scaled(o, stride)} + {Scaled(kv, dilation)}", pad);
        var (ow, kh, kw, ch) = (e.Temporary("out_w"), e.Temporary("filter_h"), e.Temporary("filter_w"), e.Temporary("channels"));
        var sum = init is null ? "+=" : $"= {init} +";
        var (wh, ww) = (Window("oh", s[0], "kh", d[0], p[0]), Window("ow", s[1], "kw", d[1], p[1]));
        var comment = (nchw
            ? $"{@out}(n, f, oh, ow) {sum} sum_(c, kh, kw) {input}(n, c, {wh}, {ww}) * {filter}(f, c, kh, kw), as a GEMM per image: rows f, columns (oh, ow), reduction (c, kh, kw)"
            : $"{@out}(n, oh, ow, f) {sum} sum_(kh, kw, c) {input}(n, {wh}, {ww}, c) * {filter}(kh, kw, c, f), as a GEMM per image: rows (oh, ow), columns f, reduction (kh, kw, c)")
            + (padded ? $"; {input} is zero outside its extents (padding {I(p[0])}, {I(p[1])})" : "");
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
        // the input element (b, channel c, row ih, column iw) and the filter element, in the op's layout
        string InputElement(string b, string c, string ih, string iw) => nchw ? $"{input}({b}, {c}, {ih}, {iw})" : $"{input}({b}, {ih}, {iw}, {c})";
        string FilterElement(string channel, string c, string y, string x) => nchw ? $"{filter}({channel}, {c}, {y}, {x})" : $"{filter}({y}, {x}, {c}, {channel})";
        // a padded input reads 0 outside its extents
        string Bounded(string ih, string iw, string at)
        {
            var (hd, wd) = nchw ? (2, 3) : (1, 2);
            var inside = $"static_cast<uint64_t>({ih}) < static_cast<uint64_t>({input}.extent({hd})) && static_cast<uint64_t>({iw}) < static_cast<uint64_t>({input}.extent({wd}))";
            return $"({inside} ? {at} : {e.Types.Scalar(op.Operand(2).Type.ElementType, op.Location)}(0))";
        }
        string InputAt(IndentedWriter w, string b, string kidx, string pixel)
        {
            var (c, y, x) = SplitK(w, kidx);
            var (oy, ox) = SplitPixel(w, pixel);
            var (h, wi) = (Window(oy, s[0], y, d[0], p[0]), Window(ox, s[1], x, d[1], p[1]));
            if (!padded) return InputElement(b, c, h, wi);
            var (ih, iw) = (e.Temporary("ih"), e.Temporary("iw"));
            w.Line($"const int64_t {ih} = {h}, {iw} = {wi};");
            return Bounded(ih, iw, InputElement(b, c, ih, iw));
        }
        // nchw_fchw with a row-major filter: (c, kh, kw) are its trailing, compact dimensions, so
        // reduction index kidx is the offset in the filter's row of output channel f (no division)
        var flatFilter = nchw && CppTypes.IsLayoutRight(op.Operand(1).Type);
        string FlatFilterElement(string channel, string kidx) => $"(&{filter}({channel}, 0, 0, 0))[{kidx}]";
        string FilterAt(IndentedWriter w, string channel, string kidx)
        {
            if (flatFilter) return FlatFilterElement(channel, kidx);
            var (c, y, x) = SplitK(w, kidx);
            return FilterElement(channel, c, y, x);
        }
        // host path: tables of the pixels' window origins (per row or column block) and of the slice's (c, kh, kw)
        var (orgH, orgW, kC, kH, kW) = (e.Temporary("origin_h"), e.Temporary("origin_w"), e.Temporary("k_c"), e.Temporary("k_h"), e.Temporary("k_w"));
        var rowLeft = e.Temporary("row_left");
        string pixelFirst = "", sliceFirst = "";
        void PixelTable(IndentedWriter w, string first, string count, string size)
        {
            pixelFirst = first;
            var (j, pixel) = (e.Temporary("j"), e.Temporary("pixel"));
            w.Line($"// the window origin (row, column of the input) of each of the block's pixels");
            w.Line($"int64_t {orgH}[{size}], {orgW}[{size}]{(nchw ? $", {rowLeft}[{size}]" : "")};");
            w.Open($"for (int64_t {j} = 0; {j} < {count}; ++{j})");
            w.Line($"const int64_t {pixel} = {first} + {j};");
            w.Line($"{orgH}[{j}] = {Shifted(Scaled($"{pixel} / {ow}", s[0]), p[0])};");
            w.Line($"{orgW}[{j}] = {Shifted(Scaled($"{pixel} % {ow}", s[1]), p[1])};");
            if (nchw) w.Line($"{rowLeft}[{j}] = {ow} - {pixel} % {ow};");
            w.Close();
        }
        void SliceTable(IndentedWriter w, string k0, string kc, string size)
        {
            sliceFirst = k0;
            var kk = e.Temporary("kk");
            w.Line($"// (c, kh, kw) of each reduction index of the slice");
            w.Line($"int64_t {kC}[{size}], {kH}[{size}], {kW}[{size}];");
            w.Open($"for (int64_t {kk} = 0; {kk} < {kc}; ++{kk})");
            var (c, y, x) = SplitK(w, $"{k0} + {kk}");
            w.Line($"{kC}[{kk}] = {c};");
            w.Line($"{kH}[{kk}] = {y};");
            w.Line($"{kW}[{kk}] = {x};");
            w.Close();
        }
        // the table entries of reduction index kidx and pixel: (kl, pl) and the input row and column read
        (string Kl, string Pl, string Ih, string Iw) TableWindow(IndentedWriter w, string kidx, string pixel)
        {
            var (kl, pl, ih, iw) = (e.Temporary("kl"), e.Temporary("pl"), e.Temporary("ih"), e.Temporary("iw"));
            w.Line($"const int64_t {kl} = {kidx} - {sliceFirst}, {pl} = {pixel} - {pixelFirst};");
            w.Line($"const int64_t {ih} = {orgH}[{pl}] + {Scaled($"{kH}[{kl}]", d[0])}, {iw} = {orgW}[{pl}] + {Scaled($"{kW}[{kl}]", d[1])};");
            return (kl, pl, ih, iw);
        }
        string TableInputAt(IndentedWriter w, string b, string kidx, string pixel)
        {
            var (kl, _, ih, iw) = TableWindow(w, kidx, pixel);
            var at = InputElement(b, $"{kC}[{kl}]", ih, iw);
            return padded ? Bounded(ih, iw, at) : at;
        }
        string TableFilterAt(IndentedWriter w, string channel, string kidx)
        {
            if (flatFilter) return FlatFilterElement(channel, kidx);
            var kl = e.Temporary("kl");
            w.Line($"const int64_t {kl} = {kidx} - {sliceFirst};");
            return FilterElement(channel, $"{kC}[{kl}]", $"{kH}[{kl}]", $"{kW}[{kl}]");
        }
        // nchw: a panel of nr pixels of one output row reads one input row at stride s[1]
        (string, string) InputRun(IndentedWriter w, string b, string kidx, string col0, string jj, string nr)
        {
            var (kl, pl, ih, iw) = TableWindow(w, kidx, col0);
            var sameRow = $"{orgH}[{pl} + {nr} - 1] == {orgH}[{pl}]";
            var inside = $"static_cast<uint64_t>({ih}) < static_cast<uint64_t>({input}.extent(2)) && {iw} >= 0 && {Window($"{iw}", 1, $"({nr} - 1)", s[1])} < static_cast<int64_t>({input}.extent(3))";
            return ($"{sameRow} && {inside}", InputElement(b, $"{kC}[{kl}]", ih, $"{iw} + {Scaled(jj, s[1])}"));
        }
        // nchw: any panel, one output row's pixels at a time (a strided run of one input row, 0 where
        // the window is outside the input and past the last pixel), so rows narrower than a panel
        // (ResNet's 7 x 7 and 14 x 14 maps) copy runs instead of testing every element
        void InputPanel(IndentedWriter w, string b, string kidx, string col0, string panel, string nr, string gemmN)
        {
            var (kl, jj, pl, len, ih, iw0, lo, hi, tv) = (e.Temporary("kl"), e.Temporary("jj"), e.Temporary("pl"), e.Temporary("len"),
                e.Temporary("ih"), e.Temporary("iw0"), e.Temporary("lo"), e.Temporary("hi"), e.Temporary("t"));
            var zero = $"{e.Types.Scalar(op.Operand(2).Type.ElementType, op.Location)}(0)";
            var (height, width) = ($"static_cast<int64_t>({input}.extent(2))", $"static_cast<int64_t>({input}.extent(3))");
            w.Line($"const int64_t {kl} = {kidx} - {sliceFirst};");
            w.Open($"for (int64_t {jj} = 0; {jj} < {nr};)");
            w.Open($"if ({col0} + {jj} >= {gemmN})");
            w.Line($"for (; {jj} < {nr}; ++{jj}) {panel}[{jj}] = {zero};");
            w.Line("break;");
            w.Close();
            w.Line($"const int64_t {pl} = {col0} + {jj} - {pixelFirst};");
            w.Line($"// the pixels up to the end of this one's output row (and of the panel and the columns)");
            w.Line($"int64_t {len} = {rowLeft}[{pl}] < {nr} - {jj} ? {rowLeft}[{pl}] : {nr} - {jj};");
            w.Line($"if ({len} > {gemmN} - {col0} - {jj}) {len} = {gemmN} - {col0} - {jj};");
            w.Line($"const int64_t {ih} = {orgH}[{pl}] + {Scaled($"{kH}[{kl}]", d[0])}, {iw0} = {orgW}[{pl}] + {Scaled($"{kW}[{kl}]", d[1])};");
            w.Line($"// pixels lo ... hi - 1 of the run read the input row; 0 before and after, and for a row outside the input");
            var first = s[1] == 1 ? $"-{iw0}" : $"(-{iw0} + {I(s[1] - 1)}) / {I(s[1])}";
            var past = s[1] == 1 ? $"{width} - {iw0}" : $"({width} - 1 - {iw0}) / {I(s[1])} + 1";
            w.Line($"int64_t {lo} = {iw0} >= 0 ? 0 : {first}, {hi} = {iw0} < {width} ? {past} : 0;");
            w.Line($"if ({ih} < 0 || {ih} >= {height}) {lo} = {hi} = {len};");
            w.Line($"if ({lo} > {len}) {lo} = {len};");
            w.Line($"if ({hi} > {len}) {hi} = {len};");
            w.Line($"if ({hi} < {lo}) {hi} = {lo};");
            w.Line($"for (int64_t {tv} = 0; {tv} < {lo}; ++{tv}) {panel}[{jj} + {tv}] = {zero};");
            w.Line("LAPIS_SIMD");
            w.Line($"for (int64_t {tv} = {lo}; {tv} < {hi}; ++{tv}) {panel}[{jj} + {tv}] = {InputElement(b, $"{kC}[{kl}]", ih, $"{iw0} + {Scaled(tv, s[1])}")};");
            w.Line($"for (int64_t {tv} = {hi}; {tv} < {len}; ++{tv}) {panel}[{jj} + {tv}] = {zero};");
            w.Line($"{jj} += {len};");
            w.Close();
        }
        var hostPacking = new HostPacking(
            Rows: nchw ? null : PixelTable,
            Columns: nchw ? PixelTable : null,
            Slice: SliceTable,
            LhsAt: (w, b, row, kidx) => nchw ? TableFilterAt(w, row, kidx) : TableInputAt(w, b, kidx, row),
            RhsAt: (w, b, kidx, col) => nchw ? TableInputAt(w, b, kidx, col) : TableFilterAt(w, col, kidx)) { RhsRun = nchw ? InputRun : null, RhsPanel = nchw ? InputPanel : null };
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
                var channel = nchw ? row : col;
                // a row-major nchw output: the pixel index is the offset in the (oh, ow) plane of its
                // image and channel (the split is only computed where an epilogue reads it)
                if (nchw && CppTypes.IsLayoutRight(op.Operand(2).Type)) return ($"(&{@out}({b}, {channel}, 0, 0))[{col}]", [b, channel, $"({col} / {ow})", $"({col} % {ow})"]);
                var (oy, ox) = SplitPixel(w, nchw ? col : row);
                return nchw ? ($"{@out}({b}, {channel}, {oy}, {ox})", [b, channel, oy, ox]) : ($"{@out}({b}, {oy}, {ox}, {channel})", [b, oy, ox, channel]);
            }) { Host = hostPacking, RowIndices = nchw ? (b, row) => [b, row, null, null] : null });
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
        var tiles = N("tiles");
        var (m, n, k, batch) = (N("m"), N("n"), N("k"), N("batch"));
        var (blocksM, blocksN, league, policy) = (N("blocks_m"), N("blocks_n"), N("league"), N("policy"));
        var w = e.W;
        w.OpenBlock();
        w.Line($"// tiled {(op.Name == "kokkos.convolution" ? "convolution" : "contraction")}: {access.Comment}" + (epilogue.IsNull ? "" : ", then the fused epilogue"));
        w.Line($"// one team per bm x bn block of the output; bm x bk / bk x bn tiles packed in team scratch; an mr x nr register tile per thread");
        e.Helpers.Require(Helper.GemmTiles);
        w.Line($"using {tiles} = lapis_rt::gemm_tiles<{space}, {I(host.BM)}, {I(host.BN)}, {I(host.BK)}, {I(host.MR)}, {I(host.NR)}, " +
               $"{I(device.BM)}, {I(device.BN)}, {I(device.BK)}, {I(device.MR)}, {I(device.NR)}>;");
        access.Extents(w, m, n, k, batch);
        w.Line($"const int64_t {blocksM} = ({m} + {tiles}::bm - 1) / {tiles}::bm, {blocksN} = ({n} + {tiles}::bn - 1) / {tiles}::bn;");
        // f32/f64 on GPUs: the reduction split over several teams per block when the blocks alone leave the device idle
        var element = op.Operand(2).Type.ElementType;
        var split = element.IsF32 || element.IsF64 ? new SplitNames(N("splits"), N("k_chunk")) : null;
        if (split is null) w.Line($"const int64_t {league} = {batch} * {blocksM} * {blocksN};");
        else
        {
            e.Helpers.Require(Helper.GemmSplits);
            w.Line($"// GPUs: several teams per block ({split.Splits}) share its reduction when the blocks alone leave the device idle (partial sums added atomically, the epilogue in a pass of its own)");
            w.Line($"const int64_t {split.Splits} = lapis_rt::gemm_splits<{tiles}, {space}>({batch} * {blocksM} * {blocksN}, {k});");
            w.Line($"const int64_t {split.KChunk} = ({k} + {split.Splits} - 1) / {split.Splits};");
            w.Line($"const int64_t {league} = {batch} * {blocksM} * {blocksN} * {split.Splits};");
            if (init is not null) PrintOutputPass(e, op, access, space, ":init", batch, m, n, (at, _) => w.Line($"{at} = {t}({init});"), $"{split.Splits} > 1");
        }
        var plan = N("host_plan");
        e.Helpers.Require(Helper.GemmHostSchedule);
        w.Line($"// host backends: one team per run of row blocks of one column block, its rhs tile packed once per slice; blocks of at most bm x bn sized so that the threads get equal shares");
        w.Line($"const lapis_rt::gemm_host_plan {plan} = {tiles}::on_host ? lapis_rt::gemm_host_schedule<{space}>({batch}, {m}, {n}, {k}, {tiles}::bm, {tiles}::bn, {tiles}::mr, {tiles}::nr) : lapis_rt::gemm_host_plan{{}};");
        w.Line($"const auto {policy} = ({tiles}::on_host ? Kokkos::TeamPolicy<{space}>({plan}.teams, Kokkos::AUTO) : Kokkos::TeamPolicy<{space}>({league}, static_cast<int>({tiles}::threads)))");
        w.Line($"    .set_scratch_size({tiles}::scratch_level, Kokkos::PerTeam(({tiles}::a_pack + {tiles}::b_pack) * sizeof({t}) + alignof(lapis_rt::pack_vector<{t}, {tiles}::vec>)));");

        e.PushScope();
        e.OpenAt($"Kokkos::parallel_for({label}, {policy}, KOKKOS_LAMBDA(const Kokkos::TeamPolicy<{space}>::member_type& team)", op.Location);
        var (block, b, m0, n0, aPack, bPack) = (N("block"), N("b"), N("m0"), N("n0"), N("a_pack"), N("b_pack"));
        w.Line(split is null ? $"const int64_t {block} = static_cast<int64_t>(team.league_rank());"
            : $"const int64_t {block} = static_cast<int64_t>(team.league_rank()) / {split.Splits};");
        if (batched) w.Line($"const int64_t {b} = {block} / ({blocksM} * {blocksN});");
        w.Line($"const int64_t {m0} = ({block} % ({blocksM} * {blocksN})) / {blocksN} * {tiles}::bm, {n0} = {block} % {blocksN} * {tiles}::bn;");
        w.Line($"{t}* {aPack} = static_cast<{t}*>(team.team_scratch(static_cast<int>({tiles}::scratch_level)).get_shmem_aligned(({tiles}::a_pack + {tiles}::b_pack) * sizeof({t}), alignof(lapis_rt::pack_vector<{t}, {tiles}::vec>)));");
        w.Line($"{t}* {bPack} = {aPack} + {tiles}::a_pack;");
        var names = new GemmNames(tiles, m, n, k, b, m0, n0, aPack, bPack, t, init, split, plan);
        access.KernelSetup?.Invoke(w);
        w.Open($"if ({tiles}::on_host)");
        PrintHostBlock(e, op, access, epilogue, names);
        w.Close();
        w.Open("else");
        PrintDeviceBlock(e, op, access, epilogue, names);
        w.Close();
        w.Close("});");
        e.PopScope();
        if (split is not null && !epilogue.IsNull)
            PrintOutputPass(e, op, access, space, ":epilogue", batch, m, n, (at, indices) =>
            {
                var value = N("value");
                w.Line($"{t} {value} = {at};");
                Epilogues.Print(e, op, epilogue, value, null, indices);
                w.Line($"{at} = {value};");
            }, $"{split.Splits} > 1");
        w.Close();
    }

    /// <summary>The split of the reduction over teams (f32/f64): the number of teams per block and the k range of each.</summary>
    private sealed record SplitNames(string Splits, string KChunk);

    /// <summary>The C++ names every part of one tiled GEMM shares.</summary>
    private sealed record GemmNames(string Tiles, string M, string N, string K, string B, string M0, string N0,
        string APack, string BPack, string T, string? Init, SplitNames? Split, string HostPlan);

    /// <summary>
    /// <c>if (condition)</c> one RangePolicy pass over every output element (batch x m x n), printing
    /// <paramref name="body"/> with the element's C++ and its epilogue indices.
    /// </summary>
    private static void PrintOutputPass(CppEmitter e, Operation op, GemmAccess access, string space, string suffix,
        string batch, string m, string n, Action<string, IReadOnlyList<string>> body, string condition)
    {
        var w = e.W;
        var (idx, b, row, col) = (e.Temporary("e"), e.Temporary("b"), e.Temporary("row"), e.Temporary("col"));
        w.Open($"if ({condition})");
        e.PushScope();
        var passLabel = CppLiterals.String(op.Attribute("label").StringValue + suffix);
        e.OpenAt($"Kokkos::parallel_for({passLabel}, Kokkos::RangePolicy<{space}, Kokkos::IndexType<int64_t>>(0, {batch} * {m} * {n}), KOKKOS_LAMBDA(const int64_t {idx})", op.Location);
        w.Line($"const int64_t {b} = {idx} / ({m} * {n}), {row} = {idx} / {n} % {m}, {col} = {idx} % {n};");
        if (!access.Batched) w.Line($"(void){b};");
        var (at, indices) = access.OutAt(w, b, row, col);
        body(at, indices);
        w.Close("});");
        e.PopScope();
        w.Close();
    }

    /// <summary>
    /// Host backends (one thread per team; a team owns one column block and a run of its row blocks,
    /// sized by <c>lapis_rt::gemm_host_schedule</c> within the tiles' bn and bm): per bk-deep slice,
    /// pack the rhs columns as nr-column panels once, then for each row block pack its lhs rows as mr-row panels (each panel k-major:
    /// mr / nr values per k, contiguous) and work through the block's register tiles, each accumulated over the slice in
    /// registers (innermost loop over nr contiguous columns, vectorized) and added into the output.
    /// The packs read the operands along k (lhs) and along whole bn-wide rows (rhs), so row-major
    /// operands stream through the cache instead of walking a column per panel; full panels skip the
    /// edge tests. The register tiles go rhs panel by rhs panel (its kc x nr values stay in L1 while
    /// the lhs panels stream from L2), and the output update's inner loop over the tile's columns is
    /// a plain unit-stride loop the host compiler vectorizes; its per-row epilogue work (a batch norm's
    /// scale) is hoisted out of that loop.
    /// </summary>
    private static void PrintHostBlock(CppEmitter e, Operation op, GemmAccess access, Block epilogue, GemmNames g)
    {
        string N(string hint) => e.Temporary(hint);
        var w = e.W;
        var (tiles, m, n, k, t) = (g.Tiles, g.M, g.N, g.K, g.T);
        // this team's column block (and batch) and its run of row blocks
        var (group, columnBlock, perGroup, mbBegin, mbEnd, mb) = (N("group"), N("column_block"), N("per_group"), N("mb_begin"), N("mb_end"), N("mb"));
        var (hb, hm0, hn0) = (N("b"), N("m0"), N("n0"));
        var (plan, bm, bn) = (g.HostPlan, $"{g.HostPlan}.bm", $"{g.HostPlan}.bn");
        w.Line($"const int64_t {group} = static_cast<int64_t>(team.league_rank()) % {plan}.row_groups, {columnBlock} = static_cast<int64_t>(team.league_rank()) / {plan}.row_groups;");
        if (access.Batched) w.Line($"const int64_t {hb} = {columnBlock} / {plan}.blocks_n;");
        w.Line($"const int64_t {hn0} = {columnBlock} % {plan}.blocks_n * {bn};");
        w.Line($"const int64_t {perGroup} = {plan}.per_group;");
        w.Line($"const int64_t {mbBegin} = {group} * {perGroup}, {mbEnd} = {mbBegin} + {perGroup} < {plan}.blocks_m ? {mbBegin} + {perGroup} : {plan}.blocks_m;");
        g = g with { B = access.Batched ? hb : g.B, M0 = hm0, N0 = hn0 };
        var (panelsM, panelsN) = (N("panels_m"), N("panels_n"));
        w.Line($"const int64_t {panelsN} = (({n} - {g.N0} < {bn} ? {n} - {g.N0} : {bn}) + {tiles}::nr - 1) / {tiles}::nr;");
        var hostPacking = access.Host;
        var (lhsAt, rhsAt) = hostPacking is { } hp ? (hp.LhsAt, hp.RhsAt) : (access.LhsAt, access.RhsAt);
        hostPacking?.Columns?.Invoke(w, g.N0, $"({n} - {g.N0} < {bn} ? {n} - {g.N0} : {bn})", $"{tiles}::on_host ? {tiles}::bn : 1");
        var (k0, kc, first, last) = (N("k0"), N("kc"), N("first"), N("last"));
        w.Open($"for (int64_t {k0} = 0; {k0} < {k} || {k0} == 0; {k0} += {tiles}::bk)");
        w.Line($"const int64_t {kc} = {k} - {k0} < {tiles}::bk ? {k} - {k0} : {tiles}::bk;");
        if (g.Init is not null) w.Line($"const bool {first} = {k0} == 0;");
        if (!epilogue.IsNull) w.Line($"const bool {last} = {k0} + {tiles}::bk >= {k};");
        hostPacking?.Slice(w, k0, kc, $"{tiles}::on_host ? {tiles}::bk : 1");
        var (p, q, kk, ii, jj, row, col, panel, row0, col0) = (N("p"), N("q"), N("kk"), N("ii"), N("jj"), N("row"), N("col"), N("panel"), N("row0"), N("col0"));
        // one panel's values at k (kk), 0 past the edge unless the panel is known to be full
        void PackLoop(string count, string index, string first0, string bound, string packAt, string at, Func<string, string> valueAt, bool guarded)
        {
            w.Open($"for (int64_t {index} = 0; {index} < {tiles}::{count}; ++{index})");
            w.Line($"const int64_t {at} = {first0} + {index};");
            var value = valueAt(at);
            w.Line(guarded ? $"{packAt} = {at} < {bound} ? {value} : {t}(0);" : $"{packAt} = {value};");
            w.Close();
        }
        w.Line($"// pack the bk x bn rhs tile as nr-column panels (k-major), reading the rhs a bn-wide row at a time; 0 past the edges");
        w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {kc}), [&](const int64_t {kk})");
        w.Open($"for (int64_t {q} = 0; {q} < {panelsN}; ++{q})");
        w.Line($"{t}* {panel} = {g.BPack} + ({q} * {kc} + {kk}) * {tiles}::nr;");
        w.Line($"const int64_t {col0} = {g.N0} + {q} * {tiles}::nr;");
        var panelFill = hostPacking?.RhsRun is null ? null : hostPacking.RhsPanel;
        if (hostPacking?.RhsRun is { } run)
        {
            // a panel whose values are one strided run of the operand (a convolution's input row): one test, then a plain copy
            var (condition, at) = run(w, g.B, $"{k0} + {kk}", col0, jj, $"{tiles}::nr");
            w.Open($"if ({col0} + {tiles}::nr <= {n} && {condition})");
            w.Line("LAPIS_SIMD");
            w.Line($"for (int64_t {jj} = 0; {jj} < {tiles}::nr; ++{jj}) {panel}[{jj}] = {at};");
            if (panelFill is { } fill)
            {
                w.Continue("} else");
                fill(w, g.B, $"{k0} + {kk}", col0, panel, $"{tiles}::nr", n);
                w.Close();
            }
            else w.Continue($"}} else if ({col0} + {tiles}::nr <= {n})");
        }
        else w.Open($"if ({col0} + {tiles}::nr <= {n})");
        if (panelFill is null)
        {
            foreach (var guarded in new[] { false, true })
            {
                if (guarded) w.Continue("} else");
                PackLoop("nr", jj, col0, n, $"{panel}[{jj}]", col, c => rhsAt(w, g.B, $"{k0} + {kk}", c), guarded);
            }
            w.Close();
        }
        w.Close();
        w.Close("});");
        w.Line("team.team_barrier();");
        w.Open($"for (int64_t {mb} = {mbBegin}; {mb} < {mbEnd}; ++{mb})");
        w.Line($"const int64_t {g.M0} = {mb} * {bm};");
        w.Line($"const int64_t {panelsM} = (({m} - {g.M0} < {bm} ? {m} - {g.M0} : {bm}) + {tiles}::mr - 1) / {tiles}::mr;");
        hostPacking?.Rows?.Invoke(w, g.M0, $"({m} - {g.M0} < {bm} ? {m} - {g.M0} : {bm})", $"{tiles}::on_host ? {tiles}::bm : 1");
        w.Line($"// pack the bm x bk lhs tile as mr-row panels (k-major), reading the lhs along k; 0 past the edges");
        w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {panelsM}), [&](const int64_t {p})");
        w.Line($"{t}* {panel} = {g.APack} + {p} * {kc} * {tiles}::mr;");
        w.Line($"const int64_t {row0} = {g.M0} + {p} * {tiles}::mr;");
        w.Open($"if ({row0} + {tiles}::mr <= {m})");
        foreach (var guarded in new[] { false, true })
        {
            if (guarded) w.Continue("} else");
            w.Open($"for (int64_t {kk} = 0; {kk} < {kc}; ++{kk})");
            PackLoop("mr", ii, row0, m, $"{panel}[{kk} * {tiles}::mr + {ii}]", row, r => lhsAt(w, g.B, r, $"{k0} + {kk}"), guarded);
            w.Close();
        }
        w.Close();
        w.Close("});");
        w.Line("team.team_barrier();");
        var (tv, acc, ap, bp, value, rows, cols) = (N("t"), N("acc"), N("ap"), N("bp"), N("value"), N("rows"), N("cols"));
        w.Line($"// each register tile, rhs panel by rhs panel: mr x nr accumulators, innermost loop over nr contiguous columns");
        w.Open($"Kokkos::parallel_for(Kokkos::TeamThreadRange(team, {panelsM} * {panelsN}), [&](const int64_t {tv})");
        w.Line($"const int64_t {q} = {tv} / {panelsM}, {p} = {tv} % {panelsM};");
        w.Line($"const {t}* {ap} = {g.APack} + {p} * {kc} * {tiles}::mr;");
        w.Line($"const {t}* {bp} = {g.BPack} + {q} * {kc} * {tiles}::nr;");
        w.Line($"const int64_t {row0} = {g.M0} + {p} * {tiles}::mr, {col0} = {g.N0} + {q} * {tiles}::nr;");
        w.Line($"const int64_t {rows} = {m} - {row0} < {tiles}::mr ? {m} - {row0} : {tiles}::mr, {cols} = {n} - {col0} < {tiles}::nr ? {n} - {col0} : {tiles}::nr;");
        e.Helpers.Require(Helper.ContractionSimd);
        PrintNarrowPanel(e, op, access, epilogue, g, (ap, bp, kc, first, last, row0, col0, rows, cols));
        w.Continue("} else");
        w.Line($"{t} {acc}[{tiles}::mr][{tiles}::nr] = {{}};");
        w.Open($"for (int64_t {kk} = 0; {kk} < {kc}; ++{kk})");
        w.Open($"for (int64_t {ii} = 0; {ii} < {tiles}::mr; ++{ii})");
        var av = N("a");
        w.Line($"const {t} {av} = {ap}[{kk} * {tiles}::mr + {ii}];");
        w.Line("LAPIS_SIMD");
        w.Line($"for (int64_t {jj} = 0; {jj} < {tiles}::nr; ++{jj}) {acc}[{ii}][{jj}] += {av} * {bp}[{kk} * {tiles}::nr + {jj}];");
        w.Close();
        w.Close();
        // the tile into the output: one loop per case of (first slice, last slice), so that each is a
        // branch-free unit-stride loop the host compiler vectorizes (a load or an epilogue under a
        // condition inside the loop kept it scalar)
        var cases = (from f in g.Init is null ? new bool?[] { null } : [true, false]
                     from l in epilogue.IsNull ? new bool?[] { null } : [true, false]
                     select (First: f, Last: l)).ToList();
        for (var i = 0; i < cases.Count; i++)
        {
            var (isFirst, isLast) = cases[i];
            var condition = string.Join(" && ", new[] { isFirst is null ? null : isFirst.Value ? first : $"!{first}", isLast is null ? null : isLast.Value ? last : $"!{last}" }.Where(c => c is not null));
            if (cases.Count > 1)
            {
                if (i == 0) w.Open($"if ({condition})");
                else if (i < cases.Count - 1) w.Continue($"}} else if ({condition})");
                else w.Continue("} else");
            }
            w.Open($"for (int64_t {ii} = 0; {ii} < {rows}; ++{ii})");
            w.Line($"const int64_t {row} = {row0} + {ii};");
            var hoist = isLast == true && access.RowIndices is not null;
            IReadOnlySet<Operation>? hoisted = null;
            if (hoist)
            {
                e.PushScope();
                hoisted = Epilogues.PrintRowInvariants(e, epilogue, access.RowIndices!(g.B, row), op.Operand(2));
            }
            w.Line("LAPIS_SIMD");
            w.Open($"for (int64_t {jj} = 0; {jj} < {cols}; ++{jj})");
            w.Line($"const int64_t {col} = {col0} + {jj};");
            var (outAt, indices) = access.OutAt(w, g.B, row, col);
            w.Line($"{t} {value} = {(isFirst == true ? $"{t}({g.Init})" : outAt)} + {acc}[{ii}][{jj}];");
            if (isLast == true) Epilogues.Print(e, op, epilogue, value, null, indices, hoisted);
            w.Line($"{outAt} = {value};");
            w.Close();
            if (hoist) e.PopScope();
            w.Close();
        }
        if (cases.Count > 1) w.Close();
        w.Close();
        w.Close("});");
        w.Line("team.team_barrier();");
        w.Close();
        w.Close();
    }

    /// <summary>
    /// Host path, opens <c>if (cols &lt;= nr / 8) {</c> (the caller continues with its full register tile):
    /// a last rhs panel of at most nr / 8 columns (ResNet-18's 7 x 7 maps: 49 columns, 3 x 16 + 1)
    /// one column at a time, its mr rows as one vector, where the mr x nr tile would spend nr
    /// multiply-adds per row on it; its few outputs are written element by element. 2 Zen 5 cores:
    /// ResNet-18's 7 x 7 convolutions 1.32-1.36 -> 1.25-1.26 ms each (with 4 columns, the 14 x 14
    /// maps, this way was 4 % slower than the full tile, hence nr / 8). Its own accumulators: writing the
    /// full tile's at a run-time column kept those out of registers and slowed every layer.
    /// </summary>
    private static void PrintNarrowPanel(CppEmitter e, Operation op, GemmAccess access, Block epilogue, GemmNames g,
        (string Ap, string Bp, string Kc, string First, string Last, string Row0, string Col0, string Rows, string Cols) tile)
    {
        var w = e.W;
        var (tiles, t) = (g.Tiles, g.T);
        var (jn, column, bv, kk, ii, row, col, value) = (e.Temporary("jn"), e.Temporary("column"), e.Temporary("b"), e.Temporary("kk"),
            e.Temporary("ii"), e.Temporary("row"), e.Temporary("col"), e.Temporary("value"));
        w.Line("// a last panel of at most nr / 8 columns: one column at a time, its mr rows as one vector");
        w.Open($"if ({tile.Cols} <= {tiles}::nr / 8)");
        w.Open($"for (int64_t {jn} = 0; {jn} < {tile.Cols}; ++{jn})");
        w.Line($"{t} {column}[{tiles}::mr] = {{}};");
        w.Open($"for (int64_t {kk} = 0; {kk} < {tile.Kc}; ++{kk})");
        w.Line($"const {t} {bv} = {tile.Bp}[{kk} * {tiles}::nr + {jn}];");
        w.Line("LAPIS_SIMD");
        w.Line($"for (int64_t {ii} = 0; {ii} < {tiles}::mr; ++{ii}) {column}[{ii}] += {tile.Ap}[{kk} * {tiles}::mr + {ii}] * {bv};");
        w.Close();
        w.Line($"const int64_t {col} = {tile.Col0} + {jn};");
        w.Open($"for (int64_t {ii} = 0; {ii} < {tile.Rows}; ++{ii})");
        w.Line($"const int64_t {row} = {tile.Row0} + {ii};");
        var (outAt, indices) = access.OutAt(w, g.B, row, col);
        w.Line($"{t} {value} = ({(g.Init is null ? "" : $"{tile.First} ? {t}({g.Init}) : ")}{outAt}) + {column}[{ii}];");
        if (!epilogue.IsNull) Epilogues.Print(e, op, epilogue, value, tile.Last, indices);
        w.Line($"{outAt} = {value};");
        w.Close();
        w.Close();
    }

    /// <summary>
    /// GPUs (team size = threads): thread (p, q) owns rows <c>gemm_tiles::row_of(p, ii)</c> and columns
    /// <c>col_of(q, jj)</c> of the block (4-wide groups read with one load each when the register tile
    /// allows, else p + ii * bm / mr), so neighbouring threads read neighbouring packed elements; its accumulators stay in
    /// registers over the whole reduction, and the output is read, finished by the epilogue and written
    /// once. Each thread loads its share of the next bk-deep slice from memory into registers before the
    /// team computes on the current one (the loads' latency hides behind the arithmetic), then stores it
    /// into the packs: the lhs read along k and the rhs along n (coalesced for row-major operands). Loops
    /// over tile extents are compile-time constants, unrolled (<c>LAPIS_UNROLL</c>) so the register tile
    /// never goes to local memory. On an H200, SGEMM 4096 (128 x 128 x 8 / 8 x 8): 10.0 ms before, 5.84 ms
    /// with the loads one slice ahead (cuBLAS 2.74 ms).
    /// </summary>
    private static void PrintDeviceBlock(CppEmitter e, Operation op, GemmAccess access, Block epilogue, GemmNames g)
    {
        string N(string hint) => e.Temporary(hint);
        var w = e.W;
        var (tiles, m, n, k, t) = (g.Tiles, g.M, g.N, g.K, g.T);
        e.Helpers.Require(Helper.DeviceUnroll);
        var (tid, p, q, acc) = (N("tid"), N("p"), N("q"), N("acc"));
        w.Line($"const int {tid} = static_cast<int>(team.team_rank());");
        w.Line($"const int {p} = {tid} / static_cast<int>({tiles}::bn / {tiles}::nr), {q} = {tid} % static_cast<int>({tiles}::bn / {tiles}::nr);");
        w.Line($"{t} {acc}[{tiles}::mr][{tiles}::nr] = {{}};");
        var (kBegin, kEnd) = (N("k_begin"), N("k_end"));
        if (g.Split is { } sp)
        {
            w.Line($"const int64_t {kBegin} = static_cast<int64_t>(team.league_rank()) % {sp.Splits} * {sp.KChunk};");
            w.Line($"const int64_t {kEnd} = {k} - {kBegin} < {sp.KChunk} ? {k} : {kBegin} + {sp.KChunk};");
        }
        else w.Line($"const int64_t {kBegin} = 0, {kEnd} = {k};");
        var (aLoads, bLoads, aNext, bNext, load) = (N("a_loads"), N("b_loads"), N("a_next"), N("b_next"), N("load_slice"));
        w.Line($"// this thread's share of a bk-deep slice: lhs elements tid, tid + threads, ... of the bm x bk tile (k fastest), rhs ones of the bk x bn tile (n fastest)");
        w.Line($"constexpr int {aLoads} = static_cast<int>(({tiles}::bm * {tiles}::bk + {tiles}::threads - 1) / {tiles}::threads);");
        w.Line($"constexpr int {bLoads} = static_cast<int>(({tiles}::bk * {tiles}::bn + {tiles}::threads - 1) / {tiles}::threads);");
        var (aEven, bEven) = (N("a_even"), N("b_even"));
        w.Line($"constexpr bool {aEven} = {tiles}::bm * {tiles}::bk % {tiles}::threads == 0, {bEven} = {tiles}::bk * {tiles}::bn % {tiles}::threads == 0;");
        w.Line($"{t} {aNext}[{aLoads}], {bNext}[{bLoads}];");
        var (k0, kc, l, tv, r, c, kk, ii, jj, row, col) = (N("k0"), N("kc"), N("l"), N("t"), N("r"), N("c"), N("kk"), N("ii"), N("jj"), N("row"), N("col"));
        // for each of this thread's elements of a tile (t = tid, tid + threads, ...; `indices` adds the element's coordinates): body
        void ShareLoop(string loads, Func<string, string> indices, Action body)
        {
            w.Line("LAPIS_UNROLL");
            w.Open($"for (int {l} = 0; {l} < {loads}; ++{l})");
            w.Line($"const int {tv} = {tid} + {l} * static_cast<int>({tiles}::threads){indices(tv)};");
            body();
            w.Close();
        }
        // t inside the tile: a compile-time true when the threads divide it evenly
        string Guard(string even, string extent) => $"({even} || {tv} < {extent})";
        var (aExtent, bExtent) = ($"{tiles}::bm * {tiles}::bk", $"{tiles}::bk * {tiles}::bn");
        w.Line($"// from memory into registers, 0 past the edges");
        w.Open($"const auto {load} = [&](const int64_t {k0})");
        w.Line($"const int64_t {kc} = {kEnd} - {k0} < {tiles}::bk ? {kEnd} - {k0} : {tiles}::bk;");
        ShareLoop(aLoads, x => $", {r} = {x} / static_cast<int>({tiles}::bk), {kk} = {x} % static_cast<int>({tiles}::bk)", () =>
        {
            w.Line($"const int64_t {row} = {g.M0} + {r};");
            var lhsAt = access.LhsAt(w, g.B, row, $"{k0} + {kk}");
            w.Line($"{aNext}[{l}] = {Guard(aEven, aExtent)} && {row} < {m} && {kk} < {kc} ? {lhsAt} : {t}(0);");
        });
        ShareLoop(bLoads, x => $", {kk} = {x} / static_cast<int>({tiles}::bn), {c} = {x} % static_cast<int>({tiles}::bn)", () =>
        {
            w.Line($"const int64_t {col} = {g.N0} + {c};");
            var rhsAt = access.RhsAt(w, g.B, $"{k0} + {kk}", col);
            w.Line($"{bNext}[{l}] = {Guard(bEven, bExtent)} && {col} < {n} && {kk} < {kc} ? {rhsAt} : {t}(0);");
        });
        w.Close("};");
        w.Line($"if ({kBegin} < {kEnd}) {load}({kBegin});");
        w.Open($"for (int64_t {k0} = {kBegin}; {k0} < {kEnd}; {k0} += {tiles}::bk)");
        w.Line($"// the slice into the packs (k-major), then the next one from memory while the team computes on this one");
        ShareLoop(aLoads, _ => "", () =>
            w.Line($"if {Guard(aEven, aExtent)} {g.APack}[{tv} % static_cast<int>({tiles}::bk) * {tiles}::a_stride + {tv} / static_cast<int>({tiles}::bk)] = {aNext}[{l}];"));
        ShareLoop(bLoads, _ => "", () =>
            w.Line($"if {Guard(bEven, bExtent)} {g.BPack}[{tv} / static_cast<int>({tiles}::bn) * {tiles}::b_stride + {tv} % static_cast<int>({tiles}::bn)] = {bNext}[{l}];"));
        w.Line("team.team_barrier();");
        w.Line($"if ({k0} + {tiles}::bk < {kEnd}) {load}({k0} + {tiles}::bk);");
        var (av, bv) = (N("a"), N("bv"));
        w.Line($"// the register tile over the slice (the packs are 0 past the reduction's end)");
        w.Line("LAPIS_UNROLL");
        w.Open($"for (int {kk} = 0; {kk} < static_cast<int>({tiles}::bk); ++{kk})");
        w.Line($"{t} {av}[{tiles}::mr], {bv}[{tiles}::nr];");
        w.Line("LAPIS_UNROLL");
        var (chunk, vv) = (N("chunk"), N("v"));
        void VectorReads(string count, string index, string into, string pack, string stride, string of, string at)
        {
            w.Open($"for (int {index} = 0; {index} < static_cast<int>({tiles}::{count}); {index} += static_cast<int>({tiles}::vec))");
            w.Line($"const lapis_rt::pack_vector<{t}, {tiles}::vec> {chunk} = *reinterpret_cast<const lapis_rt::pack_vector<{t}, {tiles}::vec>*>({pack} + {kk} * {tiles}::{stride} + {tiles}::{of}({at}, {index}));");
            w.Line("LAPIS_UNROLL");
            w.Line($"for (int {vv} = 0; {vv} < static_cast<int>({tiles}::vec); ++{vv}) {into}[{index} + {vv}] = {chunk}.v[{vv}];");
            w.Close();
        }
        VectorReads("mr", ii, av, g.APack, "a_stride", "row_of", p);
        w.Line("LAPIS_UNROLL");
        VectorReads("nr", jj, bv, g.BPack, "b_stride", "col_of", q);
        w.Line("LAPIS_UNROLL");
        w.Line($"for (int {ii} = 0; {ii} < static_cast<int>({tiles}::mr); ++{ii})");
        w.Line("  LAPIS_UNROLL");
        w.Line($"  for (int {jj} = 0; {jj} < static_cast<int>({tiles}::nr); ++{jj}) {acc}[{ii}][{jj}] += {av}[{ii}] * {bv}[{jj}];");
        w.Close();
        w.Line("team.team_barrier();");
        w.Close();
        var value = N("value");
        w.Line("LAPIS_UNROLL");
        w.Open($"for (int {ii} = 0; {ii} < static_cast<int>({tiles}::mr); ++{ii})");
        w.Line($"const int64_t {row} = {g.M0} + {tiles}::row_of({p}, {ii});");
        w.Line("LAPIS_UNROLL");
        w.Open($"for (int {jj} = 0; {jj} < static_cast<int>({tiles}::nr); ++{jj})");
        w.Line($"const int64_t {col} = {g.N0} + {tiles}::col_of({q}, {jj});");
        w.Line($"if ({row} >= {m} || {col} >= {n}) continue;");
        var (outAt, indices) = access.OutAt(w, g.B, row, col);
        if (g.Split is { } s2)
        {
            w.Open($"if ({s2.Splits} > 1)");
            w.Line($"Kokkos::atomic_add(&{outAt}, {acc}[{ii}][{jj}]);");
            w.Line("continue;");
            w.Close();
        }
        w.Line($"{t} {value} = {(g.Init is null ? outAt : $"{t}({g.Init})")} + {acc}[{ii}][{jj}];");
        if (!epilogue.IsNull) Epilogues.Print(e, op, epilogue, value, null, indices);
        w.Line($"{outAt} = {value};");
        w.Close();
        w.Close();
    }
}

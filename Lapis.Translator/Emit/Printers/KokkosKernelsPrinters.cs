using Lapis.Native.Ir;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// The library calls of <c>--kernels kokkos-kernels</c>: <c>kokkos.blas_gemm</c> →
/// <c>KokkosBlas::gemm</c> (rank 3: one call per batch on subviews), <c>kokkos.blas_gemv</c> →
/// <c>KokkosBlas::gemv</c>, issued from host code like any kernel launch. With an init the call
/// overwrites the output (beta = 0) and a non-zero init is added afterwards; without one it
/// accumulates (beta = 1). The epilogue, and the init's addition, are one RangePolicy kernel of our
/// own over the output after the call. The source then includes Kokkos Kernels' headers (and the
/// program links Kokkos::kokkoskernels); code without these ops is unchanged.
/// </summary>
internal static class KokkosKernelsPrinters
{
    public static void Register(OpPrinterTable table)
    {
        table.Add("kokkos.blas_gemm", Gemm);
        table.Add("kokkos.blas_gemv", Gemv);
    }

    private static void Gemm(CppEmitter e, Operation op)
    {
        e.Context.LibraryHeaders.Add("KokkosBlas3_gemm.hpp");
        var (lhs, rhs, @out) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)), e.Expr(op.Operand(2)));
        var t = e.Types.Scalar(op.Operand(2).Type.ElementType, op.Location);
        var transA = op.Attribute("transpose_lhs").BoolValue ? "\"T\"" : "\"N\"";
        var transB = op.Attribute("transpose_rhs").BoolValue ? "\"T\"" : "\"N\"";
        var batched = op.Operand(2).Type.Rank == 3;
        var w = e.W;
        w.OpenBlock();
        w.Line($"// Kokkos Kernels: {@out} {Sum(op, e)} op({lhs}) * op({rhs}), op = {transA} / {transB}{(batched ? ", one GEMM per batch" : "")}{EpilogueNote(op)}");
        if (batched)
        {
            var b = e.Temporary("b");
            w.Open($"for (int64_t {b} = 0; {b} < static_cast<int64_t>({@out}.extent(0)); ++{b})");
            string Slice(string v) => $"Kokkos::subview({v}, {b}, Kokkos::ALL, Kokkos::ALL)";
            PrintCall(e, op, t, Slice(lhs), Slice(@out), (a, beta, c) => $"KokkosBlas::gemm({transA}, {transB}, {t}(1), {a}, {Slice(rhs)}, {beta}, {c});");
            w.Close();
        }
        else PrintCall(e, op, t, lhs, @out, (a, beta, c) => $"KokkosBlas::gemm({transA}, {transB}, {t}(1), {a}, {rhs}, {beta}, {c});");
        PrintOutputKernel(e, op, t, @out);
        w.Close();
    }

    private static void Gemv(CppEmitter e, Operation op)
    {
        e.Context.LibraryHeaders.Add("KokkosBlas2_gemv.hpp");
        var (matrix, vector, @out) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)), e.Expr(op.Operand(2)));
        var t = e.Types.Scalar(op.Operand(2).Type.ElementType, op.Location);
        var trans = op.Attribute("transpose").BoolValue ? "\"T\"" : "\"N\"";
        var w = e.W;
        w.OpenBlock();
        w.Line($"// Kokkos Kernels: {@out} {Sum(op, e)} op({matrix}) * {vector}, op = {trans}{EpilogueNote(op)}");
        PrintCall(e, op, t, matrix, @out, (a, beta, y) => $"KokkosBlas::gemv({trans}, {t}(1), {a}, {vector}, {beta}, {y});");
        PrintOutputKernel(e, op, t, @out);
        w.Close();
    }

    private static string Sum(Operation op, CppEmitter e) => op.OperandCount > 3 ? $"= {e.Expr(op.Operand(3))} +" : "+=";

    private static string EpilogueNote(Operation op) => HasEpilogue(op) ? ", then the fused epilogue" : "";

    private static bool HasEpilogue(Operation op) => op.Region(0).Blocks.Count > 0;

    /// <summary>
    /// The call with beta = 1 (accumulate) or, with an init, beta = 0; Kokkos Kernels returns without
    /// touching the output when the matrix is empty (no reduction), so the output is zeroed then.
    /// </summary>
    private static void PrintCall(CppEmitter e, Operation op, string t, string matrix, string @out, Func<string, string, string, string> call)
    {
        var w = e.W;
        if (op.OperandCount <= 3) { w.Line(call(matrix, $"{t}(1)", @out)); return; }
        w.Line($"if ({matrix}.extent(0) == 0 || {matrix}.extent(1) == 0) Kokkos::deep_copy({@out}, {t}(0));");
        w.Line($"else {call(matrix, $"{t}(0)", @out)}");
    }

    /// <summary>
    /// One RangePolicy kernel over the output after the call: adds a non-zero init and applies the
    /// epilogue block (acc, indices...); nothing when neither is needed.
    /// </summary>
    private static void PrintOutputKernel(CppEmitter e, Operation op, string t, string @out)
    {
        var init = op.OperandCount > 3 && !IsZeroConstant(op.Operand(3)) ? e.Expr(op.Operand(3)) : null;
        var epilogue = HasEpilogue(op) ? op.Region(0).FirstBlock : default;
        if (init is null && epilogue.IsNull) return;
        var w = e.W;
        var rank = op.Operand(2).Type.Rank;
        var space = KokkosPrinters.Space(op);
        var label = CppLiterals.String(op.Attribute("label").StringValue + ":epilogue");
        var extents = Enumerable.Range(0, rank).Select(d => e.Temporary($"extent{d}")).ToArray();
        w.Line($"const int64_t {string.Join(", ", extents.Select((x, d) => $"{x} = static_cast<int64_t>({@out}.extent({d}))"))};");
        e.PushScope();
        var (idx, value) = (e.Temporary("e"), e.Temporary("value"));
        e.OpenAt($"Kokkos::parallel_for({label}, Kokkos::RangePolicy<{space}, Kokkos::IndexType<int64_t>>(0, {string.Join(" * ", extents)}), KOKKOS_LAMBDA(const int64_t {idx})", op.Location);
        var indices = Enumerable.Range(0, rank).Select(d => e.Temporary($"i{d}")).ToArray();
        // row-major: the last index varies fastest
        var parts = Enumerable.Range(0, rank).Select(d =>
        {
            var inner = extents.Skip(d + 1).ToArray();
            var q = inner.Length switch { 0 => idx, 1 => $"{idx} / {inner[0]}", _ => $"{idx} / ({string.Join(" * ", inner)})" };
            return d == 0 ? $"{indices[d]} = {q}" : $"{indices[d]} = {q} % {extents[d]}";
        });
        w.Line($"const int64_t {string.Join(", ", parts)};");
        var at = $"{@out}({string.Join(", ", indices)})";
        w.Line($"{t} {value} = {at}{(init is null ? "" : $" + {t}({init})")};");
        if (!epilogue.IsNull) Epilogues.Print(e, op, epilogue, value, null, indices);
        w.Line($"{at} = {value};");
        w.Close("});");
        e.PopScope();
    }

    private static bool IsZeroConstant(Value v) =>
        v.IsOpResult && v.DefiningOp.Name == "arith.constant" && v.DefiningOp.Attribute("value") is { IsNull: false, IsFloat: true } a && a.FloatValue == 0;
}

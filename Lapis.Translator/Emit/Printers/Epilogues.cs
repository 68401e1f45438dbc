using Lapis.Native.Ir;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// The fused epilogue region of a <c>kokkos.contraction</c> / <c>kokkos.convolution</c> /
/// <c>kokkos.sliding_window</c>: a block (acc, indices...) → gpu.yield applied to each finished
/// output element before it is stored.
/// </summary>
internal static class Epilogues
{
    /// <summary>
    /// The epilogue block on the finished <paramref name="value"/>, in the last reduction slice only
    /// (when <paramref name="last"/> names its condition); the ops in <paramref name="hoisted"/> were
    /// printed before the loop (<see cref="PrintRowInvariants"/>) and are not printed again.
    /// </summary>
    internal static void Print(CppEmitter e, Operation op, Block epilogue, string value, string? last, IReadOnlyList<string> indices,
        IReadOnlySet<Operation>? hoisted = null)
    {
        if (epilogue.ArgumentCount != 1 + indices.Count) throw CppEmitter.Unsupported(op, "epilogue block arguments do not match the output rank");
        e.PushScope();
        if (last is null) e.W.OpenBlock();
        else e.W.Open($"if ({last})");
        e.W.Line("// fused epilogue");
        e.Alias(epilogue.Argument(0), value);
        for (var i = 0; i < indices.Count; i++) e.Alias(epilogue.Argument(1 + i), indices[i]);
        var terminator = epilogue.Terminator;
        foreach (var inner in epilogue.Operations)
        {
            if (inner == terminator) break;
            if (hoisted is null || !hoisted.Contains(inner)) e.Emit(inner);
        }
        var yield = CppEmitter.Expect(terminator, "gpu.yield", op);
        e.W.Line($"{value} = {e.Expr(yield.Operand(0))};");
        e.W.Close();
        e.PopScope();
    }

    /// <summary>
    /// Prints, where a loop over one output row's elements is about to start, the epilogue ops whose
    /// values are the same for every element of the row: those that read neither the element nor an
    /// index that varies along the row (<paramref name="rowIndices"/>: the C++ of each index when it is
    /// fixed for the row, else null), have no regions and no effect but a load (loads of
    /// <paramref name="output"/> stay in the loop). A batch norm's per-channel scale (its rsqrt) then
    /// runs once per row, and the loop is left with arithmetic the host compiler vectorizes. The
    /// caller keeps a scope open around the loop (the hoisted values' names) and passes the returned
    /// ops to <see cref="Print"/>.
    /// </summary>
    internal static IReadOnlySet<Operation> PrintRowInvariants(CppEmitter e, Block epilogue, IReadOnlyList<string?> rowIndices, Value output)
    {
        var varying = new HashSet<Value> { epilogue.Argument(0) };
        for (var i = 0; i < rowIndices.Count; i++)
            if (rowIndices[i] is null) varying.Add(epilogue.Argument(1 + i));
            else e.Alias(epilogue.Argument(1 + i), rowIndices[i]!);
        var hoisted = new HashSet<Operation>();
        var terminator = epilogue.Terminator;
        foreach (var inner in epilogue.Operations)
        {
            if (inner == terminator) break;
            var invariant = inner.RegionCount == 0 && IsHoistable(inner, output) && inner.Operands.All(v => !varying.Contains(v));
            if (!invariant)
            {
                foreach (var r in inner.Results) varying.Add(r);
                continue;
            }
            e.Emit(inner);
            hoisted.Add(inner);
        }
        return hoisted;
    }

    /// <summary>Ops without side effects other than reading memory that is not the output being written.</summary>
    private static bool IsHoistable(Operation op, Value output)
    {
        var name = op.Name;
        if (name == "memref.load") return op.Operand(0) != output;
        return name.StartsWith("arith.", StringComparison.Ordinal) || name.StartsWith("math.", StringComparison.Ordinal) || name.StartsWith("index.", StringComparison.Ordinal);
    }
}

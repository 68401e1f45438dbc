using System.Globalization;
using Lapis.Native.Ir;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// vector dialect after upstream's <c>convert-vector-to-scf{full-unroll}</c> (which leaves 1-D
/// transfers and scalar prints): a vector value is a small array, <c>lapis_rt::vec&lt;T, N&gt;</c>
/// with N the product of its shape (row-major), so shape casts change nothing. Transfers become
/// element loops over a View (padding where a dimension is not in bounds); <c>vector.print</c>
/// calls the printing helpers that match MLIR's C runner utilities byte for byte.
/// </summary>
internal static class VectorPrinters
{
    public static void Register(OpPrinterTable table)
    {
        table.Add("vector.print", Print);
        table.Add("vector.transfer_read", TransferRead);
        table.Add("vector.transfer_write", TransferWrite);
        table.Add("vector.to_elements", ToElements);
        table.Add("vector.from_elements", FromElements);
        table.Add("vector.shape_cast", (e, op) => e.Define(op.Result(0), e.Expr(op.Operand(0))));
        table.Add("vector.extract", Extract);
        table.Add("vector.insert", Insert);
        table.Add("vector.broadcast", Broadcast);
    }

    // -------------------------------------------------------------------------------------------
    // Printing
    // -------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>vector.print [%x : T] [punctuation &lt;p&gt;]</c> or <c>vector.print str "..."</c>: the value
    /// as MLIR's runtime prints it (floats through <c>%g</c>, integers sign-extended to 64 bits,
    /// i1 and index as unsigned), then the punctuation (a newline unless told otherwise).
    /// </summary>
    private static void Print(CppEmitter e, Operation op)
    {
        e.Helpers.Require(Helper.Print);
        if (op.Attribute("stringLiteral") is { IsNull: false } text)
        {
            e.W.Line($"lapis_rt::print_string({CppLiterals.String(text.StringValue)});");
            return;
        }
        if (op.OperandCount == 1)
        {
            var v = op.Operand(0);
            if (v.Type.IsVector)
                throw CppEmitter.Unsupported(op, $"printing a whole vector '{v.Type}' (upstream convert-vector-to-scf decomposes it; it did not here)");
            e.W.Line(PrintScalar(e, v, op.Location));
        }
        var punctuation = op.Attribute("punctuation") is { IsNull: false } p ? p.ToString() : "";
        string? text2 =
            punctuation.Contains("no_punctuation", StringComparison.Ordinal) ? null
            : punctuation.Length == 0 || punctuation.Contains("newline", StringComparison.Ordinal) ? "\"\\n\""
            : punctuation.Contains("open", StringComparison.Ordinal) ? "\"( \""
            : punctuation.Contains("close", StringComparison.Ordinal) ? "\" )\""
            : punctuation.Contains("comma", StringComparison.Ordinal) ? "\", \""
            : throw CppEmitter.Unsupported(op, $"punctuation {punctuation}");
        if (text2 is not null) e.W.Line($"lapis_rt::print_string({text2});");
    }

    private static string PrintScalar(CppEmitter e, Value v, Location at)
    {
        var t = v.Type;
        var x = e.Expr(v);
        if (t.IsFloat) return $"lapis_rt::print_float(static_cast<double>({(CppTypes.IsSmallFloat(t) ? $"static_cast<float>({x})" : x)}));";
        if (t.IsIndex || (t.IsInteger && (t.IsUnsignedInteger || t.IntegerWidth == 1)))
            return $"lapis_rt::print_unsigned(static_cast<uint64_t>({(t.IsInteger && t.IntegerWidth < 64 && !CppTypes.IsBool(t) ? $"{CppTypes.Unsigned(t, at)}({x})" : x)}));";
        if (t.IsInteger && t.IntegerWidth <= 64) return $"lapis_rt::print_signed(static_cast<int64_t>({x}));";
        throw CppTypes.Unsupported(t, at);
    }

    // -------------------------------------------------------------------------------------------
    // Transfers
    // -------------------------------------------------------------------------------------------

    /// <summary>
    /// 0-D or 1-D <c>vector.transfer_read %m[%i, ..., %j], %pad</c> with the minor identity map on a
    /// memref: <c>v[k] = m(i, ..., j + k)</c>, or <c>pad</c> past the extent where the dimension is
    /// not <c>in_bounds</c>.
    /// </summary>
    private static void TransferRead(CppEmitter e, Operation op)
    {
        var (memref, indices, n, inBounds) = Transfer(op, 0);
        var result = op.Result(0);
        var pad = op.Operand(1 + indices.Count);
        var name = e.Name(result);
        var k = e.Temporary("k");
        e.W.Line($"{e.TypeOf(result)} {name};");
        var element = Element(e, memref, indices, k);
        var read = inBounds ? element : $"{Inside(e, memref, indices, k)} ? {element} : {e.Expr(pad)}";
        e.W.Line($"for (int64_t {k} = 0; {k} < {n}; ++{k}) {name}[{k}] = {read};");
    }

    /// <summary>The write of <see cref="TransferRead"/>: elements past a not-in-bounds extent are dropped.</summary>
    private static void TransferWrite(CppEmitter e, Operation op)
    {
        if (op.ResultCount > 0) throw CppEmitter.Unsupported(op, "transfer_write to a tensor (bufferize first)");
        var (memref, indices, n, inBounds) = Transfer(op, 1);
        var vector = e.Expr(op.Operand(0));
        var k = e.Temporary("k");
        var store = $"{Element(e, memref, indices, k)} = {vector}[{k}];";
        e.W.Line(inBounds
            ? $"for (int64_t {k} = 0; {k} < {n}; ++{k}) {store}"
            : $"for (int64_t {k} = 0; {k} < {n}; ++{k}) if ({Inside(e, memref, indices, k)}) {store}");
    }

    private static (Value Memref, IReadOnlyList<Value> Indices, long Length, bool InBounds) Transfer(Operation op, int first)
    {
        var vectorType = first == 0 ? op.Result(0).Type : op.Operand(0).Type;
        var memref = op.Operand(first);
        if (!memref.Type.IsMemRef) throw CppEmitter.Unsupported(op, $"a transfer on '{memref.Type}' (bufferize first)");
        var rank = memref.Type.Rank;
        var expected = first + 1 + rank + (first == 0 ? 1 : 0);
        if (op.OperandCount != expected) throw CppEmitter.Unsupported(op, "masked transfers");
        if (vectorType.Rank > 1) throw CppEmitter.Unsupported(op, $"an n-D transfer '{vectorType}' (convert-vector-to-scf unrolls it to 1-D)");
        if (op.Attribute("permutation_map") is { IsNull: false, IsAffineMap: true } pm)
        {
            var map = pm.AffineMapValue;
            var minorIdentity = map.ResultCount == vectorType.Rank &&
                                map.Results.Select((r, i) => r.IsDim && r.DimPosition == map.DimCount - map.ResultCount + i).All(b => b);
            if (!minorIdentity) throw CppEmitter.Unsupported(op, "a transfer with a permutation or broadcast map");
        }
        if (vectorType.Rank == 1 && rank == 0) throw CppEmitter.Unsupported(op, "a 1-D transfer of a 0-D memref");
        var inBounds = vectorType.Rank == 0 || (op.Attribute("in_bounds") is { IsNull: false, IsArray: true } ib && ib.ArrayElements.Count == 1 && ib.ArrayElements[0].BoolValue);
        var indices = op.Operands.Skip(first + 1).Take(rank).ToArray();
        return (memref, indices, vectorType.Rank == 0 ? 1 : vectorType.DimSize(0) ?? throw CppEmitter.Unsupported(op, "scalable vectors"), inBounds);
    }

    private static string Element(CppEmitter e, Value memref, IReadOnlyList<Value> indices, string k) =>
        $"{e.Expr(memref)}({string.Join(", ", indices.Select((v, i) => i == indices.Count - 1 ? $"{e.Expr(v)} + {k}" : e.Expr(v)))})";

    private static string Inside(CppEmitter e, Value memref, IReadOnlyList<Value> indices, string k) =>
        $"{e.Expr(indices[^1])} + {k} < static_cast<int64_t>({e.Expr(memref)}.extent({indices.Count - 1}))";

    // -------------------------------------------------------------------------------------------
    // Elements
    // -------------------------------------------------------------------------------------------

    private static void ToElements(CppEmitter e, Operation op)
    {
        var source = e.Expr(op.Operand(0));
        for (var i = 0; i < op.ResultCount; i++)
        {
            var index = i;
            e.DefineIfUsed(op.Result(i), () => $"{source}[{index}]");
        }
    }

    private static void FromElements(CppEmitter e, Operation op)
    {
        var result = op.Result(0);
        e.Define(result, $"{e.TypeOf(result)}{{{{{string.Join(", ", op.Operands.Select(e.TypedExpr))}}}}}");
    }

    /// <summary>A splat or element-wise <c>arith.constant dense&lt;...&gt; : vector&lt;...&gt;</c> (called by the arith printer).</summary>
    public static void Constant(CppEmitter e, Operation op)
    {
        var value = op.Attribute("value");
        var result = op.Result(0);
        var element = result.Type.ElementType;
        if (!value.IsDenseElements) throw CppEmitter.Unsupported(op, $"vector constant '{value}'");
        var count = Count(result.Type);
        string Literal(long i)
        {
            if (element.IsF32 || element.IsF64)
                return CppLiterals.Float(value.IsSplat ? value.SplatValue.FloatValue : value.DenseFloatElement(i), element, e.Types.Scalar(element, op.Location), e.Helpers);
            if (CppTypes.IsIntegerLike(element))
                return CppLiterals.Integer(value.IsSplat ? value.SplatValue.IntegerValue : value.DenseIntegerElement(i), element);
            throw CppEmitter.Unsupported(op, $"a vector constant of '{element}'");
        }
        e.Define(result, $"{e.TypeOf(result)}{{{{{string.Join(", ", Enumerable.Range(0, (int)count).Select(i => Literal(i)))}}}}}");
    }

    /// <summary><c>vector.extract %v[positions]</c>: one element, or a copy of the sub-vector the positions select.</summary>
    private static void Extract(CppEmitter e, Operation op)
    {
        var source = op.Operand(0);
        var result = op.Result(0);
        var offset = FlatOffset(e, op, source.Type, op.Operands.Skip(1).ToArray());
        if (!result.Type.IsVector)
        {
            e.Define(result, $"{e.Expr(source)}[{offset}]");
            return;
        }
        var name = e.Name(result);
        var k = e.Temporary("k");
        e.W.Line($"{e.TypeOf(result)} {name};");
        e.W.Line($"for (int64_t {k} = 0; {k} < {Count(result.Type)}; ++{k}) {name}[{k}] = {e.Expr(source)}[{offset} + {k}];");
    }

    /// <summary><c>vector.insert %x, %dest[positions]</c>: a copy of dest with the element (or sub-vector) replaced.</summary>
    private static void Insert(CppEmitter e, Operation op)
    {
        var value = op.Operand(0);
        var dest = op.Operand(1);
        var result = op.Result(0);
        var offset = FlatOffset(e, op, dest.Type, op.Operands.Skip(2).ToArray());
        var name = e.Define(result, e.Expr(dest));
        if (!value.Type.IsVector)
        {
            e.W.Line($"{name}[{offset}] = {e.Expr(value)};");
            return;
        }
        var k = e.Temporary("k");
        e.W.Line($"for (int64_t {k} = 0; {k} < {Count(value.Type)}; ++{k}) {name}[{offset} + {k}] = {e.Expr(value)}[{k}];");
    }

    /// <summary><c>vector.broadcast</c> of a scalar (or a one-element vector) to every element.</summary>
    private static void Broadcast(CppEmitter e, Operation op)
    {
        var source = op.Operand(0);
        var result = op.Result(0);
        if (source.Type.IsVector && Count(source.Type) != 1)
            throw CppEmitter.Unsupported(op, $"broadcast of '{source.Type}' (only scalars and one-element vectors)");
        var scalar = source.Type.IsVector ? $"{e.Expr(source)}[0]" : e.Expr(source);
        var name = e.Name(result);
        var k = e.Temporary("k");
        e.W.Line($"{e.TypeOf(result)} {name};");
        e.W.Line($"for (int64_t {k} = 0; {k} < {Count(result.Type)}; ++{k}) {name}[{k}] = {scalar};");
    }

    /// <summary>
    /// Row-major offset of the leading <c>static_position</c> entries (dynamic ones, written as
    /// INT64_MIN, are the op's trailing operands in order).
    /// </summary>
    private static string FlatOffset(CppEmitter e, Operation op, Type vector, IReadOnlyList<Value> dynamic)
    {
        var positions = op.Attribute("static_position").DenseI64Elements;
        var shape = vector.Shape.Select(d => d ?? throw CppEmitter.Unsupported(op, "scalable vectors")).ToArray();
        var terms = new List<string>();
        var next = 0;
        for (var d = 0; d < positions.Count; d++)
        {
            long stride = 1;
            for (var j = d + 1; j < shape.Length; j++) stride *= shape[j];
            var position = positions[d] == long.MinValue ? e.Expr(dynamic[next++]) : positions[d].ToString(CultureInfo.InvariantCulture);
            terms.Add(stride == 1 ? position : $"{position} * {stride}");
        }
        return terms.Count == 0 ? "0" : string.Join(" + ", terms);
    }

    /// <summary>Number of elements of a (fixed-size) vector type: the product of its shape, 1 for 0-D.</summary>
    public static long Count(Type vector) => vector.Shape.Aggregate(1L, (a, d) => a * (d ?? 0));
}

using Lapis.Native.Ir;

namespace Lapis.Translator.Passes;

/// <summary>
/// The zero padding of a convolution's input, as one-shot bufferization leaves <c>tensor.pad</c>:
/// <code>
/// %padded = memref.alloc()                          // only used below
/// linalg.fill ins(0) outs(%padded)                  // or linalg.map yielding a zero constant
/// %window = memref.subview %padded[0, 0, ph, pw] [sizes of %x] [1, 1, 1, 1]   (nhwc: [0, ph, pw, 0]; static offsets)
/// memref.copy %x, %window
/// conv(%padded, ...)
/// </code>
/// <see cref="Match"/> finds it; <see cref="Fold"/> erases the buffer, its fill and its copy, so
/// the convolution reads %x with the offsets (ph, pw) and zero outside %x: no padded copy
/// of the activations per call (ResNet-18 makes 20 of them). A max pool's padding is a fill of
/// -inf instead (<paramref name="negativeInfinity"/> of <see cref="Match"/>): its reads outside %x are -inf.
/// </summary>
internal sealed record ConvolutionPadding(Value Source, long Top, long Left, Operation[] Erased)
{
    public static ConvolutionPadding? Match(Operation conv, string layout, bool negativeInfinity = false)
    {
        var padded = conv.Operand(0);
        var alloc = padded.DefiningOp;
        if (alloc.IsNull || alloc.Name != "memref.alloc" || alloc.Block != conv.Block) return null;
        Operation fill = default, window = default;
        foreach (var (owner, operand) in padded.Uses)
        {
            if (owner == conv && operand == 0) continue;
            if (owner.Name == "memref.subview" && window.IsNull) window = owner;
            else if (IsConstantFill(owner, operand, negativeInfinity ? double.NegativeInfinity : 0) && fill.IsNull) fill = owner;
            else return null;
        }
        if (fill.IsNull || window.IsNull || window.Result(0).Uses.Count != 1) return null;
        var (copy, target) = window.Result(0).Uses[0];
        if (copy.Name != "memref.copy" || target != 1 || copy.Block != conv.Block) return null;
        var source = copy.Operand(0);
        if (source.Type.ElementType != padded.Type.ElementType || source.Type.Rank != 4) return null;
        // Order: fill, then the copy into the window, then the convolution.
        if (fill.Block != conv.Block) return null;
        var order = conv.Block.Operations.ToList();
        if (!(order.IndexOf(fill) < order.IndexOf(copy) && order.IndexOf(copy) < order.IndexOf(conv))) return null;
        var offsets = window.Attribute("static_offsets").DenseI64Elements;
        var strides = window.Attribute("static_strides").DenseI64Elements;
        // Static offsets and unit strides; the sizes may be dynamic (a dynamic batch).
        if (offsets.Count != 4 || offsets.Any(o => o == long.MinValue) || strides.Any(s => s != 1)) return null;
        var (top, left, zeros) = layout.StartsWith("nchw", StringComparison.Ordinal) ? (offsets[2], offsets[3], new[] { offsets[0], offsets[1] }) : (offsets[1], offsets[2], new[] { offsets[0], offsets[3] });
        if (zeros.Any(z => z != 0) || top < 0 || left < 0) return null;
        return new ConvolutionPadding(source, top, left, [copy, window, fill, alloc]);
    }

    /// <summary>Erases the padded buffer and what wrote it (the convolution must read <see cref="Source"/> by now).</summary>
    public void Fold()
    {
        foreach (var op in Erased) op.Erase();
    }

    /// <summary>linalg.fill of the constant <paramref name="value"/>, or a linalg.map without inputs that yields one, into operand <paramref name="operand"/>.</summary>
    private static bool IsConstantFill(Operation op, int operand, double value)
    {
        if (op.Name == "linalg.fill" && op.OperandCount == 2 && operand == 1) return IsConstant(op.Operand(0), value);
        if (op.Name != "linalg.map" || op.OperandCount != 1 || operand != 0) return false;
        var yield = op.Region(0).FirstBlock.Terminator;
        return yield.OperandCount == 1 && !IrMatchers.IsDefinedIn(yield.Operand(0), op) && IsConstant(yield.Operand(0), value);
    }

    private static bool IsConstant(Value v, double expected)
    {
        var def = v.DefiningOp;
        if (def.IsNull || def.Name != "arith.constant") return false;
        var value = def.Attribute("value");
        return value.IsFloat && value.FloatValue == expected;
    }
}

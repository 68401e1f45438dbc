using Lapis.Native.Ir;

namespace Lapis.Translator.Passes;

/// <summary>
/// The elementwise prologue of a contraction generic's operands: its body is <c>acc + f(lhs) * g(rhs)</c>
/// where f and g are chains of pure arith/math ops each reading only its own block argument, constants
/// and values defined outside the generic (<c>x / 49</c> of an average pool fused into the classifier,
/// <c>relu(x)</c>, a scale). <see cref="Lhs"/> / <see cref="Rhs"/> are f's and g's ops in body order
/// (empty: the operand is multiplied as read), <see cref="Invariant"/> the body's ops reading no block
/// argument (constants), which move above the contraction. A chain mixing both operands or reading
/// the accumulator is no prologue: <see cref="Match"/> returns null and the generic stays a loop.
/// </summary>
internal sealed record ContractionPrologue(IReadOnlyList<Operation> Lhs, IReadOnlyList<Operation> Rhs, IReadOnlyList<Operation> Invariant)
{
    /// <summary>A named op (matmul, batch_matmul): its body is exactly <c>acc + lhs * rhs</c>.</summary>
    public static readonly ContractionPrologue None = new([], [], []);

    /// <summary>The body's <c>arith.mulf</c> (null for <see cref="None"/>).</summary>
    public Operation Multiply { get; private init; }

    public bool IsEmpty => Lhs.Count == 0 && Rhs.Count == 0;

    // which block arguments a body value depends on
    private const int OnLhs = 1, OnRhs = 2, OnAcc = 4;

    /// <summary>
    /// The body's prologue, <see cref="None"/> for a named op or a plain <c>acc + lhs * rhs</c> body, null
    /// when the body is not <c>acc + f(lhs) * g(rhs)</c> (in either operand order of the add and the multiply).
    /// </summary>
    public static ContractionPrologue? Match(Operation linalg)
    {
        if (linalg.Name != "linalg.generic") return None;
        var body = linalg.Region(0).FirstBlock;
        var args = body.Arguments;
        if (args.Count != 3) return null;
        var yield = body.Terminator;
        if (yield.OperandCount != 1 || !yield.Operand(0).IsOpResult) return null;
        var add = yield.Operand(0).DefiningOp;
        if (add.Name != "arith.addf" || add.Block != body) return null;
        var product = add.Operand(0) == args[2] ? add.Operand(1) : add.Operand(1) == args[2] ? add.Operand(0) : default;
        if (product.IsNull || !product.IsOpResult || product.Uses.Count() != 1) return null;
        var mul = product.DefiningOp;
        if (mul.Name != "arith.mulf" || mul.Block != body) return null;

        var depends = new Dictionary<Value, int> { [args[0]] = OnLhs, [args[1]] = OnRhs, [args[2]] = OnAcc };
        int? Source(Value v) =>
            depends.TryGetValue(v, out var d) ? d
            : IrMatchers.IsDefinedIn(v, linalg) ? null // the product or the sum: not an operand's chain
            : 0;
        var (lhs, rhs, invariant) = (new List<Operation>(), new List<Operation>(), new List<Operation>());
        foreach (var op in body.Operations)
        {
            if (op == mul || op == add || op == yield) continue;
            if (!IsScalarElementwise(op)) return null;
            var d = 0;
            foreach (var v in op.Operands)
                if (Source(v) is { } s) d |= s;
                else return null;
            if ((d & OnAcc) != 0 || d == (OnLhs | OnRhs)) return null;
            depends[op.Result(0)] = d;
            (d == OnLhs ? lhs : d == OnRhs ? rhs : invariant).Add(op);
        }
        var (m0, m1) = (Source(mul.Operand(0)), Source(mul.Operand(1)));
        if (!((m0 == OnLhs && m1 == OnRhs) || (m0 == OnRhs && m1 == OnLhs))) return null;
        // a chain whose value the product does not read is dead code: nothing to fuse
        var (lhsValue, rhsValue) = m0 == OnLhs ? (mul.Operand(0), mul.Operand(1)) : (mul.Operand(1), mul.Operand(0));
        return new ContractionPrologue(lhsValue == args[0] ? [] : lhs, rhsValue == args[1] ? [] : rhs, invariant) { Multiply = mul };
    }

    /// <summary>
    /// Moves the prologue of <paramref name="linalg"/> (matched by <see cref="Match"/>) into the
    /// contraction's lhs / rhs prologue regions (<paramref name="lhsRegion"/>, <paramref name="lhsRegion"/> + 1),
    /// each one block <c>(element)</c> → <c>gpu.yield</c> of the value multiplied; its invariant ops
    /// move before <paramref name="linalg"/>. Call before the generic is erased.
    /// </summary>
    public void MoveInto(Operation linalg, Operation contraction, int lhsRegion)
    {
        foreach (var op in Invariant) op.MoveBefore(linalg);
        if (IsEmpty) return;
        var body = linalg.Region(0).FirstBlock;
        var b = OpBuilder.For(linalg);
        for (var side = 0; side < 2; side++)
        {
            var ops = side == 0 ? Lhs : Rhs;
            if (ops.Count == 0) continue;
            var arg = body.Argument(side);
            // the multiply's operand that is this side's chain value
            var value = Multiply.Operands.First(v => v.IsOpResult && ops.Contains(v.DefiningOp));
            var block = contraction.Region(lhsRegion + side).AppendBlock([arg.Type], ops[0].Location);
            var result = b.Create("gpu.yield", ops[^1].Location, [value]);
            block.Append(result);
            foreach (var op in ops) op.MoveBefore(result);
            arg.ReplaceAllUsesWith(block.Argument(0));
        }
    }

    /// <summary>A pure arith/math op on scalars with one result and no regions.</summary>
    private static bool IsScalarElementwise(Operation op)
    {
        if (!(op.Name.StartsWith("arith.", StringComparison.Ordinal) || op.Name.StartsWith("math.", StringComparison.Ordinal))) return false;
        if (op.RegionCount != 0 || op.ResultCount != 1) return false;
        static bool Scalar(Lapis.Native.Ir.Type t) => t.IsFloat || t.IsInteger || t.IsIndex;
        return Scalar(op.Result(0).Type) && op.Operands.All(v => Scalar(v.Type));
    }
}

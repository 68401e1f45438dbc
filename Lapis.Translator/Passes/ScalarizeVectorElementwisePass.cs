using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Passes;

/// <summary>
/// lapis-scalarize-vector-elementwise. Input: elementwise <c>arith</c>/<c>math</c> ops on vectors
/// of static shape (<c>arith.extf %v : vector&lt;32xf16&gt; to vector&lt;32xf32&gt;</c>, as whole
/// programs write around their prints). Output: the vector operands split with
/// <c>vector.to_elements</c>, the op once per element on scalars (scalar operands, such as the
/// condition of a select, shared), and the results rebuilt with <c>vector.from_elements</c>.
/// Upstream has no pass for this (its unrolling patterns only reach smaller vectors); the emitter
/// then prints only scalar arithmetic.
/// </summary>
public sealed class ScalarizeVectorElementwisePass : ExternalPass
{
    public override string Argument => "lapis-scalarize-vector-elementwise";
    public override string Description => "Split elementwise arith/math ops on static vectors into one scalar op per element";

    /// <summary>Elements beyond which the op stays (and the emitter names it unsupported): unrolled code must stay readable.</summary>
    public const int MaxElements = 4096;

    public override void Run(Operation op, PassRun run)
    {
        // The vector dialect is loaded with every context (KokkosDialect.Load): a module may have
        // vector types on arith ops and no vector op yet.
        foreach (var elementwise in op.Collect(IsElementwiseOnVectors))
            Scalarize(elementwise);
    }

    private static bool IsElementwiseOnVectors(Operation op)
    {
        var dialect = op.Name.Split('.')[0];
        if (dialect is not ("arith" or "math") || op.Name == "arith.constant" || op.RegionCount > 0) return false;
        if (op.ResultCount == 0 || !op.Results.All(r => r.Type.IsVector)) return false;
        var shape = op.Result(0).Type.Shape;
        if (shape.Any(d => d is null) || Count(op.Result(0).Type) > MaxElements) return false;
        return op.Results.Concat(op.Operands).Where(v => v.Type.IsVector).All(v => v.Type.Shape.SequenceEqual(shape));
    }

    private static long Count(Type vector) => vector.Shape.Aggregate(1L, (n, d) => n * d!.Value);

    private static void Scalarize(Operation op)
    {
        var b = OpBuilder.For(op);
        var count = (int)Count(op.Result(0).Type);
        var elements = new List<IReadOnlyList<Value>?>();
        foreach (var operand in op.Operands)
        {
            if (!operand.Type.IsVector)
            {
                elements.Add(null);
                continue;
            }
            var split = b.Create("vector.to_elements", op.Location, [operand],
                Enumerable.Repeat(operand.Type.ElementType, count).ToArray());
            op.Block.InsertBefore(op, split);
            elements.Add(split.Results);
        }
        var attributes = op.Attributes;
        var scalars = new List<Value>[op.ResultCount];
        for (var r = 0; r < op.ResultCount; r++) scalars[r] = new List<Value>(count);
        for (var k = 0; k < count; k++)
        {
            var operands = op.Operands.Select((v, i) => elements[i] is { } e ? e[k] : v).ToArray();
            var scalar = b.Create(op.Name, op.Location, operands, op.Results.Select(r => r.Type.ElementType).ToArray(), attributes);
            op.Block.InsertBefore(op, scalar);
            for (var r = 0; r < op.ResultCount; r++) scalars[r].Add(scalar.Result(r));
        }
        for (var r = 0; r < op.ResultCount; r++)
        {
            var rebuilt = b.Create("vector.from_elements", op.Location, scalars[r], [op.Result(r).Type]);
            op.Block.InsertBefore(op, rebuilt);
            op.Result(r).ReplaceAllUsesWith(rebuilt.Result(0));
        }
        op.Erase();
    }
}

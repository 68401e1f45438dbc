using Lapis.Native.Ir;
using Attribute = Lapis.Native.Ir.Attribute;

namespace Lapis.Translator.Check;

/// <summary>
/// torch-mlir often prints weights as <c>dense_resource&lt;__elided__&gt;</c>: the shape is there, the
/// numbers are not. This replaces each such attribute (on arith.constant, memref.global,
/// ml_program.global) with seeded random values, in walk order, so two parses of the same file
/// with the same seed get identical weights.
/// </summary>
public static class ElidedResources
{
    private static readonly (string Op, string Attribute)[] Holders =
        [("arith.constant", "value"), ("memref.global", "initial_value"), ("ml_program.global", "value")];

    /// <summary>Replaces every elided resource; returns how many were replaced.</summary>
    public static int Substitute(Module module, ulong seed)
    {
        var found = Find(module);
        var random = new SeededRandom(seed ^ 0x5EED_E11D_ED00UL);
        foreach (var (op, name, attr) in found)
        {
            var type = attr.Type;
            var kind = ElementKinds.Of(type.ElementType);
            var count = type.Shape.Aggregate(1L, (a, d) => a * (d ?? 1));
            var data = random.Fill(kind, count);
            // Keep a deep net's activations O(1), as trained weights do: matrices and filters get
            // a symmetric range scaled by 1/sqrt(fan-in); vectors (biases, batch-norm mean,
            // variance and scale) get values in [0.5, 1.5), so variances stay positive.
            if (kind.IsFloat())
            {
                var shape = type.Shape.Select(d => d ?? 1).ToArray();
                if (shape.Length >= 2) Transform(kind, data, x => x / Math.Sqrt(shape.Skip(1).Aggregate(1L, (a, b) => a * b)));
                else Transform(kind, data, x => 1.0 + 0.5 * x);
            }
            op.SetAttribute(name, Attribute.DenseFromRawBuffer(type, data));
        }
        return found.Count;
    }

    private static List<(Operation Op, string Name, Attribute Value)> Find(Module module)
    {
        var list = new List<(Operation, string, Attribute)>();
        module.Operation.Walk(op =>
        {
            foreach (var (holder, name) in Holders)
            {
                if (op.Name != holder) continue;
                var attr = op.Attribute(name);
                if (!attr.IsNull && attr.IsDenseResource && attr.ToString().Contains("__elided__", StringComparison.Ordinal))
                    list.Add((op, name, attr));
            }
        }, WalkOrder.PreOrder);
        return list;
    }

    private static void Transform(ElementKind kind, byte[] data, Func<double, double> f)
    {
        for (var i = 0; i < data.Length; i += kind.Size())
        {
            if (kind == ElementKind.F32) BitConverter.TryWriteBytes(data.AsSpan(i), (float)f(BitConverter.ToSingle(data, i)));
            else BitConverter.TryWriteBytes(data.AsSpan(i), f(BitConverter.ToDouble(data, i)));
        }
    }
}

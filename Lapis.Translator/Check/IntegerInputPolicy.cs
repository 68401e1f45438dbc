using Lapis.Native.Ir;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Check;

/// <summary>What an integer argument's values reach, as far as MLIR semantics make a value unsafe.</summary>
[Flags]
public enum IntegerRole
{
    /// <summary>Only arithmetic, comparisons and stores: any value of the type (negative, 0, ±1, min, max included).</summary>
    None = 0,
    /// <summary>Directly (through casts, shape ops, loads) the divisor of a division or remainder: never 0 or -1 (min / -1 overflows).</summary>
    Divisor = 1,
    /// <summary>Directly the amount of a shift: in [0, <see cref="IntegerPolicy.ShiftWidth"/>) (larger amounts are poison).</summary>
    Shift = 2,
    /// <summary>An index, a loop bound or trip count, an allocation size, a while loop's state, or a computed divisor/shift: small, [0, 8) ([1, 8) for a divisor).</summary>
    Small = 4,
}

/// <summary>The safe value range of one integer argument; <see cref="ShiftWidth"/> is the narrowest shift it reaches.</summary>
public sealed record IntegerPolicy(IntegerRole Roles, int ShiftWidth = 64)
{
    public static readonly IntegerPolicy FullRange = new(IntegerRole.None);
}

/// <summary>
/// Derives each argument's <see cref="IntegerPolicy"/> from the module: follows the argument's
/// values through casts, tensor/memref shape ops, loads and stores and linalg regions (directly),
/// and through any other op (as computed values), and looks at what they reach.
/// </summary>
public static class IntegerInputPolicy
{
    private static readonly HashSet<string> DivisionOps =
        ["arith.divsi", "arith.divui", "arith.remsi", "arith.remui", "arith.ceildivsi", "arith.ceildivui", "arith.floordivsi"];

    private static readonly HashSet<string> ShiftOps = ["arith.shli", "arith.shrsi", "arith.shrui"];

    /// <summary>Ops whose result carries the operand's values unchanged (value casts that widen or keep the width; views and reshapes).</summary>
    private static readonly HashSet<string> Preserving =
    [
        "arith.extsi", "arith.extui", "arith.index_cast", "arith.index_castui", "arith.bitcast",
        "tensor.cast", "tensor.collapse_shape", "tensor.expand_shape", "tensor.extract_slice", "tensor.reshape",
        "memref.cast", "memref.collapse_shape", "memref.expand_shape", "memref.subview", "memref.reinterpret_cast",
        "memref.reshape", "memref.transpose", "bufferization.to_tensor", "bufferization.to_buffer", "bufferization.to_memref",
    ];

    /// <summary>Ops whose every operand is a size, bound or index.</summary>
    private static readonly HashSet<string> SizeOperands =
        ["tensor.empty", "memref.alloc", "memref.alloca", "tensor.generate", "scf.parallel", "scf.forall", "scf.index_switch", "func.call"];

    public static IReadOnlyList<IntegerPolicy> For(Module module, EntrySignature entry)
    {
        var func = module.Body.Operations.First(o => o.Name == "func.func" && o.Attribute("sym_name").StringValue == entry.Name);
        var args = func.Region(0).FirstBlock.Arguments;
        return entry.Arguments.Select((a, i) => a.Kind.IsFloat() || a.Kind == ElementKind.I1 ? IntegerPolicy.FullRange : Analyze(args[i])).ToArray();
    }

    private static IntegerPolicy Analyze(Value argument)
    {
        var roles = IntegerRole.None;
        var shiftWidth = 64;
        var seen = new HashSet<(Value, bool)>();
        var work = new Stack<(Value Value, bool Direct)>();
        void Reach(Value v, bool direct)
        {
            if (!v.IsNull && seen.Add((v, direct))) work.Push((v, direct));
        }
        Reach(argument, true);
        while (work.Count > 0)
        {
            var (value, direct) = work.Pop();
            foreach (var (op, k) in value.Uses)
            {
                var name = op.Name;
                if (DivisionOps.Contains(name) && k == 1) roles |= direct ? IntegerRole.Divisor : IntegerRole.Small;
                else if (ShiftOps.Contains(name) && k == 1)
                {
                    roles |= direct ? IntegerRole.Shift : IntegerRole.Small;
                    shiftWidth = Math.Min(shiftWidth, Width(op.Result(0).Type));
                }
                else if (IsIndexOperand(name, k) || SizeOperands.Contains(name) || name is "scf.while" || name == "scf.for" && k < 3)
                    roles |= IntegerRole.Small;
                Propagate(op, k, direct, Reach);
            }
        }
        return new IntegerPolicy(roles, shiftWidth);
    }

    /// <summary>Where the values of operand <paramref name="k"/> of <paramref name="op"/> go next.</summary>
    private static void Propagate(Operation op, int k, bool direct, Action<Value, bool> reach)
    {
        var name = op.Name;
        switch (name)
        {
            case "memref.load" or "tensor.extract" when k == 0:
                reach(op.Result(0), direct);
                return;
            case "memref.store" when k == 0:
                reach(op.Operand(1), direct);
                return;
            case "tensor.insert" when k <= 1:
                reach(op.Result(0), direct);
                return;
            case "linalg.yield" or "scf.yield":
                var parent = op.ParentOperation;
                if (k < parent.ResultCount) reach(parent.Result(k), direct && name == "linalg.yield");
                if (parent.Name == "scf.for" && parent.Region(0).FirstBlock.ArgumentCount > k + 1) reach(parent.Region(0).FirstBlock.Argument(k + 1), false);
                return;
            case "scf.for" when k >= 3:
                reach(op.Region(0).FirstBlock.Argument(k - 2), false);
                reach(op.Result(k - 3), false);
                return;
        }
        if (name.StartsWith("linalg.", StringComparison.Ordinal) && op.RegionCount > 0 && op.Region(0).Blocks.Count > 0)
        {
            var block = op.Region(0).FirstBlock;
            if (k < block.ArgumentCount) reach(block.Argument(k), direct);
            foreach (var r in op.Results) reach(r, false);
            return;
        }
        if (name is "scf.while")
        {
            foreach (var region in op.Regions) if (region.Blocks.Count > 0 && k < region.FirstBlock.ArgumentCount) reach(region.FirstBlock.Argument(k), false);
        }
        var keeps = direct && Preserving.Contains(name) && k == 0;
        foreach (var r in op.Results) reach(r, keeps);
    }

    private static bool IsIndexOperand(string name, int k) => name switch
    {
        "memref.load" or "tensor.extract" or "tensor.dim" or "memref.dim" => k >= 1,
        "memref.store" or "tensor.insert" => k >= 2,
        _ => false,
    };

    private static int Width(Type t) => t.IsIndex ? 64 : t.IsInteger ? t.IntegerWidth : t.IsShaped ? Width(t.ElementType) : 64;
}

using Lapis.Native.Ir;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Passes;

/// <summary>Small matchers shared by passes and the emitter.</summary>
public static class IrMatchers
{
    /// <summary>The integer value of an <c>arith.constant</c> (integer or index), or null.</summary>
    public static long? ConstantInt(Value value)
    {
        var def = value.DefiningOp;
        if (def.IsNull || def.Name != "arith.constant") return null;
        var attr = def.Attribute("value");
        return attr.IsInteger ? attr.IntegerValue : null;
    }

    public static bool IsConstant(Value value, long expected) => ConstantInt(value) == expected;

    /// <summary>True when <paramref name="op"/> is nested (at any depth) in a region of <paramref name="ancestor"/>.</summary>
    public static bool IsNestedIn(Operation op, Operation ancestor)
    {
        for (var p = op.ParentOperation; !p.IsNull; p = p.ParentOperation)
            if (p == ancestor) return true;
        return false;
    }

    /// <summary>True when <paramref name="v"/> is defined by <paramref name="region"/> or inside it (a result or a block argument).</summary>
    public static bool IsDefinedIn(Value v, Operation region)
    {
        var owner = v.IsBlockArgument ? v.OwnerBlock.ParentOperation : v.DefiningOp;
        return owner == region || (!owner.IsNull && IsNestedIn(owner, region));
    }

    /// <summary>The buffer a memref is a view of: follows subview, casts, reshapes and reinterpret_cast to their source.</summary>
    public static Value ViewRoot(Value v)
    {
        while (v.DefiningOp is { IsNull: false } def && OpEffects.IsView(def))
            v = def.Operand(0);
        return v;
    }
}

using Lapis.Native.Ir;

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
}

using Lapis.Native.Ir;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Dialect;

/// <summary>Facts about <c>func.func</c> ops that passes and the emitter share: visibility, body, signature.</summary>
public static class FuncOps
{
    /// <summary>No <c>sym_visibility</c>, or <c>"public"</c>: the function is part of the module's API.</summary>
    public static bool IsPublic(Operation func) =>
        func.Attribute("sym_visibility") is not { IsNull: false } v || (v.IsString && v.StringValue == "public");

    /// <summary><c>sym_visibility = "private"</c> (not merely non-public: <c>"nested"</c> is neither).</summary>
    public static bool IsPrivate(Operation func) =>
        func.Attribute("sym_visibility") is { IsNull: false } v && v.StringValue == "private";

    /// <summary>A function without a body (an external declaration).</summary>
    public static bool IsDeclaration(Operation func) => func.Region(0).Blocks.Count == 0;

    /// <summary>The <c>func.func</c> ops of <paramref name="root"/> that have a body.</summary>
    public static IReadOnlyList<Operation> Definitions(Operation root) =>
        root.Collect(o => o.Name == "func.func" && o.Region(0).Blocks.Count > 0);

    public static string SymbolName(Operation func) => func.Attribute("sym_name").StringValue;

    public static Type FunctionType(Operation func) => func.Attribute("function_type").TypeValue;

    /// <summary>Every input and result type of a function type.</summary>
    public static IEnumerable<Type> SignatureTypes(Type functionType) =>
        Enumerable.Range(0, functionType.FunctionInputCount).Select(functionType.FunctionInput)
            .Concat(Enumerable.Range(0, functionType.FunctionResultCount).Select(functionType.FunctionResult));

    /// <summary>
    /// The signature as the user wrote it (<see cref="LapisAttributes.OriginalType"/>), when it has
    /// a sparse argument or result; null otherwise.
    /// </summary>
    public static Type? SparseSignature(Operation func) =>
        LapisAttributes.GetOriginalType(func) is { } type && SignatureTypes(type).Any(t => t.HasSparseEncoding) ? type : null;
}

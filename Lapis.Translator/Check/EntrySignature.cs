using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Check;

/// <summary>
/// One argument or result of the entry function: a scalar (Shape null) or a shaped buffer, which
/// is a sparse tensor when <see cref="Sparse"/> is set (Shape is then its dense shape).
/// </summary>
public sealed record ArgSpec(string Name, ElementKind Kind, long[]? Shape, SparseArg? Sparse = null)
{
    public bool IsScalar => Shape is null;
    public long ElementCount => Shape?.Aggregate(1L, (a, b) => a * b) ?? 1;
    public string ShapeText => Shape is null ? "scalar" : Shape.Length == 0 ? "0-d" : string.Join("x", Shape);
}

/// <summary>
/// The entry function's arguments and results with dynamic extents fixed to a chosen size.
/// <paramref name="WrittenArguments"/>: positions of the dense shaped arguments the function may
/// write (memrefs, and tensors marked <c>{bufferization.writable = true}</c>): compared after the call.
/// </summary>
public sealed record EntrySignature(string Name, IReadOnlyList<ArgSpec> Arguments, IReadOnlyList<ArgSpec> Results, IReadOnlyList<int>? WrittenArguments = null)
{
    public bool IsSparse => Arguments.Concat(Results).Any(a => a.Sparse is not null);

    /// <summary>
    /// What is compared: every result, a sparse one as its buffers (positions and coordinates
    /// exactly, values within tolerance), each 1-D with the extent MLIR's run gives.
    /// </summary>
    public IReadOnlyList<ArgSpec> ComparedOutputs =>
        Results.SelectMany(r => r.Sparse is { } sparse
            ? sparse.Fields.Select(f => new ArgSpec($"{r.Name}.{f.Field.Name}", f.Kind, [0]))
            : [r]).ToArray();

    /// <summary>Whether dimension <paramref name="dim"/> of argument <paramref name="index"/> is dynamic in the module.</summary>
    public bool DynamicArgumentDimension(int index, int dim) => DynamicDimensions[index]?[dim] ?? false;

    /// <summary>Per argument, which dimensions are dynamic (null for a scalar).</summary>
    public IReadOnlyList<bool[]?> DynamicDimensions { get; init; } = [];

    /// <summary>The same signature with the arguments' extents replaced (scalars keep a null shape).</summary>
    public EntrySignature WithArgumentShapes(IReadOnlyList<long[]?> shapes) =>
        this with { Arguments = Arguments.Select((a, i) => a.IsScalar ? a : a with { Shape = shapes[i] }).ToArray() };

    /// <summary>The entry's function op (<paramref name="entry"/> null: the first public function with a body).</summary>
    public static Operation FindFunction(Module module, string? entry)
    {
        var funcs = module.Body.Operations.Where(o => o.Name == "func.func" && o.Region(0).Blocks.Count > 0).ToList();
        var func = entry is null
            ? funcs.FirstOrDefault(f => !FuncOps.IsPrivate(f))
            : funcs.FirstOrDefault(f => f.Attribute("sym_name").StringValue == entry);
        if (func.IsNull)
            throw new TranslationException(new Diagnostic(Severity.Error, default,
                entry is null ? "no public function with a body to check" : $"no function named '{entry}'", []));
        return func;
    }

    public static EntrySignature Find(Module module, string? entry, long dynamicSize)
    {
        var func = FindFunction(module, entry);
        var type = func.Attribute("function_type").TypeValue;
        var args = Enumerable.Range(0, type.FunctionInputCount).Select(i => Spec($"arg{i}", type.FunctionInput(i), dynamicSize, func)).ToArray();
        var results = Enumerable.Range(0, type.FunctionResultCount).Select(i => Spec($"result{i}", type.FunctionResult(i), dynamicSize, func)).ToArray();
        var written = Enumerable.Range(0, args.Length).Where(i => args[i] is { IsScalar: false, Sparse: null } && MayWrite(func, type.FunctionInput(i), i)).ToArray();
        var dynamic = Enumerable.Range(0, type.FunctionInputCount).Select(i => type.FunctionInput(i) is var t && (t.IsMemRef || t.IsRankedTensor)
            ? t.Shape.Select(d => d is null).ToArray() : null).ToArray();
        return new EntrySignature(func.Attribute("sym_name").StringValue, args, results, written) { DynamicDimensions = dynamic };
    }

    private static bool MayWrite(Operation func, Type t, int i) =>
        t.IsMemRef || func.FunctionArgumentAttribute(i, Passes.ReadOnlyArgumentsPass.Writable) is { IsNull: false, IsBool: true, BoolValue: true };


    private static ArgSpec Spec(string name, Type t, long dynamicSize, Operation func)
    {
        if (t.IsLLVMPointer)
            throw TranslationException.At(func.Location,
                $"lapis check cannot make {name} of @{func.Attribute("sym_name").StringValue}: it is an {t} (an opaque pointer has no extent or element type to draw values for; take a memref or tensor argument instead)");
        try
        {
            if (t.IsMemRef || t.IsRankedTensor)
                return new ArgSpec(name, ElementKinds.Of(t.ElementType), t.Shape.Select(d => d ?? dynamicSize).ToArray(),
                    t.HasSparseEncoding ? SparseArg.For(t) : null);
            return new ArgSpec(name, ElementKinds.Of(t), null);
        }
        catch (NotSupportedException e)
        {
            throw TranslationException.At(func.Location, e.Message);
        }
    }
}

using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using Lapis.Translator.Emit.Printers;

namespace Lapis.Translator.Emit;

/// <summary>
/// A <c>func.func</c> with a body as C++ definitions: the function itself over Views of its
/// memory space and, by what the passes recorded on it, the entry points around it — the sparse
/// wrapper (<see cref="SparseApi"/>), the device-View mirror of a host function
/// (<see cref="HostMirrorWrapper"/>) and the caller of an output-argument form
/// (<see cref="IntoFormCaller"/>).
/// </summary>
internal static class FunctionDefinitions
{
    /// <summary>
    /// Prints <c>[static ]prototype { body }</c> preceded by its location comment and returns
    /// the prototype (for the header or a forward declaration). A public function whose buffers
    /// live on the host (<c>lapis.memory_space = "host"</c>) is printed as a static
    /// <c>name_host</c> over host Views plus the public <c>name</c> over device Views, which
    /// mirrors its arguments to the host and its results back (no copies where host and
    /// device share memory).
    /// </summary>
    public static Prototype Emit(EmitContext context, Operation func, string name, IndentedWriter writer)
    {
        if (FuncPrinters.IsPublic(func) && FuncOps.SparseSignature(func) is { } original)
        {
            // The lowered function takes every buffer separately; the public one takes lapis::SparseTensor.
            var storage = EmitEntry(context, func, context.ModuleNames.Claim(name + "_storage"), writer, isEntry: true, isPublic: false);
            writer.Line();
            return SparseApi.EmitWrapper(context, func, original, name, storage, writer);
        }
        return EmitEntry(context, func, name, writer, isEntry: FuncPrinters.IsPublic(func), isPublic: FuncPrinters.IsPublic(func));
    }

    /// <param name="isEntry">Called with device Views (a host function then gets a mirroring wrapper).</param>
    /// <param name="isPublic">Declared in the header (else <c>static</c>).</param>
    private static Prototype EmitEntry(EmitContext context, Operation func, string name, IndentedWriter writer, bool isEntry, bool isPublic)
    {
        var onHost = LapisAttributes.GetMemorySpace(func) == "host";
        var space = onHost ? CppTypes.HostMemory : CppTypes.DeviceMemory;
        if (!onHost && isPublic && LapisAttributes.HasInto(func))
        {
            var into = EmitBody(context, func, context.ModuleNames.Claim(name + "_into"), writer, isPublic, space, intoForm: true);
            writer.Line();
            context.IntoPrototypes[name] = into;
            if (LapisAttributes.HasFreshResults(func)) return IntoFormCaller.Emit(context, func, name, into, writer);
            return EmitBody(context, func, name, writer, isPublic, space);
        }
        if (!onHost || !isEntry) return EmitBody(context, func, name, writer, isPublic, space);
        var implementation = EmitBody(context, func, context.ModuleNames.Claim(name + "_host"), writer, isPublic: false, space);
        writer.Line();
        return HostMirrorWrapper.Emit(context, func, name, implementation, writer, isPublic);
    }

    /// <param name="intoForm">Print <c>void f_into(result0.., args..)</c>: the allocations lapis-plan-memory
    /// marked <c>lapis.result = k</c> are the caller's output Views (<see cref="Passes.PlanMemoryPass"/>).</param>
    /// <param name="space">Where the function's memrefs live (its <c>lapis.memory_space</c>).</param>
    private static Prototype EmitBody(EmitContext context, Operation func, string name, IndentedWriter writer, bool isPublic, string space, bool intoForm = false)
    {
        var entry = CppEmitter.SingleBlock(func.Region(0), func);
        var e = new CppEmitter(context, writer, name, space);
        var fnType = FuncPrinters.FunctionType(func);
        var outputs = intoForm
            ? Enumerable.Range(0, fnType.FunctionResultCount).Select(k => (Type: context.Types.Of(fnType.FunctionResult(k), func.Location, space), Name: e.Temporary($"result{k}"))).ToArray()
            : [];
        if (intoForm) e.IntoResults = outputs.Select(o => o.Name).ToArray();
        var parameters = outputs.Select(o => new Parameter(o.Type, o.Name))
            .Concat(entry.Arguments.Select(a => new Parameter(e.TypeOf(a, func.Location), e.NameParameter(a)))).ToArray();
        var prototype = new Prototype(intoForm ? "void" : FuncPrinters.ReturnType(context, fnType, func.Location, space), name, parameters);

        if (context.LocationComment(func.Location) is { } comment) writer.Line(comment);
        writer.Open((isPublic ? "" : "static ") + prototype);
        e.SyncChecks = SyncChecks.For(context, func);
        foreach (var arg in entry.Arguments.Where(a => DualViewPrinters.IsDualArgument(func, a.ArgumentNumber)))
            DualViewPrinters.DeclareArgument(e, arg, func.Location);
        var terminator = CppEmitter.Expect(e.EmitBody(entry), "func.return", func);
        e.SyncChecks?.AtReturn(e, func, terminator);
        if (intoForm)
        {
            // Results that are not already the caller's output View are copied into it.
            for (var k = 0; k < terminator.OperandCount; k++)
                if (e.Expr(terminator.Operand(k)) != e.IntoResults![k])
                    writer.Line($"Kokkos::deep_copy({e.IntoResults[k]}, {e.Expr(terminator.Operand(k))});");
        }
        var values = intoForm ? [] : terminator.Operands.Select(v => Owned(e, v)).ToArray();
        switch (values.Length)
        {
            case 0: break;
            case 1: writer.Line($"return {values[0]};"); break;
            default: writer.Line($"return {{{string.Join(", ", values)}}};"); break;
        }
        writer.Close();
        return prototype;
    }

    /// <summary>
    /// The expression a function returns for <paramref name="value"/>. A reshape or reinterpret
    /// of a buffer is printed as an unmanaged View over the buffer's memory, which dies with the
    /// function's local Views: such a result is copied into a View that owns its memory.
    /// </summary>
    private static string Owned(CppEmitter e, Value value)
    {
        var def = value.DefiningOp;
        while (!def.IsNull && OpEffects.View(def) == ViewKind.Alias) def = def.Operand(0).DefiningOp;
        if (!value.Type.IsMemRef || def.IsNull || OpEffects.View(def) != ViewKind.Reshape)
            return e.Expr(value);
        var source = e.Expr(value);
        var copy = e.Temporary(source + "_owned");
        var extents = Enumerable.Range(0, value.Type.Rank).Select(d => $", {source}.extent({d})");
        e.W.Line($"{e.TypeOf(value)} {copy}(Kokkos::view_alloc(Kokkos::WithoutInitializing, {CppLiterals.String(copy)}){string.Concat(extents)});");
        e.W.Line($"Kokkos::deep_copy({copy}, {source});");
        return copy;
    }
}

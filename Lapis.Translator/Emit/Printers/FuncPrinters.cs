using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// func dialect. <c>func.func</c> → a C++ function in the module's namespace (public ones are
/// declared in the header, private ones are <c>static</c>, bodiless ones are declarations the
/// user links in); several results → <c>std::tuple</c>, unpacked with <c>std::tie</c> at calls.
/// </summary>
internal static class FuncPrinters
{
    public static void Register(OpPrinterTable table) => table.Add("func.call", Call);

    /// <summary>The C++ prototype of a function: <c>R name(T0 a, T1 b)</c>.</summary>
    public sealed record Prototype(string ReturnType, string Name, IReadOnlyList<string> Parameters)
    {
        public override string ToString() => $"{ReturnType} {Name}({string.Join(", ", Parameters)})";
    }

    public static bool IsPublic(Operation func) => FuncOps.IsPublic(func);

    public static bool IsDeclaration(Operation func) => FuncOps.IsDeclaration(func);

    public static string SymbolName(Operation op) => op.Attribute("sym_name").StringValue;

    public static Native.Ir.Type FunctionType(Operation func) => FuncOps.FunctionType(func);

    public static string ReturnType(EmitContext context, Native.Ir.Type fnType, Location at)
    {
        var results = Enumerable.Range(0, fnType.FunctionResultCount).Select(i => context.Types.Of(fnType.FunctionResult(i), at)).ToArray();
        return results.Length switch
        {
            0 => "void",
            1 => results[0],
            _ => $"std::tuple<{string.Join(", ", results)}>",
        };
    }

    /// <summary>Prototype of a bodiless function (parameters <c>arg0, arg1...</c>).</summary>
    public static Prototype DeclarationPrototype(EmitContext context, Operation func, string name)
    {
        var fnType = FunctionType(func);
        var parameters = Enumerable.Range(0, fnType.FunctionInputCount)
            .Select(i => $"{context.Types.Of(fnType.FunctionInput(i), func.Location)} arg{i}").ToArray();
        return new Prototype(ReturnType(context, fnType, func.Location), name, parameters);
    }

    /// <summary>
    /// Prints <c>[static ]prototype { body }</c> preceded by its location comment and returns
    /// the prototype (for the header or a forward declaration). A public function whose buffers
    /// live on the host (<c>lapis.memory_space = "host"</c>) is printed as a static
    /// <c>name_host</c> over host Views plus the public <c>name</c> over device Views, which
    /// mirrors its arguments to the host and its results back (no copies where host and
    /// device share memory).
    /// </summary>
    public static Prototype EmitDefinition(EmitContext context, Operation func, string name, IndentedWriter writer)
    {
        if (IsPublic(func) && FuncOps.SparseSignature(func) is { } original)
        {
            // The lowered function takes every buffer separately; the public one takes lapis::SparseTensor.
            var storage = EmitEntry(context, func, context.ModuleNames.Claim(name + "_storage"), writer, isEntry: true, isPublic: false);
            writer.Line();
            return SparseApi.EmitWrapper(context, func, original, name, storage, writer);
        }
        return EmitEntry(context, func, name, writer, isEntry: IsPublic(func), isPublic: IsPublic(func));
    }

    /// <param name="isEntry">Called with device Views (a host function then gets a mirroring wrapper).</param>
    /// <param name="isPublic">Declared in the header (else <c>static</c>).</param>
    private static Prototype EmitEntry(EmitContext context, Operation func, string name, IndentedWriter writer, bool isEntry, bool isPublic)
    {
        var onHost = LapisAttributes.GetMemorySpace(func) == "host";
        context.Types.CurrentMemorySpace = onHost ? CppTypes.HostMemory : CppTypes.DeviceMemory;
        try
        {
            if (!onHost && isPublic && LapisAttributes.HasInto(func))
            {
                var into = EmitBody(context, func, context.ModuleNames.Claim(name + "_into"), writer, isPublic, intoForm: true);
                writer.Line();
                context.IntoPrototypes[name] = into;
                if (LapisAttributes.HasFreshResults(func)) return EmitIntoCaller(context, func, name, into, writer);
                return EmitBody(context, func, name, writer, isPublic);
            }
            if (!onHost || !isEntry) return EmitBody(context, func, name, writer, isPublic);
            var implementation = EmitBody(context, func, context.ModuleNames.Claim(name + "_host"), writer, isPublic: false);
            writer.Line();
            context.Types.CurrentMemorySpace = CppTypes.DeviceMemory;
            return EmitHostWrapper(context, func, name, implementation, writer, isPublic);
        }
        finally
        {
            context.Types.CurrentMemorySpace = CppTypes.DeviceMemory;
        }
    }

    /// <param name="intoForm">Print <c>void f_into(result0.., args..)</c>: the allocations lapis-plan-memory
    /// marked <c>lapis.result = k</c> are the caller's output Views (<see cref="Passes.PlanMemoryPass"/>).</param>
    private static Prototype EmitBody(EmitContext context, Operation func, string name, IndentedWriter writer, bool isPublic, bool intoForm = false)
    {
        var entry = CppEmitter.SingleBlock(func.Region(0), func);
        var e = new CppEmitter(context, writer, name);
        var fnType = FunctionType(func);
        var outputs = intoForm
            ? Enumerable.Range(0, fnType.FunctionResultCount).Select(k => (Type: context.Types.Of(fnType.FunctionResult(k), func.Location), Name: e.Temporary($"result{k}"))).ToArray()
            : [];
        if (intoForm) e.IntoResults = outputs.Select(o => o.Name).ToArray();
        var parameters = outputs.Select(o => $"{o.Type} {o.Name}")
            .Concat(entry.Arguments.Select(a => $"{e.TypeOf(a, func.Location)} {e.NameParameter(a)}")).ToArray();
        var prototype = new Prototype(intoForm ? "void" : ReturnType(context, fnType, func.Location), name, parameters);

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
    /// <c>f</c> of a function with an output-argument form: allocates its (static-shape) results and
    /// calls <c>f_into</c>, so the results are fresh Views as without the form.
    /// </summary>
    private static Prototype EmitIntoCaller(EmitContext context, Operation func, string name, Prototype into, IndentedWriter writer)
    {
        var fnType = FunctionType(func);
        var at = func.Location;
        var outputs = fnType.FunctionResultCount;
        var parameters = into.Parameters.Skip(outputs).ToArray();
        var prototype = new Prototype(ReturnType(context, fnType, at), name, parameters);
        if (context.LocationComment(at) is { } comment) writer.Line(comment);
        writer.Open(prototype.ToString());
        var results = new string[outputs];
        var names = new CppNames(context.ModuleNames.Taken.Concat(parameters.Select(ParameterName)));
        for (var k = 0; k < outputs; k++)
        {
            var type = fnType.FunctionResult(k);
            results[k] = names.Claim($"result{k}");
            var extents = type.Shape.Select(d => $", {d!.Value}");
            writer.Line($"{context.Types.Of(type, at)} {results[k]}(Kokkos::view_alloc(Kokkos::WithoutInitializing, {CppLiterals.String(results[k])}){string.Concat(extents)});");
        }
        writer.Line($"{into.Name}({string.Join(", ", results.Concat(parameters.Select(ParameterName)))});");
        writer.Line(outputs == 1 ? $"return {results[0]};" : $"return {{{string.Join(", ", results)}}};");
        writer.Close();
        return prototype;
    }

    private static string ParameterName(string parameter) => parameter[(parameter.LastIndexOf(' ') + 1)..];

    /// <summary>
    /// Prints a team-level variant (<c>lapis.team_level</c>, made by lapis-team-level-variants)
    /// for the header: its scratch size as a compile-time constant and a function template
    /// every thread of one team calls from inside the caller's TeamPolicy kernel:
    /// <code>
    /// constexpr std::size_t f_team_scratch_bytes = 448;
    /// template &lt;class TeamMember, class Arg0, class Result0&gt;
    /// KOKKOS_INLINE_FUNCTION void f_team(const TeamMember&amp; team, const TeamGlobals&amp; globals, void* scratch, const Arg0&amp; arg0, const Result0&amp; result0)
    /// </code>
    /// Buffer arguments (inputs, then one output per result of the original function) are Views
    /// of any layout and memory space the team can access; scalars are passed by value.
    /// </summary>
    public static void EmitTeamFunction(EmitContext context, Operation func, string name, string globalsType, string scratchConstant, IndentedWriter writer)
    {
        var entry = CppEmitter.SingleBlock(func.Region(0), func);
        var e = new CppEmitter(context, writer, name);
        var team = e.Temporary("team");
        if (team != "team") throw CppEmitter.Unsupported(func, "the name 'team' is taken at namespace scope");
        e.TeamLevel = new CppEmitter.TeamLevelNames(e.Temporary("globals"), e.Temporary("scratch"), "TeamMember");
        var inputCount = entry.ArgumentCount;
        var original = LapisAttributes.GetTeamLevelOrigin(func);
        var outputs = LapisAttributes.GetTeamOutputs(func);
        var templates = new List<string> { $"class {e.TeamLevel.TeamMemberType}" };
        var parameters = new List<string> { $"const {e.TeamLevel.TeamMemberType}& {team}", $"const {globalsType}& {e.TeamLevel.Globals}", $"void* {e.TeamLevel.Scratch}" };
        for (var i = 0; i < inputCount; i++)
        {
            var arg = entry.Argument(i);
            var isOutput = i >= inputCount - outputs;
            var argName = isOutput ? e.NameParameterAs(arg, $"result{i - (inputCount - outputs)}") : e.NameParameter(arg);
            if (!arg.Type.IsMemRef)
            {
                parameters.Add($"{e.TypeOf(arg, func.Location)} {argName}");
                continue;
            }
            var typeName = isOutput ? $"Result{i - (inputCount - outputs)}" : $"Arg{i}";
            templates.Add($"class {typeName}");
            parameters.Add($"const {typeName}& {argName}");
        }
        var scratchBytes = LapisAttributes.GetTeamScratchBytes(func);
        var where = context.LocationText(func.Location);
        writer.Line($"// Team-level variant of {original}{(where is null ? "" : $" ({where})")}: every thread of one team of the caller's");
        writer.Line("// TeamPolicy calls it (after a team_barrier if the team just wrote the inputs); the outputs are complete");
        writer.Line($"// when it returns. scratch: {scratchBytes} bytes of team scratch, e.g.");
        writer.Line($"// policy.set_scratch_size(0, Kokkos::PerTeam({scratchConstant})) and team.team_scratch(0).get_shmem({scratchConstant}).");
        writer.Line($"// {e.TeamLevel.Globals}: {globalsType} from team_globals() (after initialize()), captured by value.");
        writer.Line($"constexpr std::size_t {scratchConstant} = {scratchBytes};");
        writer.Line($"template <{string.Join(", ", templates)}>");
        writer.Open($"KOKKOS_INLINE_FUNCTION void {name}({string.Join(", ", parameters)})");
        if (func.Collect(o => o.Name == "memref.get_global").Count == 0) writer.Line($"(void){e.TeamLevel.Globals};");
        if (func.Collect(o => o.Name == "kokkos.alloc_scratch").Count == 0) writer.Line($"(void){e.TeamLevel.Scratch};");
        var terminator = CppEmitter.Expect(e.EmitBody(entry), "func.return", func);
        if (terminator.OperandCount != 0) throw CppEmitter.Unsupported(terminator, "a team-level variant returns its results through output arguments");
        writer.Close();
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

    /// <summary>The device-View entry point of a host function (see <see cref="EmitDefinition"/>).</summary>
    private static Prototype EmitHostWrapper(EmitContext context, Operation func, string name, Prototype implementation, IndentedWriter writer, bool isPublic)
    {
        var fnType = FunctionType(func);
        var at = func.Location;
        var names = implementation.Parameters.Select(p => p[(p.LastIndexOf(' ') + 1)..]).ToArray();
        var parameters = Enumerable.Range(0, fnType.FunctionInputCount)
            .Select(i => $"{context.Types.Of(fnType.FunctionInput(i), at)} {names[i]}").ToArray();
        var prototype = new Prototype(ReturnType(context, fnType, at), name, parameters);
        if (context.LocationComment(at) is { } comment) writer.Line(comment);
        writer.Open((isPublic ? "" : "static ") + prototype);
        var args = new string[names.Length];
        var written = WrittenArguments(func);
        for (var i = 0; i < names.Length; i++)
        {
            if (!fnType.FunctionInput(i).IsMemRef) { args[i] = names[i]; continue; }
            args[i] = context.ModuleNames.Claim(names[i] + "_on_host");
            writer.Line($"auto {args[i]} = Kokkos::create_mirror_view_and_copy({CppTypes.HostMemory}(), {names[i]});");
        }
        var call = $"{implementation.Name}({string.Join(", ", args)})";
        var results = Enumerable.Range(0, fnType.FunctionResultCount).Select(fnType.FunctionResult).ToArray();
        if (results.Length == 0) writer.Line(call + ";");
        else writer.Line($"auto result = {call};");
        foreach (var i in written) writer.Line($"Kokkos::deep_copy({names[i]}, {args[i]});");
        string ToDevice(string v, int k) => results[k].IsMemRef
            ? $"Kokkos::create_mirror_view_and_copy({CppTypes.DeviceMemory}(), {v})" : v;
        switch (results.Length)
        {
            case 0: break;
            case 1: writer.Line($"return {ToDevice("result", 0)};"); break;
            default: writer.Line($"return {{{string.Join(", ", results.Select((_, k) => ToDevice($"std::get<{k}>(result)", k)))}}};"); break;
        }
        writer.Close();
        return prototype;
    }

    /// <summary>Memref arguments the function may write (stores, copies into, calls, atomics), through any view of them.</summary>
    public static IReadOnlyList<int> WrittenArguments(Operation func)
    {
        var entry = func.Region(0).FirstBlock;
        var written = new HashSet<Value>();
        foreach (var op in func.Collect())
            for (var i = 0; i < op.OperandCount; i++)
                if (op.Operand(i).Type.IsMemRef && OpEffects.WritesOperand(op, i)) written.Add(Passes.IrMatchers.ViewRoot(op.Operand(i)));
        return Enumerable.Range(0, entry.ArgumentCount).Where(i => written.Contains(entry.Argument(i))).ToArray();
    }

    /// <summary>func.call: <c>T v = f(a, b);</c>, or <c>std::tie(v0, v1) = f(a, b);</c> for several results.</summary>
    private static void Call(CppEmitter e, Operation op)
    {
        if (RuntimeCallPrinters.TryPrint(e, op)) return;
        var callee = op.Attribute("callee");
        if (!callee.IsFlatSymbolRef) throw CppEmitter.Unsupported(op, "the callee is not a flat symbol reference");
        var call = $"{e.Context.Function(callee.FlatSymbolRefValue, op.Location)}({string.Join(", ", op.Operands.Select(e.Expr))})";
        var results = op.Results;
        switch (results.Count)
        {
            case 0:
                e.W.Line(call + ";");
                break;
            case 1 when !results[0].HasUses:
                e.W.Line(call + ";");
                break;
            case 1:
                e.Define(results[0], call);
                break;
            default:
                var names = results.Select(e.DeclareUninitialized).ToArray();
                e.W.Line($"std::tie({string.Join(", ", names)}) = {call};");
                break;
        }
    }
}

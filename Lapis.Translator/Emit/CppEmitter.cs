using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit;

/// <summary>
/// The core of the C++ printer (after MLIR's TranslateToCpp): owns the indenting writer, the
/// C++ name or literal of every SSA value in scope, and dispatches each op to its printer.
/// One instance prints one function. Values are named <c>v0, v1...</c> (op results and
/// loop-carried values), <c>i0, i1...</c> (induction variables) and <c>arg0, arg1...</c>
/// (parameters, by position), in order of appearance; a NameLoc (<c>loc("x")</c>) wins when present.
/// Scalar constants have no variable: their literal is printed where they are used.
/// </summary>
internal sealed class CppEmitter
{
    private readonly Dictionary<Value, ValueExpr> _values = new();
    /// <summary>Host Views of buffers placed on the host or on both (see <see cref="HostSide"/>).</summary>
    private readonly Dictionary<Value, ValueExpr> _hostValues = new();
    private readonly Dictionary<Value, string> _dualViews = new();
    private readonly Stack<List<(Value Value, bool Host)>> _scopes = new();
    private readonly CppNames _names;
    private int _nextValue, _nextInduction;

    public CppEmitter(EmitContext context, IndentedWriter writer, string functionName, string memorySpace)
    {
        Context = context;
        W = writer;
        FunctionName = functionName;
        FunctionMemorySpace = memorySpace;
        _names = context.ModuleNames.Scope();
        _scopes.Push([]);
    }

    public EmitContext Context { get; }

    /// <summary>Set while printing a team-level variant: the C++ names of its globals and scratch parameters.</summary>
    public TeamLevelNames? TeamLevel { get; set; }

    /// <summary>Set while printing <c>f_into</c>: per result slot, the output parameter its allocation becomes.</summary>
    public IReadOnlyList<string>? IntoResults { get; set; }

    public sealed record TeamLevelNames(string Globals, string Scratch, string TeamMemberType);
    public IndentedWriter W { get; }
    public string FunctionName { get; }
    public CppTypes Types => Context.Types;
    public HelperSet Helpers => Context.Helpers;

    private readonly record struct ValueExpr(string Text, bool IsLiteral);

    // ---------------------------------------------------------------------------------------
    // Values
    // ---------------------------------------------------------------------------------------

    /// <summary>The C++ expression for a value in scope: a variable name or a literal.</summary>
    public string Expr(Value value) =>
        TryLookup(value, out var e) ? e.Text
            : throw TranslationException.At(value.Location, "internal error: value used before the emitter defined it");

    /// <summary>
    /// True while an op of host code is printed (<c>lapis.host_side</c>, or a host-placed buffer
    /// and its views): memrefs then name their host View and memref types are host Views.
    /// </summary>
    public bool HostSide { get; private set; }

    /// <summary>
    /// Where the memrefs of the code being printed live: host memory on the host side, else the
    /// memory of the function (<c>lapis.memory_space</c>, set by lapis-assign-memory-spaces).
    /// </summary>
    public string MemorySpace => HostSide ? CppTypes.HostMemory : FunctionMemorySpace;

    /// <summary>The memory space of the function this emitter prints (<see cref="CppTypes.DeviceMemory"/> or <see cref="CppTypes.HostMemory"/>).</summary>
    public string FunctionMemorySpace { get; }

    /// <summary>A memref's host View on the host side, else its device View; whichever exists otherwise (shape queries).</summary>
    private bool TryLookup(Value value, out ValueExpr e)
    {
        if (HostSide && _hostValues.TryGetValue(value, out e)) return true;
        if (_values.TryGetValue(value, out e)) return true;
        return _hostValues.TryGetValue(value, out e);
    }

    /// <summary>Binds the host View of a buffer placed on both spaces (its device View is bound as usual).</summary>
    public void BindHostView(Value value, string variable)
    {
        _hostValues[value] = new ValueExpr(variable, false);
        _scopes.Peek().Add((value, true));
    }

    /// <summary>Records the C++ DualView of a buffer placed on both spaces, for kokkos.sync / kokkos.modify.</summary>
    public void BindDualView(Value root, string variable) => _dualViews[root] = variable;

    public bool TryGetDualView(Value root, out string variable) => _dualViews.TryGetValue(root, out variable!);

    /// <summary>Set with <c>--check-syncs</c>: the checks printed before ops that use a DualView.</summary>
    public SyncChecks? SyncChecks { get; set; }

    public string DualView(Value root, Operation at) =>
        _dualViews.TryGetValue(root, out var name) ? name
            : throw TranslationException.At(at.Location, "kokkos.sync/modify of a buffer that is not a DualView: these ops are inserted by lapis-assign-memory-spaces for buffers used on host and device; remove them from the input");

    /// <summary>
    /// Like <see cref="Expr"/>, but a literal gets its exact C++ type (for template argument
    /// deduction and overload resolution): <c>int64_t(4)</c>, not <c>4</c>.
    /// </summary>
    public string TypedExpr(Value value)
    {
        if (!TryLookup(value, out var e)) return Expr(value);
        if (!e.IsLiteral) return e.Text;
        var type = value.Type;
        if (CppTypes.IsBool(type) || type.IsFloat || (type.IsInteger && type.IntegerWidth == 32)) return e.Text;
        return $"{Types.Scalar(type, value.Location)}({e.Text})";
    }

    public bool IsLiteral(Value value) => TryLookup(value, out var e) && e.IsLiteral;

    /// <summary>The C++ type of a value.</summary>
    public string TypeOf(Value value, Location? at = null) => Types.Of(value.Type, at ?? LocationOf(value), MemorySpace);

    public string TypeOf(Type type, Location at) => Types.Of(type, at, MemorySpace);

    /// <summary>Binds a value to a literal printed at every use (scalar constants).</summary>
    public void BindLiteral(Value value, string literal) => Bind(value, new ValueExpr(literal, true));

    /// <summary>Makes a value another name for an existing C++ variable (loop-carried values, casts that change nothing).</summary>
    public void Alias(Value value, string variable) => Bind(value, new ValueExpr(variable, false));

    /// <summary>Makes <paramref name="value"/> print exactly as <paramref name="source"/> does (block arguments bound to operands).</summary>
    public void Forward(Value value, Value source)
    {
        if (!TryLookup(source, out var e)) Expr(source);
        Bind(value, e);
    }

    /// <summary>Gives an op result (or a loop-carried block argument) a fresh variable name.</summary>
    public string Name(Value value)
    {
        var wanted = NameLocOf(value);
        // The host twin of a view printed for both spaces: v3 and v3_host.
        var name = HostSide && value.Type.IsMemRef && _values.TryGetValue(value, out var device) ? _names.Claim(device.Text + "_host")
            : wanted is null ? _names.ClaimNumbered("v", ref _nextValue) : _names.Claim(wanted);
        Bind(value, new ValueExpr(name, false));
        return name;
    }

    /// <summary>Names a loop induction variable (<c>i0, i1...</c> unless a NameLoc says otherwise).</summary>
    public string NameInduction(Value value)
    {
        var wanted = NameLocOf(value);
        var name = wanted is null ? _names.ClaimNumbered("i", ref _nextInduction) : _names.Claim(wanted);
        Bind(value, new ValueExpr(name, false));
        return name;
    }

    /// <summary>Names a function parameter (<c>arg{position}</c> unless a NameLoc says otherwise).</summary>
    public string NameParameter(Value value)
    {
        var name = _names.Claim(NameLocOf(value) ?? $"arg{value.ArgumentNumber}");
        Bind(value, new ValueExpr(name, false));
        return name;
    }

    /// <summary>Names a function parameter <paramref name="wanted"/> (or a NameLoc), e.g. the outputs of a team-level variant.</summary>
    public string NameParameterAs(Value value, string wanted)
    {
        var name = _names.Claim(NameLocOf(value) ?? wanted);
        Bind(value, new ValueExpr(name, false));
        return name;
    }

    /// <summary>A fresh name for a helper variable the C++ needs but the IR does not have.</summary>
    public string Temporary(string hint) => _names.Claim(hint);

    /// <summary>
    /// Declares <c>T name = expr;</c> for an op result (<c>auto</c> for Views in a team-level
    /// variant, whose arguments are Views of any layout and memory space).
    /// </summary>
    public string Define(Value result, string expr)
    {
        var type = TeamLevel is not null && result.Type.IsMemRef ? "auto" : TypeOf(result);
        var name = Name(result);
        W.Line($"{type} {name} = {expr};");
        return name;
    }

    /// <summary>
    /// <see cref="Define"/> for one result of a pure multi-result op (sincos, the extended
    /// arithmetic): a result nothing uses is not printed.
    /// </summary>
    public void DefineIfUsed(Value result, Func<string> expr)
    {
        if (result.HasUses) Define(result, expr());
    }

    /// <summary>Declares <c>T name;</c> for a value assigned later (results of if/while/switch).</summary>
    public string DeclareUninitialized(Value result)
    {
        var type = TypeOf(result);
        var name = Name(result);
        W.Line($"{type} {name};");
        return name;
    }

    private void Bind(Value value, ValueExpr expr)
    {
        var host = HostSide && value.Type.IsMemRef;
        (host ? _hostValues : _values)[value] = expr;
        _scopes.Peek().Add((value, host));
    }

    private static string? NameLocOf(Value value)
    {
        var name = value.Location.Name;
        return string.IsNullOrEmpty(name) ? null : name;
    }

    private static Location LocationOf(Value value) =>
        value.IsOpResult ? value.DefiningOp.Location : value.Location;

    // ---------------------------------------------------------------------------------------
    // Operations and regions
    // ---------------------------------------------------------------------------------------

    /// <summary>Prints one op through the dispatch table; unknown ops are a located error.</summary>
    public void Emit(Operation op)
    {
        if (!Context.Printers.TryGet(op.Name, out var printer)) throw Unsupported(op);
        var checks = SyncChecks;
        if (checks is null)
        {
            EmitUnchecked(op, printer);
            return;
        }
        var covered = checks.Before(this, op);
        EmitUnchecked(op, printer);
        checks.After(this, covered);
    }

    private void EmitUnchecked(Operation op, OpPrinter printer)
    {
        var placement = LapisAttributes.GetPlacement(op);
        if (LapisAttributes.IsHostSide(op) || placement == "host")
        {
            OnHostSide(() => printer(this, op));
            return;
        }
        printer(this, op);
        // A view of a buffer on both spaces that both need: the host twin after the device one.
        if (placement == "both" && OpEffects.IsView(op)) OnHostSide(() => printer(this, op));
    }

    /// <summary>Prints host code: host Views and host View types (see <see cref="HostSide"/>).</summary>
    public void OnHostSide(Action print)
    {
        var wasHost = HostSide;
        HostSide = true;
        try { print(); }
        finally { HostSide = wasHost; }
    }

    /// <summary>Prints every op of <paramref name="block"/> but its terminator, which it returns.</summary>
    public Operation EmitBody(Block block)
    {
        var terminator = block.Terminator;
        foreach (var op in block.Operations)
        {
            if (op == terminator) break;
            Emit(op);
        }
        return terminator;
    }

    /// <summary>The only block of a region of <paramref name="owner"/> (structured control flow only).</summary>
    public static Block SingleBlock(Region region, Operation owner)
    {
        var blocks = region.Blocks;
        if (blocks.Count == 1) return blocks[0];
        if (blocks.Count == 0) throw TranslationException.At(owner.Location, $"unsupported operation '{owner.Name}' with an empty region");
        var branch = blocks[0].Terminator;
        throw TranslationException.At(branch.IsNull ? owner.Location : branch.Location,
            $"unsupported operation '{(branch.IsNull ? owner.Name : branch.Name)}': regions with several blocks (unstructured control flow) cannot be printed");
    }

    /// <summary>Checks that a region ends with the expected terminator.</summary>
    public static Operation Expect(Operation terminator, string name, Operation owner)
    {
        if (terminator.IsNull) throw TranslationException.At(owner.Location, $"'{owner.Name}' region has no terminator");
        if (terminator.Name != name) throw Unsupported(terminator);
        return terminator;
    }

    /// <summary>Opens a C++ block scope for values defined in a region (they are unbound when it closes).</summary>
    public void PushScope() => _scopes.Push([]);

    public void PopScope()
    {
        foreach (var (v, host) in _scopes.Pop()) (host ? _hostValues : _values).Remove(v);
    }

    /// <summary>
    /// <c>dest[k] = source[k]</c> for all k as one simultaneous assignment (a yield): goes through
    /// temporaries when a source is a destination assigned before it is read. Skips self-assignments.
    /// </summary>
    public void AssignAll(IReadOnlyList<string> destinations, IReadOnlyList<Value> sources)
    {
        var exprs = sources.Select(Expr).ToArray();
        var pending = Enumerable.Range(0, exprs.Length).Where(k => exprs[k] != destinations[k]).ToArray();
        var hazard = pending.Any(i => pending.Any(j => j < i && exprs[i] == destinations[j]));
        if (!hazard)
        {
            foreach (var k in pending) W.Line($"{destinations[k]} = {exprs[k]};");
            return;
        }
        var temps = new string[exprs.Length];
        foreach (var k in pending)
        {
            temps[k] = Temporary("next_" + destinations[k]);
            W.Line($"{TypeOf(sources[k])} {temps[k]} = {exprs[k]};");
        }
        foreach (var k in pending) W.Line($"{destinations[k]} = {temps[k]};");
    }

    /// <summary>Opens <c>header {  // file:line:col</c> (loops carry their MLIR location).</summary>
    public void OpenAt(string header, Location location) => W.Open(header, Context.LocationComment(location));

    public static TranslationException Unsupported(Operation op, string? why = null) =>
        TranslationException.At(op.Location, why is null ? $"unsupported operation '{op.Name}'" : $"unsupported operation '{op.Name}': {why}");
}

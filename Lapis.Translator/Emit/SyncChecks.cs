using Lapis.Native.Ir;
using Lapis.Translator.Passes;

namespace Lapis.Translator.Emit;

/// <summary>
/// <c>lapis translate --check-syncs</c>: a sanitizer for lapis-assign-memory-spaces' own
/// <c>kokkos.sync</c>/<c>kokkos.modify</c>. Each DualView gets a <c>lapis_rt::SyncState</c>
/// (<c>buf_sync</c>) that mirrors the DualView's modified flags — which Kokkos does not keep where
/// host and device share memory (Serial, OpenMP), so a missing sync could not change any result
/// there — and records writes not yet marked with a modify. Before each op that uses the buffer
/// on one side only (a kernel, a call or the return: the device; a host loop or host access: the
/// host), and for every argument before the function returns (the caller's device View), the
/// printed code calls <c>lapis_rt::check_synced(buf_sync, host, "buf", "file:line:col")</c>,
/// which aborts naming the buffer, the side and the location when that side is stale (a missing
/// sync) or the other side wrote without a modify. An op using the buffer on both sides (a loop
/// around a kernel and host code) is not checked itself: the ops inside it are. Without the
/// option nothing of this is printed.
/// </summary>
internal sealed class SyncChecks
{
    private readonly record struct Effect(bool Host, bool Device, bool Writes);

    /// <summary>A check printed before an op, whose write (if any) is recorded after it.</summary>
    public readonly record struct Token(Value Root, string State, bool Host, bool Writes, string Where);

    private readonly Dictionary<Operation, Dictionary<Value, Effect>> _effects = [];
    private readonly Dictionary<Value, string> _states = [];
    private readonly HashSet<Value> _covered = [];

    private SyncChecks(Operation func)
    {
        // The sides on which each op (with what is nested in it) uses each buffer, as DualViewSyncs sees them.
        foreach (var use in BufferUses.Of(func).Uses)
            for (var op = use.Op; !op.IsNull && op != func; op = op.ParentOperation)
            {
                var perRoot = _effects.TryGetValue(op, out var m) ? m : _effects[op] = [];
                var e = perRoot.GetValueOrDefault(use.Root);
                perRoot[use.Root] = use.Space == BufferSpace.Host
                    ? e with { Host = true, Writes = e.Writes || use.Writes }
                    : e with { Device = true, Writes = e.Writes || use.Writes };
            }
    }

    public static SyncChecks? For(EmitContext context, Operation func) => context.Options.CheckSyncs ? new SyncChecks(func) : null;

    /// <summary>Declares the state of a new DualView (<c>lapis_rt::SyncState buf_sync;</c>).</summary>
    public void Declare(CppEmitter e, Value root, string buffer)
    {
        e.Helpers.Require(Helper.SyncCheck);
        var state = e.Temporary(buffer + "_sync");
        _states[root] = state;
        e.W.Line($"lapis_rt::SyncState {state};  // --check-syncs: {buffer}'s modified flags, kept on every backend");
    }

    /// <summary>Mirrors a printed <c>sync_host()</c>/<c>sync_device()</c> or <c>modify_host()</c>/<c>modify_device()</c>.</summary>
    public void Mirror(CppEmitter e, Value root, bool sync, bool host)
    {
        if (_states.TryGetValue(root, out var state)) e.W.Line($"{state}.{(sync ? "sync" : "modify")}({Bool(host)});");
    }

    /// <summary>Prints the checks due before <paramref name="op"/>; what they cover while it is printed.</summary>
    public IReadOnlyList<Token> Before(CppEmitter e, Operation op)
    {
        if (!_effects.TryGetValue(op, out var perRoot)) return [];
        var tokens = new List<Token>();
        foreach (var (root, effect) in perRoot)
        {
            if (effect.Host == effect.Device || _covered.Contains(root) || !_states.TryGetValue(root, out var state)) continue;
            var token = new Token(root, state, effect.Host, effect.Writes, e.Context.LocationText(op.Location) ?? op.Name);
            Print(e, token, Buffer(e, root));
            _covered.Add(root);
            tokens.Add(token);
        }
        return tokens;
    }

    /// <summary>After the op: its writes are recorded until a modify of that side marks them.</summary>
    public void After(CppEmitter e, IReadOnlyList<Token> tokens)
    {
        foreach (var t in tokens)
        {
            if (t.Writes) e.W.Line($"{t.State}.wrote({Bool(t.Host)}, {CppLiterals.String(t.Where)});");
            _covered.Remove(t.Root);
        }
    }

    /// <summary>Before <c>return</c>: every argument with a DualView is up to date on the device (the function's contract).</summary>
    public void AtReturn(CppEmitter e, Operation func, Operation terminator)
    {
        var tokens = Before(e, terminator);
        var where = e.Context.LocationText(terminator.Location) ?? terminator.Name;
        foreach (var arg in func.Region(0).Blocks[0].Arguments)
            if (tokens.All(t => t.Root != arg) && _states.TryGetValue(arg, out var state))
                Print(e, new Token(arg, state, false, false, where), Buffer(e, arg));
        foreach (var t in tokens) _covered.Remove(t.Root);
    }

    private static void Print(CppEmitter e, Token t, string buffer) =>
        e.W.Line($"lapis_rt::check_synced({t.State}, {Bool(t.Host)}, {CppLiterals.String(buffer)}, {CppLiterals.String(t.Where)});");

    private static string Buffer(CppEmitter e, Value root)
    {
        var dual = e.DualView(root, root.IsOpResult ? root.DefiningOp : root.OwnerBlock.ParentOperation);
        return dual.EndsWith("_dual", StringComparison.Ordinal) ? dual[..^"_dual".Length] : dual;
    }

    private static string Bool(bool b) => b ? "true" : "false";
}

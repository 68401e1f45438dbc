using System.Text;
using Lapis.Native.Ir;
using Lapis.Translator.Emit.Printers;
using Lapis.Translator.Passes;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Emit;

/// <summary>
/// The header part of the team-level variants (<c>lapis translate --team-level</c>): a handle
/// struct with the module's global Views (a kernel captures it by value, so the same device
/// globals <c>initialize()</c> loaded are reachable from device code on every backend), the
/// accessor <c>team_globals()</c> defined in the source, and per variant its scratch size
/// constant and function template. Reducers those templates need are declared in the header too.
/// </summary>
internal sealed class TeamLevel
{
    private readonly EmitContext _context;
    private readonly IReadOnlyList<(Operation Global, string Name)> _globals;
    private readonly IndentedWriter _functions = new();

    private TeamLevel(EmitContext context, IReadOnlyList<(Operation, string)> globals)
    {
        _context = context;
        _globals = globals;
        GlobalsType = context.ModuleNames.Claim("TeamGlobals");
        Accessor = context.ModuleNames.Claim("team_globals");
    }

    public string GlobalsType { get; }
    public string Accessor { get; }

    /// <summary>Null when the module has no team-level function.</summary>
    public static TeamLevel? Create(EmitContext context, IReadOnlyList<Operation> functions, IReadOnlyList<Operation> globals, IReadOnlyList<string> globalNames) =>
        functions.Any(f => LapisAttributes.IsTeamLevel(f))
            ? new TeamLevel(context, globals.Select((g, i) => (g, globalNames[i])).ToArray())
            : null;

    public void Emit(Operation func, string name)
    {
        var constant = _context.ModuleNames.Claim(name + "_scratch_bytes");
        if (!_functions.IsEmpty) _functions.Line();
        _context.DeclaringInHeader = true;
        try { TeamFunctions.Emit(_context, func, name, GlobalsType, constant, _functions); }
        finally { _context.DeclaringInHeader = false; }
    }

    public string HeaderPart()
    {
        var w = new StringBuilder();
        w.Append("// The module's globals as device Views, for the team-level functions (*_team): get them with\n");
        w.Append($"// {Accessor}() after initialize() and capture them by value in your kernel.\n");
        w.Append($"struct {GlobalsType} {{\n");
        foreach (var (global, name) in _globals)
            w.Append("  ").Append(_context.Types.View(global.Attribute("type").TypeValue, global.Location, CppTypes.DeviceMemory)).Append(' ').Append(name).Append(";\n");
        w.Append("};\n");
        w.Append($"{GlobalsType} {Accessor}();\n");
        if (!_context.HeaderDeclarations.IsEmpty) w.Append('\n').Append(_context.HeaderDeclarations);
        w.Append('\n').Append(_functions);
        return w.ToString();
    }

    public string SourcePart()
    {
        var fields = string.Join(", ", _globals.Select(g => g.Name));
        return $"{GlobalsType} {Accessor}() {{\n  return {GlobalsType}{{{fields}}};\n}}\n";
    }
}

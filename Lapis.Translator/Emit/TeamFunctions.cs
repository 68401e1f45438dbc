using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using Lapis.Translator.Emit.Printers;

namespace Lapis.Translator.Emit;

/// <summary>
/// Team-level variants (<c>lapis.team_level</c>) as function templates in the header, called by
/// every thread of one team of the caller's TeamPolicy kernel.
/// </summary>
internal static class TeamFunctions
{
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
    public static void Emit(EmitContext context, Operation func, string name, string globalsType, string scratchConstant, IndentedWriter writer)
    {
        var entry = CppEmitter.SingleBlock(func.Region(0), func);
        var e = new CppEmitter(context, writer, name, CppTypes.DeviceMemory);
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
}

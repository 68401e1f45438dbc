using Lapis.Native.Ir;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Dialect;

/// <summary>
/// Every <c>lapis.*</c> attribute: the facts Lapis' passes record in the IR for later passes and
/// for the emitter, which reads only IR and these attributes. Each name is declared once here,
/// with the op it sits on, its value type and the pass that sets it; passes and printers use the
/// typed accessors instead of spelling names or decoding values themselves.
/// </summary>
public static class LapisAttributes
{
    /// <summary>func.func, string <c>"device" | "host"</c>: where the function's buffers live (lapis-assign-memory-spaces).</summary>
    public const string MemorySpace = "lapis.memory_space";

    /// <summary>Unit, on a single-element memref.load/store of host code: it reads or writes through the host View (lapis-assign-memory-spaces).</summary>
    public const string HostAccess = "lapis.host_access";

    /// <summary>String <c>"host" | "both"</c>, on an allocation, a view or a function argument: which Views the buffer has (BufferPlacement).</summary>
    public const string Placement = "lapis.placement";

    /// <summary>Unit, on an op printed with host Views (BufferPlacement).</summary>
    public const string HostSide = "lapis.host_side";

    /// <summary>Unit, on scf.parallel: its iterations may race, so it runs them in order (lapis-sparse-parallel-safety).</summary>
    public const string Serial = "lapis.serial";

    /// <summary>func.func, string: the team-level variant of the named function (lapis-team-level-variants).</summary>
    public const string TeamLevel = "lapis.team_level";

    /// <summary>func.func, i64: bytes of team scratch memory a team-level variant needs (lapis-team-level-variants).</summary>
    public const string TeamScratchBytes = "lapis.team_scratch_bytes";

    /// <summary>func.func, string: why a public function got no team-level variant (lapis-team-level-variants).</summary>
    public const string TeamLevelNote = "lapis.team_level_note";

    /// <summary>func.func, i64: how many results a team-level variant writes into trailing output arguments (lapis-team-level-variants).</summary>
    public const string TeamOutputs = "lapis.team_outputs";

    /// <summary>Unit, on memref.alloc: allocated once per module instance and reused by every call (lapis-plan-memory).</summary>
    public const string Reused = "lapis.reused";

    /// <summary>i64, on memref.alloc: the function result slot the allocation is returned through (lapis-plan-memory).</summary>
    public const string Result = "lapis.result";

    /// <summary>Unit, on func.func: it also gets an <c>_into</c> form writing its results into the caller's Views (lapis-plan-memory).</summary>
    public const string Into = "lapis.into";

    /// <summary>Unit, on func.func with <see cref="Into"/>: its plain form allocates fresh results and calls the <c>_into</c> form (lapis-plan-memory).</summary>
    public const string FreshResults = "lapis.fresh_results";

    /// <summary>Unit, on scf.for with constant bounds inside a kernel: printed under <c>LAPIS_UNROLL</c> (unrolled in device code).</summary>
    public const string Unroll = "lapis.unroll";

    /// <summary>func.func, type: the signature as written, with its sparse tensor types, set before sparsification (lapis-record-sparse-signatures).</summary>
    public const string OriginalType = "lapis.original_type";

    // --- memory spaces -----------------------------------------------------------------------

    /// <summary>The <see cref="MemorySpace"/> of a function ("device" or "host"), or null.</summary>
    public static string? GetMemorySpace(Operation func) =>
        func.Attribute(MemorySpace) is { IsNull: false } space ? space.StringValue : null;

    public static void SetMemorySpace(Operation func, string space) => func.SetAttribute(MemorySpace, OpBuilder.For(func).String(space));

    public static bool HasHostAccess(Operation op) => op.HasAttribute(HostAccess);

    public static void MarkHostAccess(Operation op) => op.SetAttribute(HostAccess, OpBuilder.For(op).Unit);

    /// <summary>The <see cref="Placement"/> of an allocation or view ("host" or "both"), or null.</summary>
    public static string? GetPlacement(Operation op) =>
        op.Attribute(Placement) is { IsNull: false, IsString: true } p ? p.StringValue : null;

    public static void SetPlacement(Operation op, string placement) => op.SetAttribute(Placement, OpBuilder.For(op).String(placement));

    /// <summary>The <see cref="Placement"/> of argument <paramref name="index"/> of <paramref name="func"/>, or null.</summary>
    public static string? GetArgumentPlacement(Operation func, int index) =>
        func.FunctionArgumentAttribute(index, Placement) is { IsNull: false, IsString: true } p ? p.StringValue : null;

    public static void SetArgumentPlacement(Operation func, int index, string placement) =>
        func.SetFunctionArgumentAttribute(index, Placement, OpBuilder.For(func).String(placement));

    public static bool IsHostSide(Operation op) => op.HasAttribute(HostSide);

    public static void MarkHostSide(Operation op) => op.SetAttribute(HostSide, OpBuilder.For(op).Unit);

    // --- loops -------------------------------------------------------------------------------

    public static bool IsSerial(Operation loop) => loop.HasAttribute(Serial);

    public static void MarkSerial(Operation loop) => loop.SetAttribute(Serial, OpBuilder.For(loop).Unit);

    // --- team-level variants -----------------------------------------------------------------

    public static bool IsTeamLevel(Operation func) => func.HasAttribute(TeamLevel);

    /// <summary>The name of the function a team-level variant was made from.</summary>
    public static string GetTeamLevelOrigin(Operation func) => func.Attribute(TeamLevel).StringValue;

    public static void SetTeamLevelOrigin(Operation func, string original) => func.SetAttribute(TeamLevel, OpBuilder.For(func).String(original));

    public static long GetTeamScratchBytes(Operation func) => func.Attribute(TeamScratchBytes).IntegerValue;

    public static void SetTeamScratchBytes(Operation func, long bytes) => SetI64(func, TeamScratchBytes, bytes);

    /// <summary>Why <paramref name="func"/> got no team-level variant, or null.</summary>
    public static string? GetTeamLevelNote(Operation func) =>
        func.Attribute(TeamLevelNote) is { IsNull: false } note ? note.StringValue : null;

    public static void SetTeamLevelNote(Operation func, string note) => func.SetAttribute(TeamLevelNote, OpBuilder.For(func).String(note));

    /// <summary>How many results a team-level variant writes into output arguments (0 when unset).</summary>
    public static int GetTeamOutputs(Operation func) =>
        func.Attribute(TeamOutputs) is { IsNull: false } a ? (int)a.IntegerValue : 0;

    public static void SetTeamOutputs(Operation func, int count) => SetI64(func, TeamOutputs, count);

    // --- memory plan -------------------------------------------------------------------------

    public static bool IsReused(Operation alloc) => alloc.HasAttribute(Reused);

    public static void MarkReused(Operation alloc) => alloc.SetAttribute(Reused, OpBuilder.For(alloc).Unit);

    /// <summary>The result slot an allocation is returned through, or null.</summary>
    public static int? GetResultSlot(Operation alloc) =>
        alloc.Attribute(Result) is { IsNull: false } slot ? (int)slot.IntegerValue : null;

    public static void SetResultSlot(Operation alloc, int slot) => SetI64(alloc, Result, slot);

    public static bool HasInto(Operation func) => func.HasAttribute(Into);

    public static void MarkInto(Operation func) => func.SetAttribute(Into, OpBuilder.For(func).Unit);

    public static bool HasFreshResults(Operation func) => func.HasAttribute(FreshResults);

    public static void MarkFreshResults(Operation func) => func.SetAttribute(FreshResults, OpBuilder.For(func).Unit);

    // --- sparse signatures -------------------------------------------------------------------

    /// <summary>The recorded <see cref="OriginalType"/> of a function, or null.</summary>
    public static Type? GetOriginalType(Operation func) =>
        func.Attribute(OriginalType) is { IsNull: false, IsTypeAttribute: true } attr ? attr.TypeValue : null;

    public static void SetOriginalType(Operation func, Type type) => func.SetAttribute(OriginalType, Native.Ir.Attribute.TypeAttribute(type));

    private static void SetI64(Operation op, string name, long value)
    {
        var b = OpBuilder.For(op);
        op.SetAttribute(name, b.Integer(b.Integer(64), value));
    }
}

using Lapis.Native.Interop;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>A source position resolved from an MLIR location (file may be empty when unknown).</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public bool IsKnown => Line > 0;
    public override string ToString() => IsKnown ? $"{File}:{Line}:{Column}" : "<unknown>";
}

/// <summary>Non-owning view of an MLIR location (owned by the context).</summary>
public readonly unsafe struct Location
{
    internal readonly MlirLocation Raw;
    internal Location(MlirLocation raw) => Raw = raw;

    public bool IsNull => Raw.ptr == null;

    /// <summary>
    /// The first file:line:col this location carries: FileLineCol directly, the child of a
    /// name location, the callee of a call site (where the op itself is), or the first
    /// member of a fused location that has one.
    /// </summary>
    public SourcePosition Position
    {
        get
        {
            if (IsNull) return default;
            if (Mlir.mlirLocationIsAFileLineColRange(Raw))
                return new SourcePosition(
                    new Identifier(Mlir.mlirLocationFileLineColRangeGetFilename(Raw)).Text,
                    Mlir.mlirLocationFileLineColRangeGetStartLine(Raw),
                    Mlir.mlirLocationFileLineColRangeGetStartColumn(Raw));
            if (Mlir.mlirLocationIsAName(Raw))
                return new Location(Mlir.mlirLocationNameGetChildLoc(Raw)).Position;
            if (Mlir.mlirLocationIsACallSite(Raw))
                return new Location(Mlir.mlirLocationCallSiteGetCallee(Raw)).Position;
            if (Mlir.mlirLocationIsAFused(Raw))
            {
                var n = Mlir.mlirLocationFusedGetNumLocations(Raw);
                var locs = new MlirLocation[n];
                fixed (MlirLocation* p = locs) Mlir.mlirLocationFusedGetLocations(Raw, p);
                foreach (var l in locs)
                {
                    var pos = new Location(l).Position;
                    if (pos.IsKnown) return pos;
                }
            }
            return default;
        }
    }

    /// <summary>
    /// <see cref="Position"/>, or for a location without file:line:col (<c>loc("buf")</c>) its printed
    /// form as the "file" with line 0, so that a diagnostic still says where, as mlir-opt does.
    /// </summary>
    public SourcePosition DiagnosticPosition
    {
        get
        {
            var position = Position;
            if (position.IsKnown || IsNull) return position;
            var text = ToString();
            return text == "loc(unknown)" ? position : new SourcePosition(text, 0, 0);
        }
    }

    /// <summary>
    /// What a location says about where the op came from besides file:line:col: the text of a NameLoc
    /// with no position of its own (<c>loc("ONNX node 'conv1' (Conv)")</c>) that stands beside the position
    /// in a fused location, as the ONNX importer writes them, or null. Upstream passes keep fused
    /// locations (and fuse them further), so downstream diagnostics can still say which node.
    /// </summary>
    public string? Label
    {
        get
        {
            if (IsNull) return null;
            if (Mlir.mlirLocationIsAName(Raw)) return new Location(Mlir.mlirLocationNameGetChildLoc(Raw)).Label;
            if (Mlir.mlirLocationIsACallSite(Raw)) return new Location(Mlir.mlirLocationCallSiteGetCallee(Raw)).Label;
            if (!Mlir.mlirLocationIsAFused(Raw)) return null;
            var n = Mlir.mlirLocationFusedGetNumLocations(Raw);
            var locs = new MlirLocation[n];
            fixed (MlirLocation* p = locs) Mlir.mlirLocationFusedGetLocations(Raw, p);
            foreach (var member in locs.Select(l => new Location(l)))
            {
                if (member.Name is { } name && !member.Position.IsKnown) return name;
                if (member.Label is { } label) return label;
            }
            return null;
        }
    }

    /// <summary><paramref name="message"/> followed by this location's <see cref="Label"/> in parentheses, when it has one.</summary>
    public string Annotate(string message) => Label is { } label && !message.Contains(label, StringComparison.Ordinal) ? $"{message} ({label})" : message;

    /// <summary>The name of a NameLoc (torch-mlir and users attach these), or null.</summary>
    public string? Name =>
        !IsNull && Mlir.mlirLocationIsAName(Raw) ? new Identifier(Mlir.mlirLocationNameGetName(Raw)).Text : null;

    /// <summary>A NameLoc "name" around this location (the printer names the value after it).</summary>
    public Location Named(string name)
    {
        var raw = Raw;
        return new(StringRef.With(name, n => Mlir.mlirLocationNameGet(Mlir.mlirLocationGetContext(raw), n, raw)));
    }

    public override string ToString()
    {
        var raw = Raw;
        return StringSink.Collect((cb, ud) => Mlir.mlirLocationPrint(raw, cb, ud));
    }

    public static Location Unknown(Context context) => new(Mlir.mlirLocationUnknownGet(context.Raw));

    public static Location FileLineCol(Context context, string file, int line, int column) =>
        new(StringRef.With(file, f => Mlir.mlirLocationFileLineColGet(context.Raw, f, (uint)line, (uint)column)));
}

/// <summary>Non-owning view of an interned identifier.</summary>
public readonly unsafe struct Identifier
{
    internal readonly MlirIdentifier Raw;
    internal Identifier(MlirIdentifier raw) => Raw = raw;
    public string Text => StringRef.ToManaged(Mlir.mlirIdentifierStr(Raw));
    public override string ToString() => Text;
}

namespace Lapis.Native.Ir;

public enum Severity { Error, Warning, Note, Remark }

/// <summary>One MLIR diagnostic, captured through the C API handler.</summary>
public sealed record Diagnostic(Severity Severity, SourcePosition Position, string Message, IReadOnlyList<Diagnostic> Notes)
{
    /// <summary>Compiler-style rendering: <c>file:line:col: error: message</c>, notes on following lines.</summary>
    public override string ToString()
    {
        var where = Position.IsKnown ? $"{Position}: " : Position.File is { Length: > 0 } named ? $"{named}: " : "";
        var text = $"{where}{Severity.ToString().ToLowerInvariant()}: {Message}";
        foreach (var note in Notes) text += "\n" + note;
        return text;
    }
}

/// <summary>Thrown by the throwing variants (<c>Parse</c>, <c>Run</c>) when MLIR reports errors.</summary>
public sealed class MlirException(string summary, IReadOnlyList<Diagnostic> diagnostics)
    : Exception(diagnostics.Count == 0 ? summary : summary + "\n" + string.Join("\n", diagnostics))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}

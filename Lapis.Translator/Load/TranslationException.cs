using Lapis.Native.Ir;

namespace Lapis.Translator.Load;

/// <summary>A failure the user must see as located diagnostics (bad input, unsupported op, failed pass).</summary>
public sealed class TranslationException : Exception
{
    public TranslationException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join("\n", diagnostics)) => Diagnostics = diagnostics;

    public TranslationException(Diagnostic diagnostic) : this([diagnostic]) { }

    public static TranslationException At(Location location, string message) =>
        new(new Diagnostic(Severity.Error, location.DiagnosticPosition, location.Annotate(message), []));

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}

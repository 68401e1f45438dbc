namespace Lapis.Translator.Pipeline;

/// <summary>The files one translation produces, by final path.</summary>
public sealed record TranslationResult(string HeaderFileName, string Header, string Source, IReadOnlyList<(string Path, string Content)> Files)
{
    /// <summary>Header and source as one self-contained translation unit (for <c>-o -</c>).</summary>
    public string SingleUnit() =>
        Header + "\n" + string.Join("\n", Source.Split('\n').Where(l => l != $"#include \"{HeaderFileName}\""));
}

using System.Text;

namespace Lapis.Translator.Pipeline;

/// <summary>One file a translation writes.</summary>
public sealed record OutputFile(string Path, byte[] Content)
{
    public static OutputFile Text(string path, string text) => new(path, Encoding.UTF8.GetBytes(text));
}

/// <summary>The files one translation produces, by final path.</summary>
public sealed record TranslationResult(string HeaderFileName, string Header, string Source, IReadOnlyList<OutputFile> Files)
{
    /// <summary>Warnings that did not stop the translation (e.g. a function that got no team-level variant, and why).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Public functions that also have an output-argument form <c>f_into</c> (lapis-plan-memory).</summary>
    public IReadOnlyList<string> IntoForms { get; init; } = [];

    /// <summary>Header and source as one self-contained translation unit (for <c>-o -</c>).</summary>
    public string SingleUnit() =>
        Header + "\n" + string.Join("\n", Source.Split('\n').Where(l => l != $"#include \"{HeaderFileName}\""));
}

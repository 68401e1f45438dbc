using Lapis.Translator.Load;
using Lapis.Translator.Pipeline;

namespace Lapis.Tests.Golden;

/// <summary>
/// The golden cases: every <c>Lapis.Tests/Golden/cases/*.mlir</c>, translated the way
/// <c>lapis translate</c> does (load, lower, emit). Each case gets its own namespace
/// (<c>golden_&lt;stem&gt;</c>) so that all of them can be compiled into one library.
/// </summary>
/// <summary>The printed header and source of one case.</summary>
public sealed record GoldenOutput(string Header, string Source);

public static class GoldenCases
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CasesDir => Path.Combine(RepoRoot, "Lapis.Tests", "Golden", "cases");

    /// <summary>Case names (file stems), sorted ordinally.</summary>
    public static IReadOnlyList<string> Names =>
        Directory.EnumerateFiles(CasesDir, "*.mlir")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .ToArray()!;

    public static string InputPath(string name) => Path.Combine(CasesDir, name + ".mlir");
    public static string ExpectedHeaderPath(string name) => Path.Combine(CasesDir, name + ".expected.hpp");
    public static string ExpectedSourcePath(string name) => Path.Combine(CasesDir, name + ".expected.cpp");

    public static string Namespace(string name) => "golden_" + TranslationOptions.NamespaceFromPath(name + ".mlir");

    /// <summary>A case whose text contains this line is printed as written, without the lowering pipeline.</summary>
    public const string EmitOnlyMarker = "// golden: emit-only";

    /// <summary>A case whose text contains this line is translated as with <c>lapis translate --team-level</c>.</summary>
    public const string TeamLevelMarker = "// golden: team-level";

    /// <summary>
    /// Translates one case through the CLI's own entry (<see cref="ModuleTranslator.Translate(Lapis.Native.Ir.Module, TranslationOptions, string, bool)"/>:
    /// lower, the checks after it, emit; header <c>&lt;name&gt;.hpp</c>), with the lowering skipped
    /// for emit-only cases (ops that canonicalization would remove).
    /// </summary>
    public static GoldenOutput Translate(string name)
    {
        using var context = ModuleLoader.CreateContext();
        using var module = ModuleLoader.Load(context, InputPath(name));
        var lines = File.ReadAllLines(InputPath(name));
        var options = new TranslationOptions(Namespace(name), name + ".cpp", TeamLevel: lines.Contains(TeamLevelMarker)) { EmitOnly = lines.Contains(EmitOnlyMarker) };
        var result = ModuleTranslator.Translate(module, options, name + ".mlir");
        return new GoldenOutput(result.Header, result.Source);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lapis.sln"))) return dir.FullName;
        throw new InvalidOperationException("Lapis.sln not found above " + AppContext.BaseDirectory);
    }
}

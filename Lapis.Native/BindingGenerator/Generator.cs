using System.Diagnostics;
using System.Text;

namespace Lapis.BindingGenerator;

/// <summary>Counts and timings of one run.</summary>
public sealed record GenerationResult(
    IReadOnlyDictionary<string, string> Files,
    int Functions,
    int Structs,
    int Enums,
    IReadOnlyList<string> SkippedInlineFunctions,
    IReadOnlyList<string> Warnings,
    TimeSpan ClangTime,
    TimeSpan TotalTime);

/// <summary>Public entry point: headers → clang JSON AST → C model → C# bindings → <c>*.g.cs</c> files.</summary>
public static class Generator
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Generates the files in memory (file name → content) without touching the disk.</summary>
    public static GenerationResult Generate(GeneratorOptions options)
    {
        var total = Stopwatch.StartNew();
        var headers = HeaderSet.Expand(options);

        var sharedGuards = IncludeGuards.FindShared(headers);
        var warnings = sharedGuards
            .GroupBy(g => g.Value, g => g.Key)
            .Select(g => $"{string.Join(" and ", g)} share the include guard {g.Key}; it is #undef'd before each of them.")
            .ToList();

        var clang = Stopwatch.StartNew();
        var ast = ClangRunner.DumpAst(options, ClangRunner.BuildTranslationUnit(headers.Headers, sharedGuards));
        clang.Stop();

        var unit = ClangAstReader.Read(ast, headers, options.Excludes);
        var unmatched = options.Excludes.Where(e => !unit.MatchedExcludes.Contains(e)).Order(StringComparer.Ordinal).ToList();
        if (unmatched.Count > 0)
            throw new GeneratorException($"--exclude names that match no declaration in the configured headers: {string.Join(", ", unmatched)}");

        var bindings = BindingBuilder.Build(unit, headers);
        var empty = bindings.Where(b => b.Enums.Count + b.Structs.Count + b.Functions.Count == 0).Select(b => b.Header).ToList();
        if (empty.Count > 0)
            throw new GeneratorException($"Configured headers that yield no declaration (include-guard clash? wrong pattern?): {string.Join(", ", empty)}");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in bindings)
            if (!files.TryAdd(header.FileName, CSharpWriter.Write(options, header)))
                throw new GeneratorException($"Two headers map to the output file '{header.FileName}'.");

        return new GenerationResult(
            files,
            bindings.Sum(b => b.Functions.Count),
            bindings.Sum(b => b.Structs.Count),
            bindings.Sum(b => b.Enums.Count),
            unit.SkippedInlineFunctions,
            warnings,
            clang.Elapsed,
            total.Elapsed);
    }

    /// <summary>Generates and writes every file to <see cref="GeneratorOptions.OutputDirectory"/>, deleting stale <c>*.g.cs</c> files there.</summary>
    public static GenerationResult Run(GeneratorOptions options)
    {
        var result = Generate(options);
        Directory.CreateDirectory(options.OutputDirectory);
        foreach (var stale in Directory.EnumerateFiles(options.OutputDirectory, "*.g.cs"))
            if (!result.Files.ContainsKey(Path.GetFileName(stale)))
                File.Delete(stale);
        foreach (var (name, content) in result.Files)
        {
            var path = Path.Combine(options.OutputDirectory, name);
            var bytes = Utf8NoBom.GetBytes(content);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
                File.WriteAllBytes(path, bytes);
        }
        return result;
    }
}

using System.Text.RegularExpressions;

namespace Lapis.Tests.Support;

/// <summary>
/// The compiler warnings about generated files in a build's output (<c>file:line:col: warning: ...</c>),
/// leaving out those about other files (Kokkos' headers, which CMake includes as system headers
/// anyway, and hand-written drivers). The flags the generated code must compile cleanly with are
/// <see cref="Flags"/>.
/// </summary>
public static partial class GeneratedCodeWarnings
{
    /// <summary>What generated code compiles with no warning under (GCC and Clang).</summary>
    public const string Flags = "-Wall -Wextra -Wshadow";

    /// <summary>The warning lines whose file is one of <paramref name="generatedFiles"/> (absolute paths), without repeats.</summary>
    public static IReadOnlyList<string> In(string buildOutput, IEnumerable<string> generatedFiles)
    {
        var files = generatedFiles.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        return buildOutput.Split('\n')
            .Select(l => (Line: l.Trim(), Match: Warning().Match(l.Trim())))
            .Where(w => w.Match.Success && files.Contains(Path.GetFullPath(w.Match.Groups["file"].Value)))
            .Select(w => w.Line).Distinct().ToArray();
    }

    [GeneratedRegex(@"^(?<file>[^:\s][^:]*):\d+:\d+: warning: ")]
    private static partial Regex Warning();
}

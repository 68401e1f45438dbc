using System.Text.RegularExpressions;

namespace Lapis.BindingGenerator;

/// <summary>
/// Finds configured headers that share an include guard macro (upstream copy-paste slips: in LLVM 22
/// mlir-c/Dialect/ArmSVE.h reuses MLIR_C_DIALECT_ARMSME_H), which would silently empty all but the
/// first of them in a single translation unit. The TU #undefs such a guard before each of those headers.
/// </summary>
public static partial class IncludeGuards
{
    [GeneratedRegex(@"^\s*#\s*ifndef\s+(\w+)\s*\r?\n\s*#\s*define\s+\1\b", RegexOptions.Multiline)]
    private static partial Regex GuardPattern();

    /// <summary>Header → guard macro, only for headers whose guard another configured header also uses.</summary>
    public static IReadOnlyDictionary<string, string> FindShared(HeaderSet headers)
    {
        var guards = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in headers.Headers)
        {
            var match = GuardPattern().Match(File.ReadAllText(headers.AbsolutePathOf(header)));
            if (match.Success) guards[header] = match.Groups[1].Value;
        }
        var shared = guards.GroupBy(g => g.Value).Where(g => g.Count() > 1).SelectMany(g => g);
        return shared.ToDictionary(g => g.Key, g => g.Value, StringComparer.Ordinal);
    }
}

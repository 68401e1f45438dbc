using System.IO.Enumeration;

namespace Lapis.BindingGenerator;

/// <summary>
/// The configured headers: <c>--file</c> patterns (a <c>*</c>/<c>?</c> wildcard in the file name only)
/// expanded against the include directories, as include-relative names like <c>mlir-c/IR.h</c>.
/// </summary>
public sealed class HeaderSet
{
    private readonly Dictionary<string, string> _byAbsolutePath;

    /// <summary>Include-relative header names, ordinal-sorted.</summary>
    public IReadOnlyList<string> Headers { get; }

    private HeaderSet(IReadOnlyList<string> headers, Dictionary<string, string> byAbsolutePath)
    {
        Headers = headers;
        _byAbsolutePath = byAbsolutePath;
    }

    public static HeaderSet Expand(GeneratorOptions options)
    {
        var byAbsolutePath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pattern in options.Files)
        {
            var matched = false;
            foreach (var includeDirectory in options.IncludeDirectories)
            {
                foreach (var absolute in Match(includeDirectory, pattern))
                {
                    var relative = Path.GetRelativePath(includeDirectory, absolute).Replace('\\', '/');
                    byAbsolutePath.TryAdd(absolute, relative);
                    matched = true;
                }
            }
            if (!matched)
                throw new GeneratorException($"--file pattern '{pattern}' matches no header under {string.Join(", ", options.IncludeDirectories)}.");
        }
        var headers = byAbsolutePath.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new HeaderSet(headers, byAbsolutePath);
    }

    public string AbsolutePathOf(string header) => _byAbsolutePath.First(p => p.Value == header).Key;

    /// <summary>The configured header for an absolute file path clang reported, or null.</summary>
    public string? HeaderFor(string absolutePath) =>
        _byAbsolutePath.TryGetValue(Path.GetFullPath(absolutePath), out var header) ? header : null;

    private static IEnumerable<string> Match(string includeDirectory, string pattern)
    {
        var slash = pattern.LastIndexOf('/');
        var directoryPart = slash < 0 ? "" : pattern[..slash];
        var filePart = pattern[(slash + 1)..];
        if (directoryPart.Contains('*') || directoryPart.Contains('?'))
            throw new GeneratorException($"--file pattern '{pattern}': wildcards are only supported in the file name.");
        var directory = Path.Combine(includeDirectory, directoryPart);
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory)
            .Where(f => FileSystemName.MatchesSimpleExpression(filePart, Path.GetFileName(f), ignoreCase: false))
            .Select(Path.GetFullPath);
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Support;
using Lapis.Translator.Load;

namespace Lapis.Translator.Cli;

/// <summary>
/// Checks output paths before anything is written, with messages naming the user's path: not
/// empty, not a directory, not a device, pipe or socket, not the input (by name, through a
/// symlink, or as a hard link to it: same device and inode), no two outputs the same file. A
/// symlink is written through: the file it points to is replaced (atomically) and the link
/// stays, as <c>cp</c> and compilers' <c>-o</c> do.
/// </summary>
public static class OutputPaths
{
    /// <summary>The file actually replaced for <paramref name="path"/> (the final target of a symlink).</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? full : Path.GetFullPath(target.FullName);
    }

    /// <summary>Throws a user-facing error for the first output that cannot be written as a regular file.</summary>
    public static void Validate(IEnumerable<string> outputs, string input)
    {
        var inputFull = input == "-" ? null : SafeResolve(input);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in outputs)
        {
            if (path == "-") continue;
            if (string.IsNullOrWhiteSpace(path)) throw Error("the output path is empty (use -o FILE, or -o - for stdout)");
            if (path.EndsWith('/') || Directory.Exists(path))
                throw Error($"output '{path}' is a directory: name a file in it, e.g. '{Path.Combine(path, "model.cpp")}'");
            string resolved;
            try { resolved = Resolve(path); }
            catch (IOException e) { throw Error($"output '{path}': {e.Message}"); }
            if (Directory.Exists(resolved))
                throw Error($"output '{path}' is a link to the directory '{resolved}': name a file");
            if (File.Exists(resolved) && !IsRegular(resolved))
                throw Error($"output '{path}' is not a regular file (a device, pipe or socket): write to a file, or to '-' for stdout");
            if (inputFull is not null && resolved == inputFull)
                throw Error($"output '{path}' is the input file '{input}': choose another output name");
            if (inputFull is not null && PathKinds.SameFile(resolved, inputFull))
                throw Error($"output '{path}' is the input file '{input}' under another name (a hard link to it): choose another output name");
            if (seen.Keys.FirstOrDefault(k => PathKinds.SameFile(k, resolved)) is { } linked && linked != resolved)
                throw Error($"outputs '{seen[linked]}' and '{path}' are the same file (hard links to one file)");
            if (seen.TryGetValue(resolved, out var other))
                throw Error(other == path
                    ? $"output '{path}' would be written twice (as the source and as the header): name the .cpp source, e.g. '{Path.ChangeExtension(path, ".cpp")}'"
                    : $"outputs '{other}' and '{path}' are the same file");
            seen[resolved] = path;
            var parent = Path.GetDirectoryName(resolved);
            if (parent is not null && File.Exists(parent))
                throw Error($"output '{path}': '{parent}' is a file, not a directory");
        }
    }

    private static string? SafeResolve(string path)
    {
        try { return File.Exists(path) ? Resolve(path) : Path.GetFullPath(path); }
        catch (IOException) { return null; }
    }

    /// <summary>Regular file (not a device node, FIFO or socket), following links.</summary>
    public static bool IsRegular(string path) => PathKinds.Of(path) == PathKind.Regular;

    private static TranslationException Error(string message) =>
        new(new Diagnostic(Severity.Error, default, message, []));
}

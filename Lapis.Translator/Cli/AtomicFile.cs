using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Lapis.Translator.Pipeline;

namespace Lapis.Translator.Cli;

/// <summary>
/// Writes the output files of one run all together or not at all: every file is first written
/// to a temp file next to its destination (the target of a symlink, see <see cref="OutputPaths"/>),
/// then the existing files are moved aside, the temp files renamed into place, and the moved-aside
/// files removed. If any step fails, what was renamed is put back and every temp file is removed.
/// "-" is stdout. Temp and moved-aside files are registered with <see cref="WorkerStage"/> so
/// that the supervising process cleans up (and restores) after a worker that was killed.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string content, string input = "-")
    {
        if (path == "-")
        {
            Console.Out.Write(content);
            Console.Out.Flush();
            return;
        }
        WriteAll([OutputFile.Text(path, content)], input);
    }

    /// <summary>Validates every path, then commits all files or none.</summary>
    public static void WriteAll(IReadOnlyList<OutputFile> files, string input = "-")
    {
        OutputPaths.Validate(files.Select(f => f.Path), input);
        Commit(files);
    }

    /// <summary>Stages and renames without validating first (validation is <see cref="OutputPaths.Validate"/>).</summary>
    public static void Commit(IReadOnlyList<OutputFile> files)
    {
        var staged = new List<Staged>();
        var committed = new List<Staged>();
        try
        {
            foreach (var (path, content) in files)
            {
                var final = OutputPaths.Resolve(path);
                var dir = Path.GetDirectoryName(final)!;
                var unique = $"{Environment.ProcessId}.{Guid.NewGuid():N}"[..24];
                var s = new Staged(path, final, Path.Combine(dir, $".{Path.GetFileName(final)}.{unique}.tmp"),
                    Path.Combine(dir, $".{Path.GetFileName(final)}.{unique}.old"));
                Guard(path, () => Directory.CreateDirectory(dir));
                WorkerStage.AddTemp(s.Temp);
                staged.Add(s);
                Guard(path, () => File.WriteAllBytes(s.Temp, content));
            }
            foreach (var s in staged)
            {
                if (File.Exists(s.Final))
                {
                    WorkerStage.AddRestore(s.Backup, s.Final);
                    Guard(s.UserPath, () => File.Move(s.Final, s.Backup));
                    s.MovedAside = true;
                }
                else WorkerStage.AddCreated(s.Final);
                committed.Add(s);
                Guard(s.UserPath, () => File.Move(s.Temp, s.Final));
            }
            WorkerStage.Committed();
            foreach (var s in committed)
                if (s.MovedAside) TryDelete(s.Backup);
        }
        catch
        {
            // Put back what was replaced, newest first.
            for (var i = committed.Count - 1; i >= 0; i--)
            {
                var s = committed[i];
                if (!s.MovedAside) { if (!File.Exists(s.Temp)) TryDelete(s.Final); continue; }
                try { File.Move(s.Backup, s.Final, overwrite: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            throw;
        }
        finally
        {
            foreach (var s in staged) TryDelete(s.Temp);
        }
    }

    private static void Guard(string userPath, Action action)
    {
        try { action(); }
        catch (IOException e) { throw Error(userPath, e.Message); }
        catch (UnauthorizedAccessException e) { throw Error(userPath, e.Message); }
    }

    /// <summary>The system's reason without the temp file's name (users never named it).</summary>
    private static TranslationException Error(string userPath, string reason)
    {
        var why = reason;
        var quote = why.IndexOf(" '", StringComparison.Ordinal);
        if (why.Contains(".tmp'", StringComparison.Ordinal) || why.Contains(".old'", StringComparison.Ordinal))
            why = quote > 0 ? why[..quote].TrimEnd(':', ' ', '.') : "cannot be written";
        return new TranslationException(new Diagnostic(Severity.Error, default, $"cannot write output '{userPath}': {why}", []));
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed record Staged(string UserPath, string Final, string Temp, string Backup)
    {
        public bool MovedAside { get; set; }
    }
}

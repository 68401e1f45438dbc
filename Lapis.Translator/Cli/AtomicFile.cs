namespace Lapis.Translator.Cli;

/// <summary>Writes an output file all at once: a temp file in the same folder, then rename. "-" is stdout.</summary>
public static class AtomicFile
{
    public static void Write(string path, string content)
    {
        if (path == "-")
        {
            Console.Out.Write(content);
            Console.Out.Flush();
            return;
        }
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, content);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes several files; nothing is renamed into place unless every file was written.</summary>
    public static void WriteAll(IReadOnlyList<Pipeline.OutputFile> files)
    {
        var temps = new List<(string Temp, string Final)>();
        try
        {
            foreach (var (path, content) in files)
            {
                var full = Path.GetFullPath(path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
                File.WriteAllBytes(temp, content);
                temps.Add((temp, full));
            }
            foreach (var (temp, final) in temps) File.Move(temp, final, overwrite: true);
        }
        finally
        {
            foreach (var (temp, _) in temps) if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

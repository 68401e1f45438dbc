using System.Security.Cryptography;
using System.Text;

namespace Lapis.Translator.Check;

/// <summary>
/// Makes <c>lapis onnx-conformance</c> incremental and resumable: a test's folder keeps its run's outputs
/// and a stamp (<c>run.stamp</c>) holding the content hash of the files its program was built from (the
/// translated C++, the driver, the inputs) and how the run ended. A test whose hash is unchanged is not
/// built again; its saved outputs are compared afresh (so tolerance changes need no rebuild).
/// </summary>
public static class ConformanceRunCache
{
    private const string StampFile = "run.stamp";

    public sealed record Outcome(bool Ran, string Detail);

    /// <summary>Files a run writes (never part of the hash): result*, done, error, the stamp.</summary>
    public static bool IsOutput(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("result", StringComparison.Ordinal) || name is "done" or "error" or StampFile;
    }

    /// <summary>SHA-256 over the names and contents of the test folder's input files (sorted), and <paramref name="salt"/>.</summary>
    public static string Hash(string dir, string salt)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(salt + "\n"));
        foreach (var file in Directory.GetFiles(dir).Where(f => !IsOutput(f)).Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}\n"));
            var bytes = File.ReadAllBytes(file);
            sha.AppendData(BitConverter.GetBytes((long)bytes.Length));
            sha.AppendData(bytes);
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>The saved outcome when the stamp's key equals <paramref name="key"/> (and, for a run, its outputs are there).</summary>
    public static Outcome? Lookup(string dir, string key)
    {
        var stamp = Path.Combine(dir, StampFile);
        if (!File.Exists(stamp)) return null;
        var lines = File.ReadAllLines(stamp);
        if (lines.Length < 2 || lines[0] != key) return null;
        var ran = lines[1] == "ran";
        if (ran && !File.Exists(Path.Combine(dir, "done")) && !File.Exists(Path.Combine(dir, "error"))) return null;
        return new Outcome(ran, ran ? "" : string.Join("\n", lines.Skip(2)));
    }

    public static void Store(string dir, string key, bool ran, string detail) =>
        File.WriteAllText(Path.Combine(dir, StampFile), $"{key}\n{(ran ? "ran" : "failed")}\n{detail}\n");
}

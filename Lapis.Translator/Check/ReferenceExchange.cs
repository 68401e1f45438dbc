using System.Text.Json;

namespace Lapis.Translator.Check;

/// <summary>
/// What the `lapis check` process hands to its reference worker (<c>lapis __reference DIR</c>)
/// and gets back, as files in one folder: <c>request.json</c> and <c>argN.bin</c> (row-major, MLIR's
/// layout) in; <c>response.json</c>, <c>resultN.bin</c> and, per sparse argument, the buffers MLIR
/// packed (<c>argN.packF.bin</c>) out. The files stay there as a reproducer when the reference crashes.
/// </summary>
public static class ReferenceExchange
{
    /// <param name="InputPath">The module (absolute path).</param>
    /// <param name="ArgumentShapes">Per argument, the extents the inputs were drawn with (null for a scalar).</param>
    public sealed record Request(string InputPath, string Entry, ulong Seed, int Repeat, long[]?[] ArgumentShapes);

    /// <param name="Results">Per compared output, its extents.</param>
    /// <param name="PackedLevelSizes">Per argument, the level sizes of the storage MLIR built for a sparse one (null otherwise).</param>
    /// <param name="ArgumentWritten">Per argument, whether <c>argN.after.bin</c> holds its contents after the call (dense shaped arguments).</param>
    public sealed record Response(double MeanCallMilliseconds, long[][] Results, long[]?[] PackedLevelSizes, bool[]? ArgumentWritten);

    public static string ArgumentFile(string dir, int i) => Path.Combine(dir, $"arg{i}.bin");
    public static string ArgumentAfterCallFile(string dir, int i) => Path.Combine(dir, $"arg{i}.after.bin");
    public static string ResultFile(string dir, int i) => Path.Combine(dir, $"result{i}.bin");
    public static string PackedFile(string dir, int i, int field) => Path.Combine(dir, $"arg{i}.pack{field}.bin");

    public static void Write<T>(string path, T value) => File.WriteAllText(path, JsonSerializer.Serialize(value));

    public static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty");
}

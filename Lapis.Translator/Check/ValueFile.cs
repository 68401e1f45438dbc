using System.Globalization;
using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Translator.Check;

/// <summary>
/// Reads an argument for `lapis check --arg`: a text file with one value per line, row-major,
/// or for a matrix a Matrix Market file (<c>.mtx</c>, coordinate format; symmetric storage expanded).
/// </summary>
public static class ValueFile
{
    public static byte[] Read(string path, ArgSpec spec)
    {
        if (!File.Exists(path)) throw Error($"--arg {spec.Name}: cannot open '{path}'");
        if (path.EndsWith(".mtx", StringComparison.OrdinalIgnoreCase)) return ReadMatrixMarket(path, spec);
        var values = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (values.Length != spec.ElementCount)
            throw Error($"--arg {spec.Name}: '{path}' holds {values.Length} values, {spec.ShapeText} needs {spec.ElementCount}");
        var bytes = new byte[spec.ElementCount * spec.Kind.Size()];
        for (var i = 0; i < values.Length; i++)
        {
            var slot = bytes.AsSpan(i * spec.Kind.Size());
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw Error($"--arg {spec.Name}: '{path}' line {i + 1}: '{values[i]}' is not a number");
            spec.Kind.Write(slot, v);
        }
        return bytes;
    }

    private static byte[] ReadMatrixMarket(string path, ArgSpec spec)
    {
        using var reader = new StreamReader(path);
        var banner = (reader.ReadLine() ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (banner.Length < 5 || banner[0] != "%%matrixmarket" || banner[1] != "matrix" || banner[2] != "coordinate")
            throw Error($"--arg {spec.Name}: '{path}' is not a coordinate Matrix Market matrix");
        var (field, symmetry) = (banner[3], banner[4]);
        if (field is not ("real" or "integer" or "pattern" or "double") || symmetry is not ("general" or "symmetric" or "skew-symmetric"))
            throw Error($"--arg {spec.Name}: '{path}': Matrix Market '{field} {symmetry}' is not supported");
        string? line;
        while ((line = reader.ReadLine()) is not null && (line.Length == 0 || line[0] == '%')) { }
        var size = (line ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        if (size.Length != 3) throw Error($"--arg {spec.Name}: '{path}' has no size line");
        if (spec.Shape is not { Length: 2 } shape || shape[0] != size[0] || shape[1] != size[1])
            throw Error($"--arg {spec.Name}: '{path}' is {size[0]}x{size[1]} but the argument is {spec.ShapeText} (set --dim or --dynamic-size to match)");
        var bytes = new byte[spec.ElementCount * spec.Kind.Size()];
        var tokens = reader.ReadToEnd().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var perEntry = field == "pattern" ? 2 : 3;
        if (tokens.Length < size[2] * perEntry) throw Error($"--arg {spec.Name}: '{path}' ends before its {size[2]} entries");
        void Add(long i, long j, double v)
        {
            var slot = bytes.AsSpan((int)((i * size[1] + j) * spec.Kind.Size()));
            spec.Kind.Write(slot, spec.Kind.Read(slot, 0) + v);
        }
        for (var k = 0; k < size[2]; k++)
        {
            var i = long.Parse(tokens[k * perEntry], CultureInfo.InvariantCulture) - 1;
            var j = long.Parse(tokens[k * perEntry + 1], CultureInfo.InvariantCulture) - 1;
            var v = perEntry == 3 ? double.Parse(tokens[k * perEntry + 2], NumberStyles.Float, CultureInfo.InvariantCulture) : 1.0;
            Add(i, j, v);
            if (symmetry != "general" && i != j) Add(j, i, symmetry == "skew-symmetric" ? -v : v);
        }
        return bytes;
    }

    /// <summary>The rows and columns a Matrix Market file declares (null for other files or without a size line).</summary>
    public static long[]? MatrixMarketSize(string path)
    {
        if (!path.EndsWith(".mtx", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '%') continue;
            var size = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return size.Length == 3 && long.TryParse(size[0], CultureInfo.InvariantCulture, out var rows) && long.TryParse(size[1], CultureInfo.InvariantCulture, out var cols)
                ? [rows, cols] : null;
        }
        return null;
    }

    private static TranslationException Error(string message) => new(new Diagnostic(Severity.Error, default, message, []));
}

using System.Text.Json;

namespace Lapis.BindingGenerator;

/// <summary>
/// Clang's JSON dump writes source locations incrementally: a location only carries "file"/"line"
/// when they differ from the previously written location. This tracker replays every location in
/// document order so the current file/line is always known, and remembers which file first
/// included which (from "includedFrom") so declarations in <c>.inc</c> files can be attributed.
/// </summary>
public sealed class LocationTracker
{
    private readonly Dictionary<string, string> _includers = new(StringComparer.Ordinal);

    public string? File { get; private set; }
    public int Line { get; private set; }

    /// <summary>Replays every location inside <paramref name="element"/>, in document order.</summary>
    public void Visit(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("offset", out _))
                    Update(element);
                foreach (var property in element.EnumerateObject())
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                        Visit(property.Value);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Visit(item);
                break;
        }
    }

    /// <summary>Replays the locations of every property of <paramref name="node"/> except <paramref name="skipped"/>.</summary>
    public void VisitExcept(JsonElement node, string skipped)
    {
        foreach (var property in node.EnumerateObject())
            if (property.Name != skipped && property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                Visit(property.Value);
    }

    /// <summary>The file that first included <paramref name="file"/>, or null for the main file / unknown.</summary>
    public string? IncluderOf(string file) => _includers.GetValueOrDefault(file);

    private void Update(JsonElement bareLocation)
    {
        if (bareLocation.TryGetProperty("file", out var file))
            File = file.GetString();
        if (bareLocation.TryGetProperty("line", out var line))
            Line = line.GetInt32();
        if (File is not null
            && bareLocation.TryGetProperty("includedFrom", out var includedFrom)
            && includedFrom.TryGetProperty("file", out var includer))
            _includers.TryAdd(File, includer.GetString()!);
    }
}

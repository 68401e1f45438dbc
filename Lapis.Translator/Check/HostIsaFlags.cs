namespace Lapis.Translator.Check;

/// <summary>
/// The CPU's vector extensions that the <c>-march</c> of a Kokkos installation lacks, as
/// <c>build.ps1 setup</c> recorded them in <c>&lt;prefix&gt;/.lapis-host-isa</c> (e.g.
/// <c>-mavx512f -mavx512bw ...</c> on a Zen 4, for which Kokkos 3.4's newest option, ZEN3, means
/// AVX2). Explicit <c>-m</c> flags keep their effect whatever <c>-march</c> follows them, so
/// adding them to a target is enough. <c>$LAPIS_HOST_ISA_FLAGS</c> overrides the file
/// (<c>none</c>: no flags), as the CMake variable of that name does for lapis_add_kernels().
/// </summary>
public static class HostIsaFlags
{
    public const string MarkerFile = ".lapis-host-isa";

    /// <summary>The flags for code built against the Kokkos in <paramref name="kokkosRoot"/>; empty when none.</summary>
    public static IReadOnlyList<string> For(string kokkosRoot)
    {
        var text = Environment.GetEnvironmentVariable("LAPIS_HOST_ISA_FLAGS");
        if (string.IsNullOrWhiteSpace(text))
        {
            var marker = Path.Combine(kokkosRoot, MarkerFile);
            text = File.Exists(marker) ? File.ReadAllText(marker) : "";
        }
        text = text.Trim();
        if (text == "none") return [];
        return text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Where(f => f.StartsWith("-m", StringComparison.Ordinal)).ToArray();
    }
}

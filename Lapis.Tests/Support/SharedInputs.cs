namespace Lapis.Tests.Support;

/// <summary>
/// The real inputs in ../shared/inputs (next to the repository): present on the team's machines
/// and in CI, absent on a user's clone. A test that needs them calls <see cref="Require"/> first:
/// it is skipped with the reason when they are absent, and fails instead when
/// LAPIS_REQUIRE_SHARED_INPUTS=1 (set by .ci/run, so CI never passes by skipping).
/// </summary>
public static class SharedInputs
{
    public const string RequireVariable = "LAPIS_REQUIRE_SHARED_INPUTS";

    public static string Directory => TestPaths.SharedInputs;

    /// <summary>The path of <paramref name="file"/> in the shared inputs (not checked: use <see cref="Require"/> in the test).</summary>
    public static string Path(string file) => System.IO.Path.Combine(Directory, file);

    /// <summary>
    /// Skips (or, with LAPIS_REQUIRE_SHARED_INPUTS=1, fails) the running test when one of
    /// <paramref name="paths"/> lies in the shared inputs and is missing; other paths are not checked.
    /// </summary>
    public static void Require(params string[] paths)
    {
        var root = System.IO.Path.GetFullPath(Directory) + System.IO.Path.DirectorySeparatorChar;
        var missing = paths.Select(System.IO.Path.GetFullPath)
            .Where(p => p.StartsWith(root, StringComparison.Ordinal) && !File.Exists(p) && !System.IO.Directory.Exists(p)).ToArray();
        if (missing.Length == 0) return;
        var reason = $"needs the shared inputs ({string.Join(", ", missing.Select(System.IO.Path.GetFileName))}) in {Directory}, which is absent";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1") Assert.Fail($"{reason}, and {RequireVariable}=1 requires them");
        Assert.Ignore(reason);
    }
}

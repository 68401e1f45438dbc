using Lapis.BindingGenerator;

namespace Lapis.Tests.Unit;

/// <summary>
/// The committed Lapis.Native/Interop/Generated/*.g.cs must be exactly what the generator produces from
/// Lapis.Native/BindingGenerator/mlir-c.rsp and the installed mlir-c headers. On failure, regenerate with
///   dotnet run --project Lapis.Native/BindingGenerator -- @Lapis.Native/BindingGenerator/mlir-c.rsp
/// </summary>
public sealed class BindingGenerationTests
{
    private string _outputDir = "";

    [SetUp]
    public void CreateOutputDir() =>
        Directory.CreateDirectory(_outputDir = Path.Combine(Path.GetTempPath(), "lapis-bindings-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void RemoveOutputDir() => Directory.Delete(_outputDir, recursive: true);

    [Test]
    public void CommittedBindingsAreByteIdenticalToRegeneratedOnes()
    {
        var root = RepositoryRoot();
        var committedDir = Path.Combine(root, "Lapis.Native", "Interop", "Generated");
        var options = OptionsParser.FromResponseFile(Path.Combine(root, "Lapis.Native", "BindingGenerator", "mlir-c.rsp"));
        Assert.That(options.OutputDirectory, Is.EqualTo(committedDir), "mlir-c.rsp must write to Lapis.Native/Interop/Generated");
        options.OutputDirectory = _outputDir;

        var result = Generator.Run(options);

        var generated = GeneratedFileNames(_outputDir);
        var committed = GeneratedFileNames(committedDir);
        Assert.That(generated, Is.EquivalentTo(result.Files.Keys), "Generator.Run wrote a different file set than it reported");
        Assert.Multiple(() =>
        {
            Assert.That(generated.Except(committed), Is.Empty, "generated files missing from Lapis.Native/Interop/Generated");
            Assert.That(committed.Except(generated), Is.Empty, "stale files in Lapis.Native/Interop/Generated that the generator no longer produces");
            foreach (var name in generated.Intersect(committed))
            {
                var difference = FirstDifference(File.ReadAllBytes(Path.Combine(committedDir, name)), File.ReadAllBytes(Path.Combine(_outputDir, name)));
                Assert.That(difference, Is.Null, $"{name} differs from the regenerated file");
            }
        });
    }

    /// <summary>Null when equal; otherwise the 1-based first differing line with both versions.</summary>
    private static string? FirstDifference(byte[] committed, byte[] regenerated)
    {
        if (committed.AsSpan().SequenceEqual(regenerated)) return null;
        var committedLines = System.Text.Encoding.UTF8.GetString(committed).Split('\n');
        var regeneratedLines = System.Text.Encoding.UTF8.GetString(regenerated).Split('\n');
        for (var i = 0; i < Math.Max(committedLines.Length, regeneratedLines.Length); i++)
        {
            var c = i < committedLines.Length ? committedLines[i] : "<end of file>";
            var r = i < regeneratedLines.Length ? regeneratedLines[i] : "<end of file>";
            if (c != r) return $"line {i + 1}\n  committed:   {c}\n  regenerated: {r}";
        }
        return "same lines but different bytes (encoding or BOM?)";
    }

    private static List<string> GeneratedFileNames(string directory) =>
        Directory.EnumerateFiles(directory, "*.g.cs").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lapis.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"Lapis.sln not found above {TestContext.CurrentContext.TestDirectory}");
    }
}

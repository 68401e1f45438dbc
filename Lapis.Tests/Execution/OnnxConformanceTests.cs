using Lapis.Tests.Support;

namespace Lapis.Tests.Execution;

/// <summary>
/// ONNX's operator conformance suite (node tests generated from Debian's python3-onnx) and
/// models exported from PyTorch 1.13 (a small CNN, an MLP, a TransformerEncoderLayer: their
/// output in PyTorch is the reference, normwise 1e-4), through <c>lapis onnx-conformance</c>:
/// import, translate, build against Kokkos in batches, run, compare with the reference outputs.
/// CI runs conformance/onnx/ci-subset.txt (one test per supported op, and the models); the full
/// suite is build.ps1 onnx-conformance, against conformance/onnx/passing.txt.
/// </summary>
public sealed class OnnxConformanceTests
{
    private static string ListFile(string name) => Path.Combine(TestPaths.RepoRoot, "conformance", "onnx", name);

    private static HashSet<string> List(string name) =>
        File.ReadLines(ListFile(name)).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToHashSet();

    [Test]
    public void TheCiSubsetIsPartOfThePassingList() =>
        Assert.That(List("ci-subset.txt").Except(List("passing.txt")), Is.Empty, "every CI test must be a reviewed passing test");

    [Test]
    public void TheCiSubsetStillPassesAgainstOnnxAndPyTorchReferences()
    {
        DebianPython.Require("onnx", "torch", "torchvision");
        using var dir = new TempDirectory("lapis-onnx-conformance-");
        var suite = Path.Combine(dir.Path, "suite");
        var nodes = DebianPython.Run("conformance/onnx/prepare_node_tests.py", suite);
        Assert.That(nodes.ExitCode, Is.Zero, nodes.StdErr);
        var models = DebianPython.Run("examples/pytorch/export_models.py", suite, "small_cnn", "mlp", "transformer_encoder");
        Assert.That(models.ExitCode, Is.Zero, models.StdErr);
        var list = ListFile("ci-subset.txt");
        var r = ProcessRunner.Run(TestPaths.LapisCli, ["onnx-conformance", suite, "--work-dir", Path.Combine(dir.Path, "work"),
            "--only", list, "--expect-passing", list, "--batch-size", "64", "--report", Path.Combine(dir.Path, "report.md")], timeout: TimeSpan.FromMinutes(30));
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(r.StdOut, Does.Contain($"{List("ci-subset.txt").Count} of {List("ci-subset.txt").Count} pass"));
        // A model says how close it came to PyTorch.
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "report.md")), Does.Match(@"- `mlp`: pass — output 0: normwise error [0-9.eE+-]+ ≤ 0\.0001"));
    }
}

using Lapis.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lapis.Tests.Python;

/// <summary>
/// ONNX Runtime as a second reference (besides PyTorch's own output in the conformance runner):
/// a model exported by examples/pytorch/export_models.py runs through ONNX Runtime here and through
/// lapis.compile (examples/pytorch/run_onnx_with_lapis.py); the outputs must agree normwise
/// within 1e-4. CI runs the small CNN (every op family of a torchvision CNN); ResNet-18 is explicit
/// (build.ps1 pytorch-examples) because its C++ build takes minutes.
/// </summary>
public sealed class OnnxRuntimeReferenceTests
{
    [Test]
    public void SmallCnnMatchesOnnxRuntime() => CompareWithOnnxRuntime("small_cnn");

    [Test, Explicit("ResNet-18's Kokkos build takes minutes: dotnet pwsh ./build.ps1 pytorch-examples runs it")]
    public void ResNet18MatchesOnnxRuntime() => CompareWithOnnxRuntime("resnet18");

    private static void CompareWithOnnxRuntime(string model)
    {
        DebianPython.Require("torch", "torchvision", "onnx", "numpy");
        using var dir = new TempDirectory("lapis-ort-");
        var export = DebianPython.Run("examples/pytorch/export_models.py", dir.Path, model);
        Assert.That(export.ExitCode, Is.Zero, export.StdOut + export.StdErr);
        var modelDir = Path.Combine(dir.Path, model);
        var cache = Environment.GetEnvironmentVariable("LAPIS_CACHE_DIR") is { Length: > 0 } c ? c : Path.Combine(dir.Path, "cache");
        var kokkos = Environment.GetEnvironmentVariable("LAPIS_KOKKOS_ROOT") is { Length: > 0 } k ? k : Path.Combine(TestPaths.RepoRoot, ".deps", "kokkos-3.4");
        var run = ProcessRunner.Run("/usr/bin/env", [$"LAPIS_CLI={TestPaths.LapisCli}", $"LAPIS_KOKKOS_ROOT={kokkos}", $"LAPIS_CACHE_DIR={cache}",
            DebianPython.Executable, Path.Combine(TestPaths.RepoRoot, "examples", "pytorch", "run_onnx_with_lapis.py"), modelDir],
            timeout: TimeSpan.FromMinutes(30));
        Assert.That(run.ExitCode, Is.Zero, run.StdOut + run.StdErr);

        var shape = File.ReadAllText(Path.Combine(modelDir, "input_0.shape")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var input = ReadFloats(Path.Combine(modelDir, "input_0.f32"));
        var lapis = ReadFloats(Path.Combine(modelDir, "lapis_output_0.f32"));
        using var session = new InferenceSession(Path.Combine(modelDir, "model.onnx"));
        var name = session.InputMetadata.Keys.Single();
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(input, shape))]);
        var reference = outputs.Single().AsEnumerable<float>().ToArray();

        Assert.That(lapis, Has.Length.EqualTo(reference.Length), "output sizes differ");
        var maxRef = reference.Max(v => Math.Abs((double)v));
        var maxDiff = reference.Zip(lapis, (r, l) => Math.Abs((double)r - l)).Max();
        TestContext.Out.WriteLine($"{model}: normwise |lapis - onnxruntime| / |onnxruntime| = {maxDiff / maxRef:E3}");
        Assert.That(maxRef, Is.GreaterThan(0), "ONNX Runtime's output is all zeros: nothing would be compared");
        Assert.That(maxDiff / maxRef, Is.LessThanOrEqualTo(1e-4));
    }

    private static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}

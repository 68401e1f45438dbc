using Google.Protobuf;
using Lapis.Tests.Support;
using Onnx;

namespace Lapis.Tests.Import;

/// <summary>
/// <c>lapis import</c> / <c>lapis translate</c> on ONNX models built here with the generated protobuf
/// classes: bad input gives one located error and exit 1 with no output written; dynamic
/// dimensions stay dynamic; an imported model runs like MLIR's own execution of it (lapis check).
/// </summary>
public sealed class OnnxImportTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void Create() => _dir = new TempDirectory("lapis-onnx-");

    [TearDown]
    public void Remove() => _dir.Dispose();

    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string p ? new TensorShapeProto.Types.Dimension { DimParam = p } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = op, Name = name };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        n.Attribute.AddRange(attributes);
        return n;
    }

    private string Save(string file, int opset, NodeProto[] nodes, ValueInfoProto[] inputs, ValueInfoProto[] outputs, params TensorProto[] initializers) =>
        SaveWith(file, [("", opset)], nodes, inputs, outputs, initializers);

    private string SaveWith(string file, (string Domain, int Version)[] opsets, NodeProto[] nodes, ValueInfoProto[] inputs, ValueInfoProto[] outputs, params TensorProto[] initializers)
    {
        var graph = new GraphProto { Name = "g" };
        graph.Node.AddRange(nodes);
        graph.Input.AddRange(inputs);
        graph.Output.AddRange(outputs);
        graph.Initializer.AddRange(initializers);
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        foreach (var (domain, version) in opsets) model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        var path = Path.Combine(_dir.Path, file);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    private const TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;

    /// <summary>y = softmax(relu(x · W + b)) on x: [batch, 4] (batch dynamic), W and b initializers.</summary>
    private string DynamicBatchModel()
    {
        var w = new TensorProto { Name = "W", DataType = (int)F32 };
        w.Dims.AddRange([4, 3]);
        w.FloatData.AddRange(Enumerable.Range(0, 12).Select(i => (float)Math.Sin(i + 1)));
        var b = new TensorProto { Name = "b", DataType = (int)F32 };
        b.Dims.Add(3);
        b.FloatData.AddRange([0.5f, -0.25f, 0.125f]);
        return Save("dense.onnx", 13,
            [Node("MatMul", "mm", ["x", "W"], ["xw"]), Node("Add", "bias", ["xw", "b"], ["z"]), Node("Relu", "act", ["z"], ["r"]),
             Node("Softmax", "sm", ["r"], ["y"], new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 })],
            [Tensor("x", F32, "batch", 4)], [Tensor("y", F32, "batch", 3)], w, b);
    }

    [Test]
    public void ImportKeepsTheDynamicBatchAndProducesVerifiedLinalg()
    {
        var r = ProcessRunner.Lapis("import", DynamicBatchModel());
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdOut, Does.Contain("func.func @forward(%arg0: tensor<?x4xf32> loc(\"dense.onnx\":1:1)) -> tensor<?x3xf32>"));
        Assert.That(r.StdOut, Does.Contain("linalg.matmul"));
        Assert.That(r.StdOut, Does.Contain("tensor.dim"), "the dynamic extent must come from the input");
        // What lapis import prints is valid MLIR for mlir-opt as well.
        var path = Path.Combine(_dir.Path, "dense.mlir");
        File.WriteAllText(path, r.StdOut);
        var verify = ProcessRunner.Run(TestPaths.MlirOpt, [path, "-o", "/dev/null"]);
        Assert.That(verify.ExitCode, Is.Zero, verify.StdErr);
    }

    [Test]
    public void AnImportedModelWithADynamicBatchRunsLikeMlirsOwnExecution([Values(1, 7)] int batch)
    {
        // lapis check: Kokkos build of the translation vs MLIR's JIT of the imported module, on seeded random inputs.
        var r = ProcessRunner.Lapis("check", DynamicBatchModel(), "--dynamic-size", batch.ToString());
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(r.StdOut, Does.Contain($"result0    F32   {batch}x3").And.Contain("PASS"));
    }

    /// <summary>A depthwise Conv (group = 6 channels, one 3 x 3 filter each, stride 2, pads 1, bias) on x: [1, 6, 11, 13].</summary>
    private string DepthwiseModel()
    {
        var w = new TensorProto { Name = "W", DataType = (int)F32 };
        w.Dims.AddRange([6, 1, 3, 3]);
        w.FloatData.AddRange(Enumerable.Range(0, 54).Select(i => (float)Math.Cos(i + 1)));
        var b = new TensorProto { Name = "b", DataType = (int)F32 };
        b.Dims.Add(6);
        b.FloatData.AddRange(Enumerable.Range(0, 6).Select(i => 0.25f * i - 0.5f));
        AttributeProto Ints(string name, params long[] v)
        {
            var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            a.Ints.AddRange(v);
            return a;
        }
        return Save("depthwise.onnx", 13,
            [Node("Conv", "dw", ["x", "W", "b"], ["y"], new AttributeProto { Name = "group", Type = AttributeProto.Types.AttributeType.Int, I = 6 },
                Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1))],
            [Tensor("x", F32, 1, 6, 11, 13)], [Tensor("y", F32, 1, 6, 6, 7)], w, b);
    }

    [Test]
    public void ADepthwiseConvImportsAsTheNamedOpAndIsTiledLikeMlirsOwnExecution()
    {
        var model = DepthwiseModel();
        var import = ProcessRunner.Lapis("import", model);
        Assert.That(import.ExitCode, Is.Zero, import.StdErr);
        Assert.That(import.StdOut, Does.Contain("linalg.depthwise_conv_2d_nchw_chw"), "group = channels is the named depthwise op");
        var check = ProcessRunner.Lapis("check", model, "--work-dir", Path.Combine(_dir.Path, "dw"));
        Assert.That(check.ExitCode, Is.Zero, check.StdOut + check.StdErr);
        Assert.That(check.StdOut, Does.Contain("result0    F32   1x6x6x7").And.Contain("PASS"));
        Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "dw", "kernel.cpp")), Does.Contain("sliding window"), "the depthwise convolution takes the tiled kokkos.sliding_window path");
    }

    /// <summary>
    /// 2-D MaxPool / AveragePool / global pools on x: [2, 3, 13, 17] (pads, asymmetric pads, strides,
    /// dilations, ceil_mode, auto_pad, count_include_pad 0 and 1; Lapis.Tests/Import/pooling_cases.py,
    /// references from PyTorch or ONNX's backend-test pooling helper) through lapis onnx-conformance, one
    /// C++ build: every output matches, every pool but MaxPool with Indices imports as the named
    /// linalg.pooling_nchw_* op and prints as one tiled sliding window (padding, fill and the average's
    /// division fused); with Indices MaxPool stays the generic loop path.
    /// </summary>
    [Test]
    public void TwoDimensionalPoolsImportAsNamedOpsTileAsSlidingWindowsAndMatchTheReferences()
    {
        DebianPython.Require("onnx", "torch", "numpy");
        var suite = Path.Combine(_dir.Path, "pools");
        var cases = DebianPython.Run("Lapis.Tests/Import/pooling_cases.py", suite);
        Assert.That(cases.ExitCode, Is.Zero, cases.StdOut + cases.StdErr);
        var tests = Directory.GetDirectories(suite).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        var work = Path.Combine(_dir.Path, "work");
        var r = ProcessRunner.Run(TestPaths.LapisCli, ["onnx-conformance", suite, "--work-dir", work, "--batch-size", "64"], timeout: TimeSpan.FromMinutes(10));
        Assert.That(r.ExitCode, Is.Zero, r.StdOut + r.StdErr);
        Assert.That(r.StdOut, Does.Contain($"{tests.Length} of {tests.Length} pass"), r.StdOut + r.StdErr);
        foreach (var test in tests)
        {
            var withIndices = test.EndsWith("_indices", StringComparison.Ordinal);
            var import = ProcessRunner.Lapis("import", Path.Combine(suite, test, "model.onnx"));
            Assert.That(import.ExitCode, Is.Zero, import.StdErr);
            var cpp = File.ReadAllText(Path.Combine(work, test, test + ".cpp"));
            if (withIndices)
            {
                Assert.That(import.StdOut, Does.Contain("linalg.generic").And.Not.Contain("linalg.pooling_nchw"), test);
                Assert.That(cpp, Does.Not.Contain("sliding window"), test);
                continue;
            }
            Assert.That(import.StdOut, Does.Contain(test.Contains("max", StringComparison.Ordinal) ? "linalg.pooling_nchw_max" : "linalg.pooling_nchw_sum"), test);
            Assert.That(cpp, Does.Contain("sliding window"), test);
            Assert.That(System.Text.RegularExpressions.Regex.Count(cpp, @"Kokkos::parallel_for\(""forward"), Is.EqualTo(1), $"{test}: one kernel (padding, fill and division fused)");
        }
    }

    /// <summary>
    /// Inputs sharing a dim_param must agree at run time: one cf.assert per later occurrence (here y's
    /// batch against x's, and the second 'n' of the square s against its first), located at the
    /// graph (line 1), naming both inputs, the dimensions and the symbol. Distinct symbols are not tied.
    /// </summary>
    [Test]
    public void InputsSharingASymbolicDimensionAreAssertedToAgree()
    {
        var path = Save("pair.onnx", 13, [Node("Add", "add", ["x", "y"], ["z"]), Node("MatMul", "mm", ["z", "s"], ["w"])],
            [Tensor("x", F32, "batch", "n"), Tensor("y", F32, "batch", "n"), Tensor("s", F32, "n", "other")], [Tensor("w", F32, "batch", "other")]);
        var r = ProcessRunner.Lapis("import", path);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        var asserts = r.StdOut.Split('\n').Where(l => l.Contains("cf.assert", StringComparison.Ordinal)).Select(l => l.Trim()[(l.Trim().IndexOf(',') + 2)..l.Trim().LastIndexOf(" loc(", StringComparison.Ordinal)]).ToArray();
        Assert.That(asserts, Is.EqualTo(new[]
        {
            "\"symbolic dimension 'batch': dimension 0 of input 'y' differs from dimension 0 of input 'x'\"",
            "\"symbolic dimension 'n': dimension 1 of input 'y' differs from dimension 1 of input 'x'\"",
            "\"symbolic dimension 'n': dimension 0 of input 's' differs from dimension 1 of input 'x'\"",
        }), r.StdOut);
        Assert.That(ProcessRunner.Lapis("import", DynamicBatchModel()).StdOut, Does.Not.Contain("cf.assert"), "one input, one symbol: nothing to check");
        // The checks hold on agreeing inputs: lapis check (Kokkos vs MLIR's JIT, which runs the asserts too).
        var check = ProcessRunner.Lapis("check", path, "--dynamic-size", "3");
        Assert.That(check.ExitCode, Is.Zero, check.StdOut + check.StdErr);
        Assert.That(check.StdOut, Does.Contain("result0    F32   3x3").And.Contain("PASS"));
    }

    [Test]
    public void TranslateWritesKokkosCodeTiedToTheModelsNodes()
    {
        var output = Path.Combine(_dir.Path, "out", "dense.cpp");
        var r = ProcessRunner.Lapis("translate", DynamicBatchModel(), "-o", output);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        var source = File.ReadAllText(output);
        Assert.That(source, Does.Contain("Kokkos::parallel_for"));
        Assert.That(source, Does.Contain("dense.onnx:"), "kernels carry the location of their ONNX node");
    }

    /// <summary>
    /// lapis import prints every op with its ONNX node (the node's place in the graph as file:node:1,
    /// fused with "ONNX node 'name' (OpType)"), nothing located in the importer's intermediate text;
    /// parsed again, an error a later stage reports on an op (a Lapis stage's TranslationException, an MLIR
    /// diagnostic such as the verifier's) names the model file, the node and its type.
    /// </summary>
    [Test]
    public void ErrorsOfLaterStagesOnAnImportedModelNameTheOnnxNode()
    {
        var mlir = Path.Combine(_dir.Path, "dense.mlir");
        var r = ProcessRunner.Lapis("import", DynamicBatchModel(), "-o", mlir);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        var text = File.ReadAllText(mlir);
        Assert.That(text, Does.Contain("\"ONNX node 'mm' (MatMul)\"").And.Contain("\"ONNX node 'sm' (Softmax)\""));
        Assert.That(text, Does.Not.Contain("loc(\"-\""), "nothing is located in the importer's intermediate text");
        Assert.That(text, Does.Not.Contain("loc(unknown)"));

        using var context = Lapis.Translator.Load.ModuleLoader.CreateContext();
        using var module = Lapis.Native.Ir.Module.ParseFile(context, mlir);
        var matmul = module.Operation.Collect(o => o.Name == "linalg.matmul").Single();
        var translation = Lapis.Translator.Load.TranslationException.At(matmul.Location, "unsupported operation 'linalg.matmul'");
        Assert.That(translation.Diagnostics.Single().ToString(), Is.EqualTo("dense.onnx:1:1: error: unsupported operation 'linalg.matmul' (ONNX node 'mm' (MatMul))"));

        // An MLIR diagnostic: the verifier's, once the matmul's lhs is the rhs (4x3 · 4x3 does not multiply).
        matmul.SetOperand(0, matmul.Operand(1));
        Assert.That(module.TryVerify(out var errors), Is.False);
        Assert.That(errors[0].ToString(), Does.StartWith("dense.onnx:1:1: error: "), string.Join("\n", errors));
        Assert.That(errors[0].Message, Does.EndWith("(ONNX node 'mm' (MatMul))"), string.Join("\n", errors));
    }

    private void AssertRejected(string path, string expected)
    {
        var output = Path.Combine(_dir.Path, "rejected.mlir");
        var r = ProcessRunner.Lapis("import", path, "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.StartWith($"{path}:").And.Contain(": error: ").And.Contain(expected));
        Assert.That(r.StdErr.Trim().Split('\n'), Has.Length.EqualTo(1), r.StdErr);
        Assert.That(File.Exists(output), Is.False, "no output on error");
        var translate = ProcessRunner.Lapis("translate", path, "-o", Path.Combine(_dir.Path, "rejected.cpp"));
        Assert.That(translate.ExitCode, Is.EqualTo(1), translate.StdErr);
        Assert.That(translate.StdErr, Does.Contain(expected));
        Assert.That(Directory.GetFiles(_dir.Path, "rejected.*"), Is.Empty);
    }

    [Test]
    public void ACorruptFileIsReportedNotCrashedOn()
    {
        var path = Path.Combine(_dir.Path, "corrupt.onnx");
        File.WriteAllBytes(path, DynamicBatchModel() is var good ? File.ReadAllBytes(good)[..40] : []);
        AssertRejected(path, "not a valid ONNX model");
    }

    [Test]
    public void AnUnknownOpNamesTheNodeItsTypeAndTheOpset()
    {
        var path = Save("unknown.onnx", 13, [Node("Relu", "first", ["x"], ["r"]), Node("FancyOp", "the_fancy_node", ["r"], ["y"])],
            [Tensor("x", F32, 2, 3)], [Tensor("y", F32, 2, 3)]);
        AssertRejected(path, "node 'the_fancy_node' (FancyOp, opset 13): unsupported operator");
        Assert.That(ProcessRunner.Lapis("import", path).StdErr, Does.StartWith($"{path}:2:1:"), "the position is the node's place in the graph");
    }

    [Test]
    public void AnUnknownAttributeIsAnErrorNotIgnored()
    {
        var path = Save("attr.onnx", 13, [Node("Relu", "act", ["x"], ["y"], new AttributeProto { Name = "slope", Type = AttributeProto.Types.AttributeType.Float, F = 2 })],
            [Tensor("x", F32, 2, 3)], [Tensor("y", F32, 2, 3)]);
        AssertRejected(path, "node 'act' (Relu, opset 13): unsupported attribute 'slope'");
    }

    [Test]
    public void AnOpsetNewerThanSeventeenIsRejected()
    {
        var path = Save("new.onnx", 18, [Node("Relu", "act", ["x"], ["y"])], [Tensor("x", F32, 2)], [Tensor("y", F32, 2)]);
        AssertRejected(path, "ONNX opset 18 is not supported (Lapis imports opsets 1 to 17)");
    }

    [Test]
    public void AShapeThatIsNotAConstantIsAnErrorNamingTheNode()
    {
        var path = Save("reshape.onnx", 13, [Node("Reshape", "rs", ["x", "shape"], ["y"])],
            [Tensor("x", F32, 2, 3), Tensor("shape", TensorProto.Types.DataType.Int64, 2)], [Tensor("y", F32, 3, 2)]);
        AssertRejected(path, "node 'rs' (Reshape, opset 13): input 1 (shape) must be a constant");
    }
    private static TensorProto Constant(string name, TensorProto.Types.DataType type, long[] dims, float[]? floats = null, long[]? ints = null)
    {
        var t = new TensorProto { Name = name, DataType = (int)type };
        t.Dims.AddRange(dims);
        if (floats is not null) t.FloatData.AddRange(floats);
        if (ints is not null) t.Int64Data.AddRange(ints);
        return t;
    }

    [Test]
    public void AVariantASupportedOpDoesNotImplementIsAnErrorNamingTheNode()
    {
        var det = Save("det.onnx", 13, [Node("Det", "det5", ["x"], ["y"])], [Tensor("x", F32, 5, 5)], [Tensor("y", F32)]);
        AssertRejected(det, "node 'det5' (Det, opset 13): unsupported Det of 5×5 matrices");
        var dropout = Save("dropout.onnx", 13, [Node("Dropout", "drop", ["x", "ratio", "training"], ["y"])], [Tensor("x", F32, 4)], [Tensor("y", F32, 4)],
            Constant("ratio", F32, [], floats: [0.5f]), new TensorProto { Name = "training", DataType = (int)TensorProto.Types.DataType.Bool, Int32Data = { 1 } });
        AssertRejected(dropout, "node 'drop' (Dropout, opset 13): unsupported training mode with a ratio that is not a constant 0");
        var gru = Save("gru.onnx", 14, [Node("GRU", "gru", ["x", "w", "r"], ["", "h"],
                new AttributeProto { Name = "hidden_size", Type = AttributeProto.Types.AttributeType.Int, I = 2 },
                new AttributeProto { Name = "activations", Type = AttributeProto.Types.AttributeType.Strings, Strings = { ByteString.CopyFromUtf8("Elu"), ByteString.CopyFromUtf8("Tanh") } })],
            [Tensor("x", F32, 1, 1, 3), Tensor("w", F32, 1, 6, 3), Tensor("r", F32, 1, 6, 2)], [Tensor("h", F32, 1, 1, 2)]);
        AssertRejected(gru, "node 'gru' (GRU, opset 14): unsupported activation 'Elu'");
    }

    [Test]
    public void TheTrainingDomainAloneImportsItsOptimizersAndNoDefaultDomainNode()
    {
        var training = ("ai.onnx.preview.training", 1);
        NodeProto Momentum(string name) => Node("Momentum", name, ["r", "t", "x", "g", "v"], ["x_new", "v_new"],
            new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = 0.9f },
            new AttributeProto { Name = "beta", Type = AttributeProto.Types.AttributeType.Float, F = 0.1f },
            new AttributeProto { Name = "mode", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("standard") },
            new AttributeProto { Name = "norm_coefficient", Type = AttributeProto.Types.AttributeType.Float, F = 0 });
        ValueInfoProto[] inputs = [Tensor("r", F32), Tensor("t", TensorProto.Types.DataType.Int64), Tensor("x", F32, 3), Tensor("g", F32, 3), Tensor("v", F32, 3)];
        var momentum = Momentum("step");
        momentum.Domain = "ai.onnx.preview.training";
        var ok = SaveWith("momentum.onnx", [training], [momentum], inputs, [Tensor("x_new", F32, 3), Tensor("v_new", F32, 3)]);
        var output = Path.Combine(_dir.Path, "momentum.mlir");
        var r = ProcessRunner.Lapis("import", ok, "-o", output);
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(File.ReadAllText(output), Does.Contain("linalg.generic"));
        var mixed = SaveWith("mixed.onnx", [training], [momentum, Node("Relu", "act", ["x_new"], ["y"])], inputs, [Tensor("y", F32, 3)]);
        AssertRejected(mixed, "node 'act' (Relu) is in the default ONNX domain, which the model imports no version of");
    }
}

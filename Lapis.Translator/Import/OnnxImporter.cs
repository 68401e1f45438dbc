using System.Text;
using Google.Protobuf;
using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Onnx;

namespace Lapis.Translator.Import;

/// <summary>Imports one node: returns its outputs (null for an output the node does not produce).</summary>
public delegate ImportedTensor?[] OpImporter(NodeContext node);

/// <summary>
/// ONNX model (protobuf) → one MLIR module in torch-mlir's linalg-on-tensors form:
/// <c>func.func @forward</c> taking the graph inputs (dim_params stay dynamic) and returning its
/// outputs; initializers become <c>arith.constant</c> weights (large ones go to the weights side
/// file downstream). Opsets 1 to 17 (each op is imported with the semantics of its version at the model's opset). Each op is located at <c>model.onnx:N:1</c>, N being the node's position in the graph.
/// </summary>
public static class OnnxImporter
{
    public const int MinOpset = 1;
    public const int MaxOpset = 17;

    private static readonly Dictionary<string, OpImporter> Ops = Build();

    /// <summary>The ops of the ai.onnx.preview.training domain.</summary>
    private static readonly Dictionary<string, OpImporter> TrainingOpsTable = BuildTraining();

    private static Dictionary<string, OpImporter> BuildTraining()
    {
        var table = new Dictionary<string, OpImporter>();
        TrainingOps.Register(table);
        return table;
    }

    private static Dictionary<string, OpImporter> Build()
    {
        var table = new Dictionary<string, OpImporter>();
        ElementwiseOps.Register(table);
        MatMulOps.Register(table);
        ConvolutionOps.Register(table);
        PoolingOps.Register(table);
        NormalizationOps.Register(table);
        ReductionOps.Register(table);
        ShapeOps.Register(table);
        ConstantOps.Register(table);
        ResizeOps.Register(table);
        IndexingOps.Register(table);
        SpaceDepthOps.Register(table);
        OneHotOp.Register(table);
        WindowOps.Register(table);
        CompressOp.Register(table);
        LrnOp.Register(table);
        QuantizationOps.Register(table);
        ScatterGatherOps.Register(table);
        EinsumOp.Register(table);
        TopKOp.Register(table);
        ReverseSequenceOp.Register(table);
        GridSampleOp.Register(table);
        RecurrentOps.Register(table);
        MaxUnpoolOp.Register(table);
        QuantizedLinearAlgebraOps.Register(table);
        DetOp.Register(table);
        DftOp.Register(table);
        TfIdfVectorizerOp.Register(table);
        RoiAlignOp.Register(table);
        return table;
    }

    public static IReadOnlyCollection<string> SupportedOps => Ops.Keys;

    public static bool IsOnnxPath(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads, imports, parses and verifies <paramref name="path"/>.</summary>
    public static Module Import(Context context, string path)
    {
        var text = ImportText(path);
        // LAPIS_IMPORT_DUMP=file: the imported text before MLIR parses it (for debugging the importer).
        if (Environment.GetEnvironmentVariable("LAPIS_IMPORT_DUMP") is { Length: > 0 } dump) File.WriteAllText(dump, text);
        if (!Module.TryParse(context, text, out var module, out var diagnostics, path))
        {
            if (Environment.GetEnvironmentVariable("LAPIS_DEBUG") == "1") Console.Error.WriteLine(text);
            throw new TranslationException(diagnostics.Prepend(new Diagnostic(Severity.Error, new SourcePosition(path, 1, 1),
                "internal error: the IR imported from this ONNX model does not parse (set LAPIS_DEBUG=1 to print it)", [])).ToArray());
        }
        if (!module!.TryVerify(out var errors))
        {
            module.Dispose();
            throw new TranslationException(errors);
        }
        AnchorTextLocations(context, module, Path.GetFileName(path));
        return module;
    }

    /// <summary>
    /// What the imported text gives no location (the module, @forward, region arguments, terminators
    /// written inline) MLIR locates in that text (<c>"-":line:col</c>), which means nothing to a user:
    /// each takes the location of the op around it (its ONNX node), the module and its arguments the
    /// model's first line.
    /// </summary>
    private static void AnchorTextLocations(Context context, Module module, string fileName)
    {
        const string textBuffer = "-";
        var model = Location.FileLineCol(context, fileName, 1, 1);
        module.Operation.Walk(op =>
        {
            if (op.Location.Position.File == textBuffer)
                op.SetLocation(op.ParentOperation.IsNull ? model : op.ParentOperation.Location);
            foreach (var region in op.Regions)
                foreach (var block in region.Blocks)
                    foreach (var argument in block.Arguments)
                        if (argument.Location.Position.File == textBuffer) argument.SetArgumentLocation(op.Location);
        }, WalkOrder.PreOrder);
    }

    public static string ImportText(string path)
    {
        if (!File.Exists(path)) throw new TranslationException(new Diagnostic(Severity.Error, default, $"cannot open input file '{path}': no such file", []));
        var fileName = Path.GetFileName(path);
        TranslationException Bad(string message) => new(new Diagnostic(Severity.Error, new SourcePosition(path, 1, 1), message, []));
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw Bad($"not a valid ONNX model: {e.Message}");
        }
        if (model.Graph is null || (model.Graph.Node.Count == 0 && model.Graph.Output.Count == 0))
            throw Bad("not a valid ONNX model: it has no graph");
        var training = model.OpsetImport.Where(o => o.Domain == TrainingOps.Domain).Select(o => (long?)o.Version).FirstOrDefault();
        if (training is not (null or 1)) throw Bad($"{TrainingOps.Domain} version {training} is not supported (Lapis imports version 1)");
        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => (long?)o.Version).FirstOrDefault()
            ?? (model.IrVersion <= 2 ? 1 : training is not null ? null : throw Bad("the model imports no version of the default ONNX operator set"
                + (model.OpsetImport.Count > 0 ? $" (unsupported operator sets: {string.Join(", ", model.OpsetImport.Select(o => $"{o.Domain} {o.Version}"))})" : "")));
        if (opset < MinOpset || opset > MaxOpset)
            throw Bad($"ONNX opset {opset} is not supported (Lapis imports opsets {MinOpset} to {MaxOpset})");
        return new GraphImport(model.Graph, (int?)opset, (int?)training, path, fileName).Run();
    }

    private sealed class GraphImport(GraphProto graph, int? opset, int? training, string path, string fileName)
    {
        private readonly Dictionary<string, ImportedTensor> values = new();
        private readonly TextualIrBuilder b = new();

        private TranslationException Bad(int line, string message) =>
            new(new Diagnostic(Severity.Error, new SourcePosition(path, line, 1), message, []));

        public string Run()
        {
            foreach (var init in graph.Initializer)
                values[init.Name] = ImportedTensor.Constant(TensorData.FromProto(init, m => Bad(1, m)));
            var arguments = new List<string>();
            var inputs = new List<(ValueInfoProto Info, ImportedTensor Tensor)>();
            foreach (var input in graph.Input)
            {
                if (values.ContainsKey(input.Name)) continue;  // IR < 4 lists initializers as inputs too
                var (element, shape) = TensorType(input, "input");
                var ssa = $"%arg{arguments.Count}";
                values[input.Name] = new ImportedTensor(element, shape, ssa);
                inputs.Add((input, values[input.Name]));
                arguments.Add($"{ssa}: {ImportedTensor.TypeText(element, shape)}");
            }
            AssertSymbolicDimensionsAgree(inputs);
            for (var n = 0; n < graph.Node.Count; n++) ImportNode(graph.Node[n], n + 1);

            b.Location = $"loc(\"{fileName}\":{graph.Node.Count + 1}:1)";
            var results = new List<ImportedTensor>();
            foreach (var output in graph.Output)
            {
                if (!values.TryGetValue(output.Name, out var t)) throw Bad(1, $"graph output '{output.Name}' is produced by no node");
                var (element, declared) = TensorType(output, "output");
                if (element != t.Element)
                    throw Bad(1, $"graph output '{output.Name}' is declared {element} but computed as {t.Element}");
                if (declared.Length > 0 && (declared.Length != t.Rank || declared.Where((d, i) => d >= 0 && t.Shape[i] >= 0 && d != t.Shape[i]).Any()))
                    throw Bad(1, $"graph output '{output.Name}' is declared {ImportedTensor.TypeText(element, declared)} but computed as {t.Type}");
                if (t.Ssa is null) t.Ssa = b.Op($"arith.constant {t.Data!.DenseAttribute()} : {t.Type}");
                results.Add(t);
            }
            var s = new StringBuilder();
            s.Append("module {\n");
            var resultTypes = string.Join(", ", results.Select(r => r.Type));
            s.Append($"  func.func @forward({string.Join(", ", arguments)}) -> ({resultTypes}) {{\n");
            s.Append(b.Text);
            s.Append($"    return {string.Join(", ", results.Select(r => r.Ssa))} : {resultTypes} {b.Location}\n");
            s.Append("  }\n}\n");
            return s.ToString();
        }

        /// <summary>
        /// Dimensions of the graph inputs that share a symbolic name (<c>dim_param</c>, e.g. <c>batch</c>
        /// on two inputs) must have one extent at run time: a <c>cf.assert</c> at function entry per
        /// later occurrence, against the first (as torch-mlir checks the dimensions it ties), so a
        /// mismatching call fails with a located message instead of reading out of bounds.
        /// </summary>
        private void AssertSymbolicDimensionsAgree(IReadOnlyList<(ValueInfoProto Info, ImportedTensor Tensor)> inputs)
        {
            b.Location = $"loc(\"{fileName}\":1:1)";
            var first = new Dictionary<string, (string Input, ImportedTensor Tensor, int Dim)>(StringComparer.Ordinal);
            foreach (var (info, tensor) in inputs)
            {
                var dims = info.Type.TensorType.Shape?.Dim;
                if (dims is null) continue;
                for (var d = 0; d < dims.Count; d++)
                {
                    if (dims[d].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam || dims[d].DimParam.Length == 0) continue;
                    var name = dims[d].DimParam;
                    if (!first.TryGetValue(name, out var f))
                    {
                        first[name] = (info.Name, tensor, d);
                        continue;
                    }
                    var equal = b.Op($"arith.cmpi eq, {b.Dim(f.Tensor, f.Dim)}, {b.Dim(tensor, d)} : index");
                    var message = $"symbolic dimension '{name}': dimension {d} of input '{info.Name}' differs from dimension {f.Dim} of input '{f.Input}'";
                    b.Line($"cf.assert {equal}, {MlirString(message)}");
                }
            }
        }

        /// <summary><c>ONNX node 'name' (OpType)</c>; a node without a name by its place in the graph.</summary>
        private static string NodeLabel(NodeProto node, int line) =>
            node.Name.Length > 0 ? $"ONNX node '{node.Name}' ({node.OpType})" : $"ONNX node {line} ({node.OpType}, unnamed)";

        /// <summary>An MLIR string literal (quotes, backslashes and control characters escaped as \XX).</summary>
        private static string MlirString(string text)
        {
            var s = new StringBuilder("\"");
            foreach (var c in Encoding.UTF8.GetBytes(text))
                s.Append(c is (byte)'"' or (byte)'\\' || c < 0x20 || c >= 0x7f ? $"\\{c:X2}" : ((char)c).ToString());
            return s.Append('"').ToString();
        }

        private (ElementType, long[]) TensorType(ValueInfoProto info, string what)
        {
            if (info.Type?.TensorType is not { } tt)
                throw Bad(1, $"graph {what} '{info.Name}' is not a tensor (sequences, maps and optionals are not supported)");
            var element = ElementType.FromOnnx(tt.ElemType)
                ?? throw Bad(1, $"graph {what} '{info.Name}' has element type {ElementType.OnnxName(tt.ElemType)}, which Lapis does not support");
            if (tt.Shape is null)
                return what == "output" ? (element, []) : throw Bad(1, $"graph input '{info.Name}' has no shape (its rank must be known)");
            return (element, tt.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1L).ToArray());
        }

        private void ImportNode(NodeProto node, int line)
        {
            // The node's place in the graph, fused with its name and type: lapis import prints both, and
            // downstream errors on the ops it became name it (Location.Label).
            b.Location = $"loc(fused[\"{fileName}\":{line}:1, {MlirString(NodeLabel(node, line))}])";
            var position = new SourcePosition(path, line, 1);
            var inputs = node.Input.Select(name => name.Length == 0 ? null
                : values.TryGetValue(name, out var v) ? v : throw Bad(line, $"node '{node.Name}' ({node.OpType}): input '{name}' is produced by no earlier node")).ToArray();
            var isTraining = node.Domain == TrainingOps.Domain && training is not null;
            var version = isTraining ? training!.Value : opset ?? 0;
            var context = new NodeContext(node, inputs, version, b, position);
            if (node.Domain is not ("" or "ai.onnx") && !isTraining)
                throw context.Unsupported($"operator domain '{node.Domain}'");
            if (!isTraining && opset is null) throw Bad(line, $"node '{node.Name}' ({node.OpType}) is in the default ONNX domain, which the model imports no version of");
            if (!(isTraining ? TrainingOpsTable : Ops).TryGetValue(node.OpType, out var import)) throw context.Unsupported("operator");
            var outputs = import(context);
            context.RejectUnreadAttributes();
            for (var i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i].Length == 0) continue;
                if (i >= outputs.Length || outputs[i] is null) throw context.Unsupported($"output {i} ('{node.Output[i]}')");
                values[node.Output[i]] = outputs[i]!;
            }
        }
    }
}

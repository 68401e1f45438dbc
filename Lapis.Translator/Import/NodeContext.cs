using System.Globalization;
using Google.Protobuf;
using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Onnx;

namespace Lapis.Translator.Import;

/// <summary>
/// What an op importer sees of one node: its inputs, attributes (every attribute must be read,
/// so an attribute the importer does not know is an error, not silently ignored), the builder,
/// and errors that name the node (name, op type, opset) at its position in the graph.
/// </summary>
public sealed class NodeContext
{
    private readonly NodeProto node;
    private readonly IReadOnlyList<ImportedTensor?> inputs;
    private readonly HashSet<string> read = new();

    internal NodeContext(NodeProto node, IReadOnlyList<ImportedTensor?> inputs, int opset, TextualIrBuilder builder, SourcePosition position)
    {
        this.node = node;
        this.inputs = inputs;
        Opset = opset;
        B = builder;
        Position = position;
    }

    public int Opset { get; }
    public TextualIrBuilder B { get; }
    public SourcePosition Position { get; }
    public string OpType => node.OpType;
    public int InputCount => inputs.Count;
    public int OutputCount => node.Output.Count;
    public bool WantsOutput(int i) => i < node.Output.Count && node.Output[i].Length > 0;

    public string Describe() => $"node '{(node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault() ?? "?")}' ({node.OpType}, opset {Opset})";

    public TranslationException Error(string message) =>
        new(new Diagnostic(Severity.Error, Position, $"{Describe()}: {message}", []));

    public TranslationException Unsupported(string what) => Error($"unsupported {what}");

    /// <summary>Input <paramref name="i"/>, or null when it is absent (omitted or named "").</summary>
    public ImportedTensor? Optional(int i) => i < inputs.Count ? inputs[i] : null;

    public ImportedTensor Input(int i) => Optional(i) ?? throw Error($"input {i} is required");

    public IEnumerable<ImportedTensor> Inputs => inputs.Where(t => t is not null)!;

    /// <summary>The input's SSA value (constants are materialized here, at function level).</summary>
    public string Use(ImportedTensor t)
    {
        if (t.Ssa is not null) return t.Ssa;
        if (t.Data is null) throw Error("an input has neither a value nor contents");
        t.Ssa = B.Op($"arith.constant {t.Data.DenseAttribute()} : {t.Type}");
        return t.Ssa;
    }

    /// <summary>An input whose contents must be known at import time (a shape, axes, pads...).</summary>
    public TensorData ConstantInput(int i, string what)
    {
        var t = Input(i);
        return t.Data ?? throw Error($"input {i} ({what}) must be a constant (an initializer or computed from constants): Lapis needs it to know the result's shape");
    }

    private AttributeProto? Attr(string name)
    {
        read.Add(name);
        return node.Attribute.FirstOrDefault(a => a.Name == name);
    }

    public bool Has(string name) => node.Attribute.Any(a => a.Name == name);

    public long Int(string name, long fallback) => Attr(name) is { } a ? a.I : fallback;
    public float Float(string name, float fallback) => Attr(name) is { } a ? a.F : fallback;
    public string String(string name, string fallback) => Attr(name) is { } a ? a.S.ToStringUtf8() : fallback;
    public long[]? Ints(string name) => Attr(name) is { } a ? a.Ints.ToArray() : null;
    public float[]? Floats(string name) => Attr(name) is { } a ? a.Floats.ToArray() : null;
    public string[]? Strings(string name) => Attr(name) is { } a ? a.Strings.Select(v => v.ToStringUtf8()).ToArray() : null;
    public TensorData? Tensor(string name) => Attr(name) is { Type: AttributeProto.Types.AttributeType.Tensor } a
        ? TensorData.FromProto(a.T, Error) : null;

    /// <summary>Fails on an attribute that no importer read (it would change the result).</summary>
    internal void RejectUnreadAttributes()
    {
        var unread = node.Attribute.FirstOrDefault(a => !read.Contains(a.Name));
        if (unread is not null) throw Unsupported($"attribute '{unread.Name}'");
    }

    public static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

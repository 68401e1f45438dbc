namespace Lapis.Translator.Import;

/// <summary>
/// HannWindow, HammingWindow, BlackmanWindow (opset 17) → constants: the size must be known at
/// import time, and then the whole window is (ONNX's cosine-sum definitions, periodic or symmetric).
/// </summary>
public static class WindowOps
{
    public static void Register(Dictionary<string, OpImporter> t)
    {
        Window(t, "HannWindow", [0.5, -0.5]);
        Window(t, "HammingWindow", [25.0 / 46, -(1 - 25.0 / 46)]);
        Window(t, "BlackmanWindow", [0.42, -0.5, 0.08]);
    }

    /// <summary>w[k] = Σ_m a[m]·cos(2π·m·k / N), N = size when periodic, size - 1 when symmetric.</summary>
    private static void Window(Dictionary<string, OpImporter> t, string op, double[] a) => t[op] = n =>
    {
        var size = n.ConstantInput(0, "size").GetInt(0);
        if (size < 0) throw n.Error($"size must not be negative, not {size}");
        var periodic = n.Int("periodic", 1) != 0;
        var code = (int)n.Int("output_datatype", (long)Onnx.TensorProto.Types.DataType.Float);
        var element = ElementType.FromOnnx(code) ?? throw n.Unsupported($"output_datatype {ElementType.OnnxName(code)}");
        var period = periodic ? size : size - 1;
        var w = Enumerable.Range(0, (int)size).Select(k =>
            a.Select((c, m) => period == 0 ? c : c * Math.Cos(2 * Math.PI * m * k / period)).Sum()).ToArray();
        return [ImportedTensor.Constant(TensorData.FromDoubles(element, [size], w))];
    };
}

using System.Globalization;
using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Translator.Check;

/// <summary>Reads an argument for `lapis check --arg`: a text file with one value per line, row-major.</summary>
public static class ValueFile
{
    public static byte[] Read(string path, ArgSpec spec)
    {
        if (!File.Exists(path)) throw Error($"--arg {spec.Name}: cannot open '{path}'");
        var values = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (values.Length != spec.ElementCount)
            throw Error($"--arg {spec.Name}: '{path}' holds {values.Length} values, {spec.ShapeText} needs {spec.ElementCount}");
        var bytes = new byte[spec.ElementCount * spec.Kind.Size()];
        for (var i = 0; i < values.Length; i++)
        {
            var slot = bytes.AsSpan(i * spec.Kind.Size());
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw Error($"--arg {spec.Name}: '{path}' line {i + 1}: '{values[i]}' is not a number");
            switch (spec.Kind)
            {
                case ElementKind.F32: BitConverter.TryWriteBytes(slot, (float)v); break;
                case ElementKind.F64: BitConverter.TryWriteBytes(slot, v); break;
                case ElementKind.I32: BitConverter.TryWriteBytes(slot, (int)v); break;
                case ElementKind.I64 or ElementKind.Index: BitConverter.TryWriteBytes(slot, (long)v); break;
                case ElementKind.I16: BitConverter.TryWriteBytes(slot, (short)v); break;
                default: slot[0] = (byte)(sbyte)v; break;
            }
        }
        return bytes;
    }

    private static TranslationException Error(string message) => new(new Diagnostic(Severity.Error, default, message, []));
}

using System.CommandLine;
using Lapis.Translator.Load;

namespace Lapis.Translator.Cli;

/// <summary><c>lapis import</c>: an ONNX model in, the linalg-on-tensors MLIR that translate starts from out.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Input .onnx model" };
        var output = new Option<string>("--output", "-o") { Description = "Output .mlir file ('-': stdout)", DefaultValueFactory = _ => "-" };
        var command = new Command("import", "Import an ONNX model as MLIR (linalg on tensors, verified).") { input, output };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var path = parse.GetValue(input)!;
            if (!Import.OnnxImporter.IsOnnxPath(path))
                throw new TranslationException(new Native.Ir.Diagnostic(Native.Ir.Severity.Error, default, $"'{path}' is not an ONNX model (expected a .onnx file)", []));
            using var context = ModuleLoader.CreateContext();
            using var module = ModuleLoader.Load(context, path);
            // With locations: each op keeps its ONNX node (file:node:1 and the node's name), so errors of
            // later stages on this file point at the model, not at the printed MLIR.
            AtomicFile.Write(parse.GetValue(output)!, module.Operation.Print(debugInfo: true) + "\n");
        }));
        return command;
    }
}

using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Translator.Cli;

/// <summary>Runs a command body and turns failures into compiler-style diagnostics and exit code 1.</summary>
public static class CommandRunner
{
    public static int Run(Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (TranslationException e)
        {
            Report(e.Diagnostics);
            return 1;
        }
        catch (MlirException e)
        {
            Report(e.Diagnostics.Count > 0 ? e.Diagnostics : [new Diagnostic(Severity.Error, default, e.Message, [])]);
            return 1;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"lapis: error: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"lapis: error: {e.Message}");
            return 1;
        }
    }

    public static void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
            Console.Error.WriteLine(d.Position.IsKnown ? d.ToString() : $"lapis: {d}");
    }
}

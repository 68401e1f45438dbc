using System.Diagnostics;
using System.Text;

namespace Lapis.BindingGenerator;

/// <summary>Runs <c>clang -Xclang -ast-dump=json -fsyntax-only</c> on a translation unit that includes every configured header.</summary>
public static class ClangRunner
{
    /// <summary>
    /// The C translation unit: one <c>#include</c> per header, in order; a header whose include guard
    /// is shared with another configured header gets that guard #undef'd first (see <see cref="IncludeGuards"/>).
    /// </summary>
    public static string BuildTranslationUnit(IEnumerable<string> headers, IReadOnlyDictionary<string, string> sharedGuards)
    {
        var text = new StringBuilder();
        foreach (var header in headers)
        {
            if (sharedGuards.TryGetValue(header, out var guard))
                text.Append("#undef ").Append(guard).Append('\n');
            text.Append("#include \"").Append(header).Append("\"\n");
        }
        return text.ToString();
    }

    /// <summary>Returns the JSON AST dump (UTF-8). Throws with clang's diagnostics if it reports any error.</summary>
    public static byte[] DumpAst(GeneratorOptions options, string translationUnit)
    {
        var start = new ProcessStartInfo(options.Clang)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-x", "c", "-std=c17", "-fsyntax-only", "-Xclang", "-ast-dump=json" })
            start.ArgumentList.Add(argument);
        foreach (var includeDirectory in options.IncludeDirectories)
            start.ArgumentList.Add("-I" + includeDirectory);
        start.ArgumentList.Add("-");

        using var process = Process.Start(start)
            ?? throw new GeneratorException($"Could not start '{options.Clang}'.");
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var readErr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(translationUnit);
        process.StandardInput.Close();
        copyOut.Wait();
        var diagnostics = readErr.Result;
        process.WaitForExit();

        if (process.ExitCode != 0 || diagnostics.Contains("error:", StringComparison.Ordinal))
            throw new GeneratorException($"'{options.Clang}' failed (exit code {process.ExitCode}):\n{diagnostics}");
        return stdout.ToArray();
    }
}

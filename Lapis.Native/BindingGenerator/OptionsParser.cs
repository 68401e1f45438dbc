namespace Lapis.BindingGenerator;

/// <summary>
/// Parses ClangSharp/LLVMSharp-style arguments: <c>--option value value ...</c>, where
/// <c>@path.rsp</c> expands to the non-empty, non-<c>#</c> lines of that file, one token per line.
/// Relative paths coming from a response file resolve against the response file's directory;
/// relative paths given directly on the command line resolve against the working directory.
/// </summary>
public static class OptionsParser
{
    private readonly record struct Token(string Text, string BaseDirectory);

    public static GeneratorOptions FromResponseFile(string path) => Parse(["@" + path], Directory.GetCurrentDirectory());

    public static GeneratorOptions Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        var tokens = new List<Token>();
        foreach (var arg in args)
            Expand(arg, workingDirectory, tokens, depth: 0);

        var options = new GeneratorOptions();
        string? option = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            if (token.Text.StartsWith('-'))
            {
                option = Canonical(token.Text);
                seen.Add(option);
                continue;
            }
            if (option is null)
                throw new GeneratorException($"Value '{token.Text}' is not preceded by an option.");
            Apply(options, option, token);
        }

        if (options.Files.Count == 0) throw new GeneratorException("No --file given.");
        if (options.IncludeDirectories.Count == 0) throw new GeneratorException("No --include-directory given.");
        if (!seen.Contains("--output")) throw new GeneratorException("No --output given.");
        return options;
    }

    private static void Expand(string arg, string baseDirectory, List<Token> tokens, int depth)
    {
        if (!arg.StartsWith('@'))
        {
            tokens.Add(new Token(arg, baseDirectory));
            return;
        }
        if (depth > 8) throw new GeneratorException($"Response files nested too deeply at '{arg}'.");
        var path = Path.GetFullPath(arg[1..], baseDirectory);
        if (!File.Exists(path)) throw new GeneratorException($"Response file not found: {path}");
        var rspDirectory = Path.GetDirectoryName(path)!;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            Expand(line, rspDirectory, tokens, depth + 1);
        }
    }

    private static string Canonical(string option) => option switch
    {
        "-f" or "--file" => "--file",
        "-I" or "--include-directory" => "--include-directory",
        "-o" or "--output" => "--output",
        "-n" or "--namespace" => "--namespace",
        "-l" or "--libraryPath" => "--libraryPath",
        "-m" or "--methodClassName" => "--methodClassName",
        "-e" or "--exclude" => "--exclude",
        "--clang" => "--clang",
        "--source-label" => "--source-label",
        _ => throw new GeneratorException($"Unknown option '{option}'."),
    };

    private static void Apply(GeneratorOptions options, string option, Token token)
    {
        var value = token.Text;
        switch (option)
        {
            case "--file": options.Files.Add(value.Replace('\\', '/')); break;
            case "--include-directory": options.IncludeDirectories.Add(Path.GetFullPath(value, token.BaseDirectory)); break;
            case "--output": options.OutputDirectory = Path.GetFullPath(value, token.BaseDirectory); break;
            case "--namespace": options.Namespace = value; break;
            case "--libraryPath": options.LibraryPath = value; break;
            case "--methodClassName": options.MethodClassName = value; break;
            case "--exclude": options.Excludes.Add(value); break;
            case "--clang":
                options.Clang = value.Contains('/') ? Path.GetFullPath(value, token.BaseDirectory) : value;
                break;
            case "--source-label": options.SourceLabel = value; break;
        }
    }
}

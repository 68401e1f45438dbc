using Lapis.BindingGenerator;

// Usage: dotnet run --project Lapis.Native/BindingGenerator -- @Lapis.Native/BindingGenerator/mlir-c.rsp
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Lapis.BindingGenerator @options.rsp | --file <pattern>... --include-directory <dir> --output <dir> [...]");
    return 2;
}

try
{
    var options = OptionsParser.Parse(args, Directory.GetCurrentDirectory());
    var result = Generator.Run(options);
    foreach (var warning in result.Warnings)
        Console.Error.WriteLine("warning: " + warning);
    Console.WriteLine($"Wrote {result.Files.Count} files to {options.OutputDirectory}");
    Console.WriteLine($"  {result.Functions} functions, {result.Structs} structs, {result.Enums} enums; " +
                      $"skipped {result.SkippedInlineFunctions.Count} static inline functions");
    Console.WriteLine($"  clang {result.ClangTime.TotalSeconds:F2} s, total {result.TotalTime.TotalSeconds:F2} s");
    return 0;
}
catch (GeneratorException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}

namespace Lapis.BindingGenerator;

/// <summary>
/// Everything one generation run needs. Usually read from a response file
/// (see <see cref="OptionsParser"/>); relative paths are already resolved to absolute ones.
/// </summary>
public sealed class GeneratorOptions
{
    /// <summary>Header patterns relative to an include directory, e.g. <c>mlir-c/Dialect/*.h</c>.</summary>
    public List<string> Files { get; } = [];

    /// <summary>Absolute include directories passed to clang with <c>-I</c>; also the roots the header patterns expand against.</summary>
    public List<string> IncludeDirectories { get; } = [];

    /// <summary>Directory the <c>*.g.cs</c> files are written to (stale <c>*.g.cs</c> files there are removed).</summary>
    public string OutputDirectory { get; set; } = "";

    public string Namespace { get; set; } = "Lapis.Native.Interop";

    /// <summary>Library name used in <c>[LibraryImport("...")]</c>.</summary>
    public string LibraryPath { get; set; } = "LapisMlirCApi";

    /// <summary>The static partial class that holds every imported function.</summary>
    public string MethodClassName { get; set; } = "Mlir";

    /// <summary>C names (functions, structs, enums) that are deliberately not emitted.</summary>
    public HashSet<string> Excludes { get; } = new(StringComparer.Ordinal);

    /// <summary>Clang executable (name on PATH or absolute path).</summary>
    public string Clang { get; set; } = "clang-22";

    /// <summary>Version label written into every file header, e.g. "LLVM 22".</summary>
    public string SourceLabel { get; set; } = "LLVM 22";
}

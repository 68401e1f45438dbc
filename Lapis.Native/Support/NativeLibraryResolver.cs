using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapis.Native.Support;

/// <summary>
/// Finds libLapisMlirCApi.so: next to this assembly (where the build copies it), then
/// $LAPIS_NATIVE_LIB, then the repository's artifacts/native folder during development.
/// </summary>
internal static class NativeLibraryResolver
{
    internal const string LibraryName = "LapisMlirCApi";
    private const string FileName = "libLapisMlirCApi.so";

    [ModuleInitializer]
    internal static void Install() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        foreach (var candidate in Candidates())
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        throw new DllNotFoundException(
            $"{FileName} not found (looked in: {string.Join(", ", Candidates())}). Run 'dotnet pwsh ./build.ps1 build', or set LAPIS_NATIVE_LIB.");
    }

    private static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable("LAPIS_NATIVE_LIB");
        if (!string.IsNullOrEmpty(env)) yield return env;
        yield return Path.Combine(AppContext.BaseDirectory, FileName);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        for (; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lapis.sln")))
            {
                yield return Path.Combine(dir.FullName, "artifacts", "native", FileName);
                yield break;
            }
    }
}

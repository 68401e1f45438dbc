using System.Runtime.InteropServices;

namespace Lapis.Native.Support;

/// <summary>What a file-system path names (stat(2) through the shim's <c>lapis_path_kind</c>).</summary>
public enum PathKind { Missing = 0, Regular = 1, Directory = 2, SymbolicLink = 3, Special = 4 }

public static partial class PathKinds
{
    /// <summary>The kind of <paramref name="path"/>, following symbolic links.</summary>
    public static PathKind Of(string path) => (PathKind)lapis_path_kind(path, 1);

    /// <summary>Whether both paths exist and name the same file (device and inode, links followed): hard links included.</summary>
    public static bool SameFile(string a, string b) => lapis_same_file(a, b) == 1;

    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lapis_path_kind(string path, int follow);

    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lapis_same_file(string a, string b);
}

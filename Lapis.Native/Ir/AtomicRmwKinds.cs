using System.Runtime.InteropServices;
using Lapis.Native.Support;

namespace Lapis.Native.Ir;

/// <summary>
/// <c>arith::AtomicRMWKind</c>, the integer <c>kind</c> attribute of <c>memref.atomic_rmw</c>, by
/// name and back, through MLIR's own generated enum functions (the shim's
/// <c>lapis_atomic_rmw_kind_name</c>/<c>_value</c>): no copy of the enum's order lives in C#.
/// </summary>
public static partial class AtomicRmwKinds
{
    /// <summary>The kind's name ("addf", "maxs"...), or null when <paramref name="value"/> is no kind.</summary>
    public static string? Name(long value) => Marshal.PtrToStringUTF8(lapis_atomic_rmw_kind_name(value));

    /// <summary>The integer of the kind named <paramref name="name"/>; throws for a name that is no kind.</summary>
    public static long Value(string name) =>
        lapis_atomic_rmw_kind_value(name) is var v and >= 0 ? v : throw new ArgumentException($"'{name}' is no arith::AtomicRMWKind", nameof(name));

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    private static partial IntPtr lapis_atomic_rmw_kind_name(long value);

    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    private static partial long lapis_atomic_rmw_kind_value(string name);
}

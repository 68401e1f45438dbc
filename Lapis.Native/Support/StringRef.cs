using System.Runtime.InteropServices;
using System.Text;
using Lapis.Native.Interop;

namespace Lapis.Native.Support;

/// <summary>UTF-8 conversions between .NET strings and MlirStringRef.</summary>
internal static unsafe class StringRef
{
    /// <summary>Reads an MlirStringRef (not necessarily NUL-terminated).</summary>
    public static string ToManaged(MlirStringRef s) =>
        s.data == null ? string.Empty : Encoding.UTF8.GetString((byte*)s.data, checked((int)s.length));

    /// <summary>Calls <paramref name="body"/> with a StringRef over a pinned, NUL-terminated UTF-8 copy of <paramref name="s"/>.</summary>
    public static T With<T>(string s, Func<MlirStringRef, T> body)
    {
        var bytes = Utf8Z(s);
        fixed (byte* p = bytes)
            return body(new MlirStringRef { data = (sbyte*)p, length = (nuint)(bytes.Length - 1) });
    }

    public static void With(string s, Action<MlirStringRef> body) =>
        With(s, r => { body(r); return 0; });

    public static byte[] Utf8Z(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}

/// <summary>
/// Collects the bytes that an MLIR print function streams through an MlirStringCallback.
/// </summary>
internal sealed unsafe class StringSink
{
    private readonly MemoryStream _bytes = new();

    public delegate void PrintFunction(delegate* unmanaged[Cdecl]<MlirStringRef, void*, void> callback, void* userData);

    /// <summary>Usage: <c>StringSink.Collect((cb, ud) => Mlir.mlirOperationPrint(op, cb, ud))</c>.</summary>
    public static string Collect(PrintFunction print)
    {
        var sink = new StringSink();
        var handle = GCHandle.Alloc(sink);
        try { print(&Append, (void*)GCHandle.ToIntPtr(handle)); }
        finally { handle.Free(); }
        return Encoding.UTF8.GetString(sink._bytes.GetBuffer(), 0, (int)sink._bytes.Length);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Append(MlirStringRef chunk, void* userData)
    {
        var sink = (StringSink)GCHandle.FromIntPtr((IntPtr)userData).Target!;
        sink._bytes.Write(new ReadOnlySpan<byte>(chunk.data, checked((int)chunk.length)));
    }
}

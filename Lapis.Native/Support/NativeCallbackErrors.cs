using System.Runtime.ExceptionServices;

namespace Lapis.Native.Support;

/// <summary>
/// An exception inside a C# callback called from native code must not unwind through MLIR.
/// The callback records it here and returns a failure; the managed caller rethrows it after
/// the native call returns.
/// </summary>
internal static class NativeCallbackErrors
{
    [ThreadStatic] private static ExceptionDispatchInfo? _pending;

    public static void Record(Exception e) => _pending ??= ExceptionDispatchInfo.Capture(e);

    public static void ThrowPending()
    {
        var pending = _pending;
        _pending = null;
        pending?.Throw();
    }
}

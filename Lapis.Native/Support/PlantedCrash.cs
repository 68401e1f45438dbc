using System.Runtime.InteropServices;

namespace Lapis.Native.Support;

/// <summary>
/// Test-only: a real native crash (SIGSEGV raised in the shim), so that the crash-containment
/// tests exercise the path a crash in upstream MLIR takes. Triggered only by the
/// <c>LAPIS_TEST_CRASH_IN</c> environment variable (see the CLI's WorkerStage).
/// </summary>
public static partial class PlantedCrash
{
    public static void Now() => lapis_test_crash();

    /// <summary>Registers <c>lapis-test-crash</c>, a native pass that dereferences null (a crash inside the pass pipeline).</summary>
    public static void RegisterTestPass() => lapis_register_test_crash_pass();

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    private static partial void lapis_test_crash();

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    private static partial void lapis_register_test_crash_pass();
}

// Usage: MlpClient <path/to/libmlp_kernels.so> <inputs.txt>
// Reads a batch of 8-feature samples (one value per line, row-major), runs the generated MLP
// through its C ABI and prints the 4 outputs of every sample, one value per line.
using System.Globalization;
using System.Runtime.InteropServices;

unsafe
{
    if (args.Length != 2)
    {
        Console.Error.WriteLine("usage: MlpClient <libmlp_kernels.so> <inputs.txt>");
        return 2;
    }
    var library = NativeLibrary.Load(args[0]);
    var initialize = (delegate* unmanaged<sbyte*, int>)NativeLibrary.GetExport(library, "mlp_initialize");
    var forward = (delegate* unmanaged<float*, long*, float**, long*, int>)NativeLibrary.GetExport(library, "mlp_forward");
    var free = (delegate* unmanaged<void*, void>)NativeLibrary.GetExport(library, "mlp_free");
    var finalize = (delegate* unmanaged<void>)NativeLibrary.GetExport(library, "mlp_finalize");
    // The message of a failed entry (it returned 1: a C++ exception, e.g. a shape check, was caught).
    var lastError = (delegate* unmanaged<sbyte*>)NativeLibrary.GetExport(library, "mlp_last_error");
    int Fail(string entry)
    {
        Console.Error.WriteLine($"{entry}: {Marshal.PtrToStringUTF8((nint)lastError())}");
        return 1;
    }

    var inputs = File.ReadLines(args[1]).Where(l => l.Trim().Length > 0).Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();
    long[] extents = [inputs.Length / 8, 8];
    long[] resultExtents = new long[2];
    float* result = null;

    if (initialize(null) != 0) return Fail("mlp_initialize");  // also initializes Kokkos; the MLP's weights are inline
    fixed (float* x = inputs)
    fixed (long* e = extents)
    fixed (long* re = resultExtents)
    {
        if (forward(x, e, &result, re) != 0) return Fail("mlp_forward");
    }
    for (long i = 0; i < resultExtents[0] * resultExtents[1]; i++)
        Console.WriteLine(result[i].ToString("R", CultureInfo.InvariantCulture));
    free(result);
    finalize();
    return 0;
}

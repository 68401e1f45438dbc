using System.Reflection;
using Lapis.Native.Ir;

namespace Lapis.Translator.Dialect;

/// <summary>Loads the IRDL definition of the kokkos dialect (kokkos.irdl.mlir, embedded) into a context.</summary>
public static class KokkosDialect
{
    public const string ResourceName = "kokkos.irdl.mlir";

    public static string Source
    {
        get
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>
    /// Loads kokkos and the dialects its regions use (gpu.yield terminates every kokkos region: IRDL
    /// ops cannot be terminators), and vector, whose ops lapis-scalarize-vector-elementwise creates
    /// in modules that may have none (dialects cannot be loaded while passes run).
    /// </summary>
    public static void Load(Context context)
    {
        context.LoadIrdlDialects(Source, ResourceName);
        context.LoadDialect("gpu");
        context.LoadDialect("vector");
    }
}

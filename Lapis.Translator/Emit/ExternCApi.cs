using System.Text;
using Lapis.Native.Ir;
using Lapis.Translator.Emit.Printers;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit;

/// <summary>
/// The <c>extern "C"</c> layer: one entry per public function, for other languages (C, Fortran,
/// C#/P/Invoke, Python ctypes). A stable ABI of host pointers and extents:
/// <code>int ns_fn(T0* arg0, const int64_t* arg0_extents, float scalar1, T* * result0, int64_t* result0_extents)</code>
/// Memref arguments are row-major host arrays (copied to the device, and back when the function
/// writes them; free where host and device share memory); each memref result is returned in a buffer from std::malloc that
/// the caller releases with <c>ns_free</c>; scalar results are written through a pointer. The
/// return value is 0 on success, 1 if a C++ exception was caught (its text goes to stderr).
/// </summary>
internal static class ExternCApi
{
    public sealed record Parts(string Declarations, string Definitions);

    public static Parts For(EmitContext context, string ns, IReadOnlyList<(Operation Func, string CppName)> functions)
    {
        var prefix = ns.Replace("::", "_");
        var decl = new StringBuilder();
        var def = new StringBuilder();
        decl.Append("extern \"C\" {\n");
        decl.Append("// C ABI (host pointers, row-major; memref results are malloc'd: release them with ").Append(prefix).Append("_free).\n");
        decl.Append($"// Each entry returns 0 on success. {prefix}_initialize(NULL or the weights file) initializes Kokkos first if the\n");
        decl.Append($"// program has not (and {prefix}_finalize then finalizes it), so other languages need nothing else.\n");
        decl.Append($"int {prefix}_initialize(const char* weights_path);\nvoid {prefix}_finalize(void);\nvoid {prefix}_free(void* buffer);\n");
        def.Append("extern \"C\" {\n\n");
        def.Append($"static bool {prefix}_owns_kokkos = false;\n\n");
        def.Append($"int {prefix}_initialize(const char* weights_path) {{\n  try {{\n");
        def.Append($"    if (!Kokkos::is_initialized()) {{\n      Kokkos::initialize();\n      {prefix}_owns_kokkos = true;\n    }}\n");
        def.Append($"    {ns}::initialize(weights_path);\n    return 0;\n  }} catch (const std::exception& e) {{\n    std::fprintf(stderr, \"{prefix}_initialize: %s\\n\", e.what());\n    return 1;\n  }}\n}}\n\n");
        def.Append($"void {prefix}_finalize(void) {{\n  {ns}::finalize();\n  if ({prefix}_owns_kokkos) {{\n    Kokkos::finalize();\n    {prefix}_owns_kokkos = false;\n  }}\n}}\n\n");
        def.Append($"void {prefix}_free(void* buffer) {{ std::free(buffer); }}\n");
        foreach (var (func, name) in functions)
        {
            var (prototype, body) = Entry(context, ns, prefix, func, name);
            decl.Append(prototype).Append(";\n");
            def.Append('\n').Append(prototype).Append(" {\n").Append(body).Append("}\n");
        }
        decl.Append("}  // extern \"C\"\n");
        def.Append("\n}  // extern \"C\"\n");
        return new Parts(decl.ToString(), def.ToString());
    }

    private static (string Prototype, string Body) Entry(EmitContext context, string ns, string prefix, Operation func, string name)
    {
        var fnType = FuncPrinters.FunctionType(func);
        var at = func.Location;
        // Outside the namespace: the bf16 alias needs its namespace.
        string Scalar(Type t) => context.Types.Scalar(t, at) is var s && s == CppTypes.BFloat16 ? $"{ns}::{s}" : s;
        var written = FuncPrinters.WrittenArguments(func);
        var parameters = new List<string>();
        var setup = new StringBuilder();
        var callArgs = new List<string>();
        var writeBack = new StringBuilder();
        for (var i = 0; i < fnType.FunctionInputCount; i++)
        {
            var t = fnType.FunctionInput(i);
            if (!t.IsMemRef)
            {
                parameters.Add($"{Scalar(t)} arg{i}");
                callArgs.Add($"arg{i}");
                continue;
            }
            var element = Scalar(t.ElementType);
            parameters.Add($"{element}* arg{i}");
            parameters.Add($"const int64_t* arg{i}_extents");
            setup.Append($"    {HostView(element, t.Rank)} arg{i}_host(arg{i}{Extents($"arg{i}_extents", t.Rank)});\n");
            setup.Append($"    auto arg{i}_device = Kokkos::create_mirror_view_and_copy(Kokkos::DefaultExecutionSpace::memory_space(), arg{i}_host);\n");
            callArgs.Add($"arg{i}_device");
            if (written.Contains(i)) writeBack.Append($"    Kokkos::deep_copy(arg{i}_host, arg{i}_device);\n");
        }
        var results = Enumerable.Range(0, fnType.FunctionResultCount).Select(fnType.FunctionResult).ToArray();
        var output = new StringBuilder();
        for (var k = 0; k < results.Length; k++)
        {
            var t = results[k];
            var value = results.Length == 1 ? "result" : $"std::get<{k}>(result)";
            if (!t.IsMemRef)
            {
                parameters.Add($"{Scalar(t)}* result{k}");
                output.Append($"    *result{k} = {value};\n");
                continue;
            }
            var element = Scalar(t.ElementType);
            parameters.Add($"{element}** result{k}");
            parameters.Add($"int64_t* result{k}_extents");
            output.Append("    {\n");
            output.Append($"      auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), {value});\n");
            for (var d = 0; d < t.Rank; d++) output.Append($"      result{k}_extents[{d}] = static_cast<int64_t>(host.extent({d}));\n");
            output.Append($"      *result{k} = static_cast<{element}*>(std::malloc(sizeof({element}) * (host.size() > 0 ? host.size() : 1)));\n");
            output.Append($"      {HostView(element, t.Rank)} out(*result{k}{string.Concat(Enumerable.Range(0, t.Rank).Select(d => $", host.extent({d})"))});\n");
            output.Append("      Kokkos::deep_copy(out, host);\n");
            output.Append("    }\n");
        }
        var call = $"{ns}::{name}({string.Join(", ", callArgs)})";
        var comment = context.LocationComment(func.Location);
        var prototype = (comment is null ? "" : comment + "\n") + $"int {prefix}_{name}({(parameters.Count == 0 ? "void" : string.Join(", ", parameters))})";
        var body = new StringBuilder();
        body.Append("  try {\n").Append(setup);
        body.Append(results.Length == 0 ? $"    {call};\n" : $"    auto result = {call};\n");
        body.Append(writeBack).Append(output);
        body.Append("    return 0;\n");
        body.Append("  } catch (const std::exception& e) {\n");
        body.Append($"    std::fprintf(stderr, \"{prefix}_{name}: %s\\n\", e.what());\n    return 1;\n  }}\n");
        return (prototype, body.ToString());
    }

    private static string HostView(string element, int rank) =>
        $"Kokkos::View<{element}{new string('*', rank)}, Kokkos::LayoutRight, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>";

    private static string Extents(string array, int rank) =>
        string.Concat(Enumerable.Range(0, rank).Select(d => $", {array}[{d}]"));
}

using System.Text;
using Lapis.Native.Ir;
using Lapis.Translator.Emit.Printers;
using Lapis.Translator.Sparse;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit;

/// <summary>
/// The <c>extern "C"</c> layer: one entry per public function, for other languages (C, Fortran,
/// C#/P/Invoke, Python ctypes). A stable ABI of host pointers and extents:
/// <code>int ns_fn(T0* arg0, const int64_t* arg0_extents, float scalar1, T* * result0, int64_t* result0_extents)</code>
/// Memref arguments are row-major host arrays (copied to the device, and back when the function
/// writes them; free where host and device share memory); each memref result is returned in a buffer from std::malloc that
/// the caller releases with <c>ns_free</c>; scalar results are written through a pointer. The
/// return value is 0 on success, 1 if a C++ exception was caught (a host <c>cf.assert</c> that
/// failed, such as torch-mlir's check that dynamic dimensions agree, or a failed allocation):
/// <c>ns_last_error()</c> then returns its message (per thread, kept until the next failure), so
/// the caller's process goes on and its next call works.
/// A sparse tensor (see <see cref="SparseApi"/>) is a pointer and a length per storage buffer
/// plus its level sizes, as an argument and as a result.
/// </summary>
internal static class ExternCApi
{
    public sealed record Parts(string Declarations, string Definitions);

    /// <summary>The entries of the layer itself, <c>ns_&lt;name&gt;</c>: no public function may take these names.</summary>
    public static readonly IReadOnlySet<string> OwnEntries = new HashSet<string>(StringComparer.Ordinal) { "initialize", "finalize", "free", "last_error" };

    public static Parts For(EmitContext context, string ns, IReadOnlyList<(Operation Func, string CppName)> functions)
    {
        var prefix = ns.Replace("::", "_");
        RejectCollisions(prefix, functions);
        // File-scope variables of this layer: prefix_<name> must not be the entry of a function.
        var ownsKokkos = $"{prefix}_{context.ModuleNames.Claim("owns_kokkos")}";
        var error = $"{prefix}_{context.ModuleNames.Claim("error")}";
        var decl = new StringBuilder();
        var def = new StringBuilder();
        decl.Append("extern \"C\" {\n");
        decl.Append("// C ABI (host pointers, row-major; memref results are malloc'd: release them with ").Append(prefix).Append("_free).\n");
        decl.Append($"// Each entry returns 0 on success. {prefix}_initialize(NULL or the weights file) initializes Kokkos first if the\n");
        decl.Append($"// program has not (and {prefix}_finalize then finalizes it), so other languages need nothing else.\n");
        decl.Append($"// An entry that fails (a C++ exception, e.g. a shape check) returns 1 and {prefix}_last_error() gives its message.\n");
        decl.Append($"int {prefix}_initialize(const char* weights_path);\nvoid {prefix}_finalize(void);\nvoid {prefix}_free(void* buffer);\n");
        decl.Append($"const char* {prefix}_last_error(void);\n");
        def.Append("extern \"C\" {\n\n");
        def.Append($"static bool {ownsKokkos} = false;\n");
        def.Append($"static thread_local std::string {error};\n\n");
        def.Append($"int {prefix}_initialize(const char* weights_path) {{\n  try {{\n");
        def.Append($"    if (!Kokkos::is_initialized()) {{\n      Kokkos::initialize();\n      {ownsKokkos} = true;\n    }}\n");
        def.Append($"    {ns}::initialize(weights_path);\n    return 0;\n").Append(Catch(error)).Append("}\n\n");
        def.Append($"void {prefix}_finalize(void) {{\n  {ns}::finalize();\n  if ({ownsKokkos}) {{\n    Kokkos::finalize();\n    {ownsKokkos} = false;\n  }}\n}}\n\n");
        def.Append($"void {prefix}_free(void* buffer) {{ std::free(buffer); }}\n\n");
        def.Append($"const char* {prefix}_last_error(void) {{ return {error}.c_str(); }}\n");
        foreach (var (func, name) in functions)
        {
            var (prototype, body) = Entry(context, ns, prefix, error, func, name);
            decl.Append(prototype).Append(";\n");
            def.Append('\n').Append(prototype).Append(" {\n").Append(body).Append("}\n");
        }
        decl.Append("}  // extern \"C\"\n");
        def.Append("\n}  // extern \"C\"\n");
        return new Parts(decl.ToString(), def.ToString());
    }

    /// <summary>
    /// A public function <c>@free</c> (or <c>@initialize</c>, <c>@finalize</c>, <c>@last_error</c>) would be
    /// <c>ns_free</c> next to the layer's own entry, or, renamed in C++ (<c>free_</c>), an entry nobody
    /// finds under the function's name (the Python package looks entries up by it): a located error naming
    /// the function, which the user fixes by renaming it or making it private.
    /// </summary>
    private static void RejectCollisions(string prefix, IReadOnlyList<(Operation Func, string CppName)> functions)
    {
        foreach (var (func, name) in functions)
        {
            var symbol = FuncPrinters.SymbolName(func);
            var taken = OwnEntries.Contains(symbol) ? symbol : OwnEntries.Contains(name) ? name : null;
            if (taken is null) continue;
            throw Load.TranslationException.At(func.Location,
                $"public function '@{symbol}' collides with the extern \"C\" entry {prefix}_{taken} that Lapis generates for every module " +
                $"({string.Join(", ", OwnEntries.Select(e => $"{prefix}_{e}"))}): rename the function or make it private");
        }
    }

    private static (string Prototype, string Body) Entry(EmitContext context, string ns, string prefix, string error, Operation func, string name)
    {
        var fnType = FuncPrinters.FunctionType(func);
        var original = FuncOps.SparseSignature(func) ?? fnType;
        var at = func.Location;
        // Outside the namespace: the bf16 alias needs its namespace.
        string Scalar(Type t) => context.Types.Scalar(t, at) is var s && s == CppTypes.BFloat16 ? $"{ns}::{s}" : s;
        var (inputs, outputs) = SparseStorageLayout.GroupSignature(original, fnType, at);
        var written = FuncPrinters.WrittenArguments(func);
        var parameters = new List<string>();
        var setup = new StringBuilder();
        var callArgs = new List<string>();
        var writeBack = new StringBuilder();
        for (var i = 0; i < inputs.Count; i++)
        {
            var g = inputs[i];
            var t = fnType.FunctionInput(g.First);
            if (g.Sparse is { } layout)
            {
                SparseInput(layout, $"arg{i}", Scalar, parameters, setup);
                callArgs.Add($"arg{i}");
                continue;
            }
            if (!t.IsMemRef)
            {
                parameters.Add($"{Scalar(t)} arg{i}");
                callArgs.Add($"arg{i}");
                continue;
            }
            var element = Scalar(t.ElementType);
            parameters.Add($"{element}* arg{i}");
            parameters.Add($"const int64_t* arg{i}_extents");
            if (t.Rank == 0) setup.Append($"    (void)arg{i}_extents;  // a 0-d buffer has none\n");
            setup.Append($"    {HostView(element, t.Rank)} arg{i}_host(arg{i}{Extents($"arg{i}_extents", t.Rank)});\n");
            setup.Append($"    auto arg{i}_device = Kokkos::create_mirror_view_and_copy(Kokkos::DefaultExecutionSpace::memory_space(), arg{i}_host);\n");
            callArgs.Add($"arg{i}_device");
            if (written.Contains(g.First)) writeBack.Append($"    Kokkos::deep_copy(arg{i}_host, arg{i}_device);\n");
        }
        var output = new StringBuilder();
        for (var k = 0; k < outputs.Count; k++)
        {
            var g = outputs[k];
            var t = fnType.FunctionResult(g.First);
            var value = outputs.Count == 1 ? "result" : $"std::get<{k}>(result)";
            if (g.Sparse is { } layout)
            {
                SparseResult(layout, $"result{k}", value, Scalar, parameters, output);
                continue;
            }
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
            if (t.Rank == 0) output.Append($"      (void)result{k}_extents;  // a 0-d buffer has none\n");
            for (var d = 0; d < t.Rank; d++) output.Append($"      result{k}_extents[{d}] = static_cast<int64_t>(host.extent({d}));\n");
            output.Append(CopyToMalloc(element, $"result{k}", t.Rank));
            output.Append("    }\n");
        }
        var call = $"{ns}::{name}({string.Join(", ", callArgs)})";
        var comment = context.LocationComment(func.Location);
        var prototype = (comment is null ? "" : comment + "\n") + $"int {prefix}_{name}({(parameters.Count == 0 ? "void" : string.Join(", ", parameters))})";
        var body = new StringBuilder();
        body.Append("  try {\n").Append(setup);
        body.Append(outputs.Count == 0 ? $"    {call};\n" : $"    auto result = {call};\n");
        body.Append(writeBack).Append(output);
        body.Append("    return 0;\n").Append(Catch(error));
        return (prototype, body.ToString());
    }

    /// <summary>The end of an entry's <c>try</c>: any exception becomes error code 1 and the message of <c>ns_last_error()</c>.</summary>
    private static string Catch(string error) =>
        $"  }} catch (const std::exception& e) {{\n    {error} = e.what();\n    return 1;\n" +
        $"  }} catch (...) {{\n    {error} = \"unknown C++ exception\";\n    return 1;\n  }}\n";

    /// <summary>
    /// A sparse argument in the C ABI: per buffer of the storage (see lapis::SparseTensor) a host
    /// pointer and its length in elements (<c>arg0_positions1, arg0_positions1_size, …,
    /// arg0_values, arg0_values_size</c>), then the level sizes (<c>const int64_t* arg0_level_sizes</c>).
    /// </summary>
    private static void SparseInput(SparseStorageLayout layout, string param, Func<Type, string> scalar, List<string> parameters, StringBuilder setup)
    {
        setup.Append($"    {layout.CppType(scalar)} {param};\n");
        foreach (var field in layout.Fields)
        {
            var element = FieldElement(layout, field, scalar);
            var buffer = $"{param}_{field.Name}";
            parameters.Add($"{element}* {buffer}");
            parameters.Add($"int64_t {buffer}_size");
            setup.Append($"    {param}.{field.Member} = Kokkos::create_mirror_view_and_copy(Kokkos::DefaultExecutionSpace::memory_space(), {HostView(element, 1)}({buffer}, {buffer}_size));\n");
            setup.Append($"    {param}.sizes.{field.SizeMember} = {buffer}_size;\n");
        }
        parameters.Add($"const int64_t* {param}_level_sizes");
        setup.Append($"    for (int level = 0; level < {layout.LevelCount}; ++level) {param}.sizes.level_sizes[level] = {param}_level_sizes[level];\n");
    }

    /// <summary>
    /// A sparse result in the C ABI: per buffer a malloc'd copy of its used part and its length
    /// (<c>double** result0_values, int64_t* result0_values_size</c>), and the level sizes written
    /// to a caller's array of one int64_t per level.
    /// </summary>
    private static void SparseResult(SparseStorageLayout layout, string param, string value, Func<Type, string> scalar, List<string> parameters, StringBuilder output)
    {
        output.Append("    {\n");
        output.Append($"      const auto& sparse = {value};\n");
        foreach (var field in layout.Fields)
        {
            var element = FieldElement(layout, field, scalar);
            var buffer = $"{param}_{field.Name}";
            parameters.Add($"{element}** {buffer}");
            parameters.Add($"int64_t* {buffer}_size");
            output.Append("      {\n");
            output.Append($"        const int64_t used = sparse.sizes.{field.SizeMember};\n");
            output.Append($"        auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), Kokkos::subview(sparse.{field.Member}, std::make_pair(int64_t(0), used)));\n");
            output.Append($"        *{buffer}_size = used;\n");
            output.Append(CopyToMalloc(element, buffer, 1, "        "));
            output.Append("      }\n");
        }
        parameters.Add($"int64_t* {param}_level_sizes");
        output.Append($"      for (int level = 0; level < {layout.LevelCount}; ++level) {param}_level_sizes[level] = sparse.sizes.level_sizes[level];\n");
        output.Append("    }\n");
    }

    private static string FieldElement(SparseStorageLayout layout, SparseField field, Func<Type, string> scalar) => field.Kind switch
    {
        SparseFieldKind.Values => scalar(layout.Tensor.ElementType),
        SparseFieldKind.Positions => SparseStorageLayout.IntegerType(layout.Encoding.PositionWidth),
        _ => SparseStorageLayout.IntegerType(layout.Encoding.CoordinateWidth),
    };

    /// <summary>Copies the host view <c>host</c> into a malloc'd buffer stored through <c>*pointer</c>.</summary>
    private static string CopyToMalloc(string element, string pointer, int rank, string indent = "      ") =>
        $"{indent}*{pointer} = static_cast<{element}*>(std::malloc(sizeof({element}) * (host.size() > 0 ? host.size() : 1)));\n" +
        $"{indent}{HostView(element, rank)} out(*{pointer}{string.Concat(Enumerable.Range(0, rank).Select(d => $", host.extent({d})"))});\n" +
        $"{indent}Kokkos::deep_copy(out, host);\n";

    private static string HostView(string element, int rank) =>
        $"Kokkos::View<{element}{new string('*', rank)}, Kokkos::LayoutRight, Kokkos::HostSpace, Kokkos::MemoryUnmanaged>";

    private static string Extents(string array, int rank) =>
        string.Concat(Enumerable.Range(0, rank).Select(d => $", {array}[{d}]"));
}

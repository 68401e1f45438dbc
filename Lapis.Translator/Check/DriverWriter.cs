using System.Text;

namespace Lapis.Translator.Check;

/// <summary>
/// Writes the C++ main of a `lapis check` run: reads argN.bin (row-major) into device Views,
/// calls the generated device-level API once, and writes resultN.bin and, for each argument it
/// may write, argN.out.bin (row-major).
/// </summary>
public static class DriverWriter
{
    public static string CppElement(ElementKind k) => k switch
    {
        ElementKind.F32 => "float",
        ElementKind.F64 => "double",
        ElementKind.I1 => "bool",
        ElementKind.I8 => "int8_t",
        ElementKind.I16 => "int16_t",
        ElementKind.I32 => "int32_t",
        ElementKind.F16 => "Kokkos::Experimental::half_t",
        ElementKind.BF16 => "lapis_bf16_t",  // the generated header's alias (see WriteBFloat16Alias)
        _ => "int64_t",
    };

    /// <summary>How an element travels in argN.bin / resultN.bin: booleans as bytes, f16/bf16 as float.</summary>
    private static string FileElement(ElementKind k) => k == ElementKind.I1 ? "uint8_t" : k.IsHalf() ? "float" : CppElement(k);

    public static string ViewType(ArgSpec a) =>
        $"Kokkos::View<{CppElement(a.Kind)}{new string('*', a.Shape!.Length)}, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space>";

    /// <param name="repeat">When &gt; 0, the call is then timed over this many repetitions (each fenced) and the mean and median printed as <c>lapis-mean-call-ms X</c> / <c>lapis-median-call-ms X</c>.</param>
    /// <param name="packed">Per argument, the storage MLIR built for a sparse one (its buffers are read from argN.&lt;buffer&gt;.bin).</param>
    /// <param name="hasInto">The module has <c>entry_into(outputs.., args..)</c> (lapis-plan-memory): the results
    /// written are then those of a call of it, and its allocations per call are counted too.</param>
    /// <param name="functionName">When set, the driver is a function <c>int name()</c> (Kokkos already initialized) instead of
    /// main, so that many drivers share one translation unit and one program (the ONNX conformance runner's batches).</param>
    public static string Write(string headerName, string ns, EntrySignature entry, int repeat = 0, IReadOnlyList<PackedSparse?>? packed = null,
        string? functionName = null, bool hasInto = false)
    {
        var s = new StringBuilder();
        var kinds = entry.Arguments.Concat(entry.ComparedOutputs).Select(a => a.Kind)
            .Concat(entry.Arguments.Where(a => a.Sparse is not null).SelectMany(a => a.Sparse!.Fields.Select(f => f.Kind)));
        var bf16 = kinds.Contains(ElementKind.BF16) ? $"using {ns}::lapis_bf16_t;\n" : "";
        s.Append($$"""
            // lapis check driver for {{ns}}::{{entry.Name}} (generated; reads argN.bin, writes resultN.bin)
            #include <Kokkos_Core.hpp>
            #include <algorithm>
            #include <cstdint>
            #include <cstdio>
            #include <cstdlib>
            #include <fstream>
            #include <tuple>
            #include <string>
            #include <vector>
            #include "{{headerName}}"

            #ifndef LAPIS_CHECK_DRIVER_HELPERS
            #define LAPIS_CHECK_DRIVER_HELPERS
            namespace {
            template <class T>
            std::vector<T> read_file(const char* path, size_t count) {
              std::vector<T> data(count);
              std::ifstream in(path, std::ios::binary);
              in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(count * sizeof(T)));
              if (!in) { std::fprintf(stderr, "cannot read %s\n", path); std::exit(3); }
              return data;
            }
            // Fills a View (any rank, row-major) with the values read from a file, converted to its element type.
            template <class View, class Stored>
            void fill_view(const View& view, const std::vector<Stored>& data) {
              auto host = Kokkos::create_mirror_view(view);
              for (size_t k = 0; k < data.size(); ++k) host.data()[k] = static_cast<typename View::value_type>(data[k]);
              Kokkos::deep_copy(view, host);
            }
            template <class T, class Stored = T>
            Kokkos::View<T*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space> read_view(const char* path, size_t count) {
              Kokkos::View<T*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space> view(std::string(path), count);
              fill_view(view, read_file<Stored>(path, count));
              return view;
            }
            template <class T>
            void write_file(const char* path, const std::vector<T>& data) {
              std::ofstream out(path, std::ios::binary);
              out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size() * sizeof(T)));
            }
            // Kokkos allocations while counting (Kokkos Tools callback): lapis-allocations-per-call.
            int allocations = 0;
            void count_allocation(Kokkos_Profiling_SpaceHandle, const char*, const void*, uint64_t) { ++allocations; }
            // Kokkos deep_copy calls while counting: lapis-deep-copies-per-call.
            int deep_copies = 0;
            void count_deep_copy(Kokkos_Profiling_SpaceHandle, const char*, const void*, Kokkos_Profiling_SpaceHandle, const char*, const void*, uint64_t) { ++deep_copies; }
            }  // namespace
            #endif
            {{(functionName is null ? bf16 : "")}}
            {{(functionName is null ? "int main(int argc, char* argv[]) {\n  Kokkos::initialize(argc, argv);" : $"int {functionName}() {{\n{bf16}")}}
              {
                {{ns}}::initialize();

            """);
        for (var i = 0; i < entry.Arguments.Count; i++)
        {
            if (entry.Arguments[i].Sparse is { } sparse) WriteSparseArgument(s, sparse, packed?[i] ?? throw new ArgumentException($"arg{i} is sparse: its storage is needed"), i);
            else WriteArgument(s, entry.Arguments[i], i);
        }
        var call = $"{ns}::{entry.Name}({string.Join(", ", entry.Arguments.Select((_, i) => $"arg{i}"))})";
        if (entry.Results.Count == 0) s.AppendLine($"    {call};");
        else s.AppendLine($"    auto results = {call};");
        s.AppendLine("    Kokkos::fence();");
        // What the first call wrote into its arguments (argN.out.bin): the calls below that count
        // allocations start again from the same inputs, so that f_into's results are comparable too.
        foreach (var i in entry.WrittenArguments ?? []) WriteResult(s, entry.Arguments[i], $"arg{i}", $"arg{i}.out");
        ReloadWrittenArguments(s, entry);
        // Allocations of a second call (the first allocates what the memory plan reuses); a
        // counted deep_copy-free View allocation in the driver is the counter's control.
        s.AppendLine("    Kokkos::Tools::Experimental::set_allocate_data_callback(count_allocation);");
        s.AppendLine("    Kokkos::Tools::Experimental::set_begin_deep_copy_callback(count_deep_copy);");
        s.AppendLine("    {");
        s.AppendLine($"      {call};");
        s.AppendLine("      Kokkos::fence();");
        s.AppendLine("    }");
        s.AppendLine("    Kokkos::Tools::Experimental::set_begin_deep_copy_callback(nullptr);");
        s.AppendLine("    std::printf(\"lapis-allocations-per-call %d\\n\", allocations);");
        s.AppendLine("    std::printf(\"lapis-deep-copies-per-call %d\\n\", deep_copies);");
        if (hasInto)
        {
            s.AppendLine("    Kokkos::Tools::Experimental::set_allocate_data_callback(nullptr);");
            for (var i = 0; i < entry.Results.Count; i++)
                s.AppendLine($"    {ViewType(entry.Results[i])} out{i}(\"out{i}\"{string.Concat(entry.Results[i].Shape!.Select(d => $", {d}"))});");
            ReloadWrittenArguments(s, entry);
            s.AppendLine("    allocations = 0;");
            s.AppendLine("    Kokkos::Tools::Experimental::set_allocate_data_callback(count_allocation);");
            var outputs = Enumerable.Range(0, entry.Results.Count).Select(i => $"out{i}");
            s.AppendLine($"    {ns}::{entry.Name}_into({string.Join(", ", outputs.Concat(entry.Arguments.Select((_, i) => $"arg{i}")))});");
            s.AppendLine("    Kokkos::fence();");
            s.AppendLine("    std::printf(\"lapis-allocations-per-into-call %d\\n\", allocations);");
        }
        s.AppendLine("    allocations = 0;");
        s.AppendLine("    { Kokkos::View<char*> control(\"control\", 1); }");
        s.AppendLine("    std::printf(\"lapis-allocations-control %d\\n\", allocations);");
        s.AppendLine("    Kokkos::Tools::Experimental::set_allocate_data_callback(nullptr);");
        var file = 0;
        for (var i = 0; i < entry.Results.Count; i++)
        {
            var value = hasInto ? $"out{i}" : entry.Results.Count == 1 ? "results" : $"std::get<{i}>(results)";
            if (entry.Results[i].Sparse is not { } sparse)
            {
                WriteResult(s, entry.Results[i], value, $"result{file++}");
                continue;
            }
            // A sparse result: each buffer up to its used size.
            foreach (var f in sparse.Fields)
                WriteResult(s, new ArgSpec(f.Field.Name, f.Kind, [0]),
                    $"Kokkos::subview(({value}).{f.Field.Member}, std::make_pair(int64_t(0), ({value}).sizes.{f.Field.SizeMember}))", $"result{file++}");
        }
        if (repeat > 0)
        {
            s.AppendLine($"    {call};  // warm-up");
            s.AppendLine("    Kokkos::fence();");
            s.AppendLine($"    std::vector<double> call_ms({repeat});");
            s.AppendLine("    Kokkos::Timer timer;");
            s.AppendLine($"    for (int repetition = 0; repetition < {repeat}; ++repetition) {{");
            s.AppendLine("      Kokkos::Timer call_timer;");
            s.AppendLine($"      {call};");
            s.AppendLine("      Kokkos::fence();");
            s.AppendLine("      call_ms[repetition] = call_timer.seconds() * 1000.0;");
            s.AppendLine("    }");
            s.AppendLine($"    std::printf(\"lapis-mean-call-ms %.6f\\n\", timer.seconds() * 1000.0 / {repeat});");
            s.AppendLine("    std::sort(call_ms.begin(), call_ms.end());");
            s.AppendLine($"    std::printf(\"lapis-median-call-ms %.6f\\n\", {repeat} % 2 == 1 ? call_ms[{repeat} / 2] : 0.5 * (call_ms[{repeat} / 2 - 1] + call_ms[{repeat} / 2]));");
        }
        s.Append($$"""
                {{ns}}::finalize();
              }
            {{(functionName is null ? "  Kokkos::finalize();\n" : "")}}  return 0;
            }

            """);
        return s.ToString();
    }

    private static void WriteArgument(StringBuilder s, ArgSpec a, int i)
    {
        var t = CppElement(a.Kind);
        var storage = FileElement(a.Kind);
        s.AppendLine($"    auto data{i} = read_file<{storage}>(\"arg{i}.bin\", {a.ElementCount});");
        if (a.IsScalar)
        {
            s.AppendLine($"    {t} arg{i} = static_cast<{t}>(data{i}[0]);");
            return;
        }
        var shape = a.Shape!;
        var extents = string.Join(", ", shape);
        s.AppendLine($"    {ViewType(a)} arg{i}(\"arg{i}\"{(shape.Length > 0 ? ", " + extents : "")});");
        s.AppendLine($"    fill_view(arg{i}, data{i});");
    }

    /// <summary>Resets the arguments the call may write to the inputs read from argN.bin (before a further counted call).</summary>
    private static void ReloadWrittenArguments(StringBuilder s, EntrySignature entry)
    {
        foreach (var i in entry.WrittenArguments ?? []) s.AppendLine($"    fill_view(arg{i}, data{i});");
    }

    private static void WriteSparseArgument(StringBuilder s, SparseArg sparse, PackedSparse storage, int i)
    {
        s.AppendLine($"    {sparse.CppType} arg{i};");
        for (var f = 0; f < sparse.Fields.Count; f++)
        {
            var field = sparse.Fields[f];
            var count = storage.Fields[f].Length / field.Kind.Size();
            s.AppendLine($"    arg{i}.{field.Field.Member} = read_view<{CppElement(field.Kind)}, {FileElement(field.Kind)}>(\"arg{i}.{field.Field.Name}.bin\", {count});");
            s.AppendLine($"    arg{i}.sizes.{field.Field.SizeMember} = {count};");
        }
        for (var l = 0; l < storage.LevelSizes.Count; l++) s.AppendLine($"    arg{i}.sizes.level_sizes[{l}] = {storage.LevelSizes[l]};");
    }

    /// <summary>Writes <paramref name="value"/> row-major to <paramref name="stem"/>.bin (and its extents to <paramref name="stem"/>.shape).</summary>
    private static void WriteResult(StringBuilder s, ArgSpec r, string value, string stem)
    {
        var storage = FileElement(r.Kind);
        s.AppendLine($"    {{");
        s.AppendLine($"      std::vector<{storage}> out;");
        if (r.IsScalar)
            s.AppendLine($"      out.push_back(static_cast<{storage}>({value}));");
        else
        {
            var rank = r.Shape!.Length;
            s.AppendLine($"      auto result = {value};");
            s.AppendLine($"      auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), result);");
            s.AppendLine($"      std::vector<int64_t> shape;");
            s.AppendLine($"      for (int d = 0; d < {rank}; ++d) shape.push_back(static_cast<int64_t>(host.extent(d)));");
            s.AppendLine($"      write_file(\"{stem}.shape\", shape);");
            var indent = "      ";
            for (var d = 0; d < rank; d++)
            {
                s.AppendLine($"{indent}for (size_t i{d} = 0; i{d} < host.extent({d}); ++i{d})");
                indent += "  ";
            }
            var index = string.Join(", ", Enumerable.Range(0, rank).Select(d => $"i{d}"));
            s.AppendLine($"{indent}out.push_back(static_cast<{storage}>(host({index})));");
        }
        s.AppendLine($"      write_file(\"{stem}.bin\", out);");
        s.AppendLine($"    }}");
    }
}

namespace Lapis.Translator.Emit;

/// <summary>
/// Realizes lapis-plan-memory's <c>lapis.reused</c> allocations: one namespace-scope storage View
/// per allocation (1-D, the allocation's element type and memory space), allocated on the first call
/// through <c>reuse_storage</c>, grown when a later call needs more (dynamic shapes), released by
/// <c>finalize()</c> and, if the caller does not call it, by a Kokkos finalize hook.
/// </summary>
internal sealed class MemoryPlan(CppNames moduleNames)
{
    private readonly List<(string Name, string ViewType)> _storage = [];
    private string? _reuse, _release, _hooked;

    public bool IsEmpty => _storage.Count == 0;

    /// <summary>
    /// Claims storage for a View of type <paramref name="viewType"/> and returns the expression for
    /// its data pointer with room for <paramref name="count"/> elements.
    /// </summary>
    public string Reuse(string wantedName, string viewType, string count)
    {
        _reuse ??= moduleNames.Claim("reuse_storage");
        _release ??= moduleNames.Claim("release_memory_plan");
        _hooked ??= moduleNames.Claim("memory_plan_hooked");
        var name = moduleNames.Claim(wantedName);
        _storage.Add((name, viewType));
        return $"{_reuse}({name}, {CppLiterals.String(name)}, {count})";
    }

    /// <summary>
    /// The 1-D View of the same element type and memory space: <c>DeviceView&lt;float*&gt;</c> for
    /// <c>DeviceView&lt;float**&gt;</c> (the aliases are LayoutRight), else spelled through the View's traits.
    /// </summary>
    private static string Flat(string view)
    {
        var match = System.Text.RegularExpressions.Regex.Match(view, $@"^({CppTypes.DeviceViewAlias}|{CppTypes.HostViewAlias})<([^<>*]+)\**>$");
        return match.Success ? $"{match.Groups[1].Value}<{match.Groups[2].Value}*>"
            : $"Kokkos::View<{view}::non_const_value_type*, {CppTypes.LayoutRight}, {view}::memory_space>";
    }

    /// <summary>The call <c>finalize()</c> makes, or null without a plan.</summary>
    public string? ReleaseCall => IsEmpty ? null : $"{_release}();";

    /// <summary>Namespace-scope declarations: the storage Views, their release and the reuse function.</summary>
    public string Render()
    {
        if (IsEmpty) return "";
        var w = new System.Text.StringBuilder();
        w.Append("// Memory plan (lapis-plan-memory): temporaries that do not outlive a call live in these buffers,\n");
        w.Append("// allocated on the first call, reused by later calls (grown when a dynamic shape needs more) and\n");
        w.Append("// freed by finalize() (or by Kokkos::finalize()). Calls of this module must not run concurrently.\n");
        foreach (var (name, view) in _storage) w.Append($"static {Flat(view)} {name};\n");
        w.Append($"static bool {_hooked} = false;\n\n");
        w.Append($"static void {_release}() {{\n");
        foreach (var (name, view) in _storage) w.Append($"  {name} = decltype({name})();\n");
        w.Append("}\n\n");
        w.Append("template <class Storage>\n");
        w.Append($"static typename Storage::pointer_type {_reuse}(Storage& storage, const char* label, std::size_t count) {{\n");
        w.Append("  if (count > storage.extent(0)) {\n");
        w.Append($"    if (!{_hooked}) {{\n");
        w.Append($"      {_hooked} = true;\n");
        w.Append($"      Kokkos::push_finalize_hook({_release});\n");
        w.Append("    }\n");
        w.Append("    storage = Storage();  // free the smaller buffer first\n");
        w.Append("    storage = Storage(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string(label)), count);\n");
        w.Append("  }\n");
        w.Append("  return storage.data();\n");
        w.Append("}\n");
        return w.ToString();
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Lapis.Native.Ir;
using Lapis.Translator.Emit.Printers;
using Lapis.Translator.Load;
using Lapis.Translator.Sparse;
using Lapis.Translator.Dialect;

namespace Lapis.Translator.Emit;

/// <param name="WeightsFileName">Name of the binary side file for large constants (written next to the source).</param>
/// <param name="CheckSyncs">Print a check before every use of a DualView that its side is up to date (see SyncChecks).</param>
public sealed record EmitOptions(string Namespace, string HeaderFileName, string SourceName, string WeightsFileName = "weights.bin", bool CheckSyncs = false);

/// <param name="Weights">Contents of the weights side file; empty when every constant is inline.</param>
public sealed record EmittedModule(string Header, string Source, byte[] Weights)
{
    /// <summary>Warnings for the user (functions that got no team-level variant, and why).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>C++ names of the public functions that also have an output-argument form <c>name_into</c>.</summary>
    public IReadOnlyList<string> IntoForms { get; init; } = [];

    /// <summary>Same text, same weights bytes, same notes (value equality: translation is deterministic).</summary>
    public bool Equals(EmittedModule? other) =>
        other is not null && Header == other.Header && Source == other.Source
        && Weights.AsSpan().SequenceEqual(other.Weights) && Notes.SequenceEqual(other.Notes);

    public override int GetHashCode() => HashCode.Combine(Header, Source, Weights.Length, Notes.Count);

    public bool HasWeights => Weights.Length > 0;
}

/// <summary>
/// Stage 4: prints a lowered module (func + scf + memref + arith + math + cf) as Kokkos C++.
/// The header declares the public functions (and <c>initialize()</c>/<c>finalize()</c> for the
/// module's globals) in <see cref="EmitOptions.Namespace"/>; the source defines them, after the
/// runtime helpers the code uses. Unsupported ops and types are located errors
/// (<see cref="TranslationException"/>), never skipped. Same input, same bytes.
/// </summary>
public static partial class ModuleEmitter
{
    public static EmittedModule Emit(Module module, EmitOptions options)
    {
        var context = new EmitContext(options);
        var ns = context.Namespace = NamespaceName(options.Namespace);
        var functions = new List<Operation>();
        var globals = new List<Operation>();
        foreach (var op in module.Body.Operations)
        {
            switch (op.Name)
            {
                case "func.func": functions.Add(op); break;
                case "memref.global": globals.Add(op); break;
                default: throw CppEmitter.Unsupported(op, "not supported at module level");
            }
        }

        // Module-level names first, so function scopes can avoid them.
        var functionNames = functions.Select(f => context.DeclareFunction(FuncPrinters.SymbolName(f))).ToArray();
        var globalNames = globals.Select(g => context.DeclareGlobal(FuncPrinters.SymbolName(g))).ToArray();

        var globalParts = globals.Select((g, i) => MemRefPrinters.Global(context, g, globalNames[i])).ToArray();

        var definitions = new IndentedWriter();
        var publicDeclarations = new List<string>();
        var forwardDeclarations = new List<string>();
        var exported = new List<(Operation, string)>();
        var notes = new List<string>();
        var team = TeamLevel.Create(context, functions, globals, globalNames);
        var referenced = ReferencedSymbols(module);
        for (var i = 0; i < functions.Count; i++)
        {
            var func = functions[i];
            if (LapisAttributes.GetTeamLevelNote(func) is { } note)
                notes.Add($"no team-level variant of '{functionNames[i]}': {note}");
            if (team is not null && LapisAttributes.IsTeamLevel(func))
            {
                team.Emit(func, functionNames[i]);
                continue;
            }
            if (FuncPrinters.IsDeclaration(func))
            {
                if (RuntimeCallPrinters.IsRuntimeFunction(FuncPrinters.SymbolName(func))) continue;
                // A declaration nothing calls needs no prototype (whole programs declare runtime
                // functions they never use, with types such as !llvm.ptr that have no C++ form).
                if (!referenced.Contains(FuncPrinters.SymbolName(func))) continue;
                forwardDeclarations.Add($"{FuncPrinters.DeclarationPrototype(context, func, functionNames[i])};  // defined elsewhere");
                continue;
            }
            if (!definitions.IsEmpty) definitions.Line();
            var prototype = FunctionDefinitions.Emit(context, func, functionNames[i], definitions);
            if (FuncPrinters.IsPublic(func))
            {
                var comment = context.LocationComment(func.Location);
                publicDeclarations.Add((comment is null ? "" : comment + "\n") + prototype + ";");
                if (context.IntoPrototypes.TryGetValue(functionNames[i], out var into))
                    publicDeclarations.Add((comment is null ? "" : comment + "\n")
                        + $"// {functionNames[i]} writing its results into the caller's Views (which must not alias the inputs);\n"
                        + "// after the first call it allocates nothing.\n" + into + ";");
                exported.Add((func, functionNames[i]));
            }
            else forwardDeclarations.Add($"static {prototype};");
        }

        if (context.Types.UsesVectors) context.Helpers.Require(Helper.Vector);
        if (context.Types.UsesSliceSizes) context.Helpers.Require(Helper.SliceSizes);
        var externC = ExternCApi.For(context, ns, exported);
        var source = Source(context, ns, forwardDeclarations, globalParts, definitions.ToString(), team?.SourcePart());
        return new EmittedModule(
            Header(context, ns, publicDeclarations, team, notes) + "\n" + externC.Declarations,
            source + "\n" + externC.Definitions,
            context.Weights) { Notes = notes, IntoForms = context.IntoPrototypes.Keys.Order(StringComparer.Ordinal).ToArray() };
    }

    /// <summary>The symbols that calls (func.call) and function references (func.constant) name.</summary>
    private static HashSet<string> ReferencedSymbols(Module module) =>
        module.Operation.Collect(o => o.Name is "func.call" or "func.constant")
            .Select(o => o.Attribute(o.Name == "func.call" ? "callee" : "value"))
            .Where(a => a.IsFlatSymbolRef)
            .Select(a => a.FlatSymbolRefValue)
            .ToHashSet(StringComparer.Ordinal);

    private static string Header(EmitContext context, string ns, IReadOnlyList<string> declarations, TeamLevel? team, IReadOnlyList<string> notes)
    {
        var w = new StringBuilder();
        w.Append("#pragma once\n");
        w.Append($"// Generated by Lapis from {context.Options.SourceName}. Do not edit.\n\n");
        w.Append($"#include <Kokkos_Core.hpp>\n\n{(team is null ? "" : "#include <cstddef>\n")}#include <cstdint>\n#include <tuple>\n\n");
        // Team-level variants are templates defined here: the runtime helpers they (and the
        // source) use come with the header (include-guarded, in an anonymous namespace).
        if (team is not null && !context.Helpers.IsEmpty)
        {
            if (context.Helpers.NeedsCString) w.Append("#include <cstring>\n");
            if (context.Helpers.NeedsFileIo) w.Append("#include <fstream>\n#include <stdexcept>\n#include <string>\n");
            w.Append(context.Helpers.Render()).Append('\n');
        }
        if (context.Types.UsesSparse) w.Append(SparseRuntime.Header).Append('\n');
        w.Append($"namespace {ns} {{\n\n");
        w.Append(CppTypes.AliasDeclarations).Append('\n');
        if (context.Types.UsesBFloat16)
        {
            w.Append("#if defined(KOKKOS_BHALF_T_IS_FLOAT)\n");
            w.Append($"using {CppTypes.BFloat16} = Kokkos::Experimental::bhalf_t;\n");
            w.Append("#else\n// This Kokkos has no bhalf_t: bf16 values are stored and computed as float.\n");
            w.Append($"using {CppTypes.BFloat16} = float;\n#endif\n\n");
        }
        w.Append("// Allocates the module's global buffers; call after Kokkos::initialize().\n");
        if (context.Weights.Length > 0)
        {
            w.Append($"// Large constants are read from {context.Options.WeightsFileName} (written next to this header by\n");
            w.Append("// lapis translate): from weights_path when given, else $LAPIS_WEIGHTS_DIR, else the working directory.\n");
        }
        w.Append("void initialize(const char* weights_path = nullptr);\n");
        w.Append("// Releases them; call before Kokkos::finalize().\nvoid finalize();\n");
        foreach (var d in declarations) w.Append('\n').Append(d).Append('\n');
        if (notes.Count > 0) w.Append('\n').Append(string.Concat(notes.Select(n => $"// {n}\n")));
        if (team is not null) w.Append('\n').Append(team.HeaderPart());
        w.Append($"\n}}  // namespace {ns}\n");
        return w.ToString();
    }

    private static string Source(EmitContext context, string ns, IReadOnlyList<string> forward,
        IReadOnlyList<MemRefPrinters.GlobalParts> globals, string definitions, string? teamPart)
    {
        var w = new StringBuilder();
        w.Append($"// Generated by Lapis from {context.Options.SourceName}. Do not edit.\n");
        w.Append($"#include \"{context.Options.HeaderFileName}\"\n\n");
        // The standard headers the helpers need, each once, in a fixed order.
        var includes = new List<string> { "cstdio", "cstdlib", "exception" };
        var helpers = context.Helpers;
        if (helpers.NeedsCString || helpers.NeedsTensorFiles) includes.Add("cstring");
        if (helpers.NeedsFileIo) includes.Add("fstream");
        if (helpers.NeedsFileIo || context.UsesHostAsserts) includes.Add("stdexcept");
        // Always: the extern "C" layer keeps the last error's message in a std::string.
        includes.Add("string");
        if (context.Types.UsesDualView) includes.Add("Kokkos_DualView.hpp");
        includes.AddRange(context.LibraryHeaders);
        if (helpers.NeedsIostream) includes.Add("iostream");
        if (helpers.NeedsTensorFiles) includes.AddRange(["cctype", "fstream", "iostream", "stdexcept", "type_traits", "vector"]);
        if (helpers.NeedsRandom) includes.AddRange(["algorithm", "numeric", "random", "vector"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in includes.Where(seen.Add)) w.Append($"#include <{header}>\n");
        if (!context.Helpers.IsEmpty && teamPart is null) w.Append('\n').Append(context.Helpers.Render());
        w.Append($"\nnamespace {ns} {{\n");

        if (forward.Count > 0)
        {
            w.Append('\n');
            foreach (var f in forward) w.Append(f).Append('\n');
        }
        if (globals.Count > 0)
        {
            w.Append('\n');
            foreach (var g in globals) w.Append(g.Declaration).Append('\n');
            foreach (var g in globals.Where(g => g.InitialData is not null)) w.Append('\n').Append(g.InitialData).Append('\n');
        }

        if (!context.MemoryPlan.IsEmpty) w.Append('\n').Append(context.MemoryPlan.Render());
        w.Append('\n');
        var release = context.MemoryPlan.ReleaseCall;
        var initialize = globals.SelectMany(g => g.Initialize).ToList();
        if (definitions.Contains("Kokkos::TeamPolicy<", StringComparison.Ordinal)) initialize.AddRange(ScratchPoolWarmUp);
        var finalize = globals.Select(g => g.Finalize).Concat(release is null ? [] : [release]).ToList();
        if (context.Weights.Length > 0)
        {
            var file = CppLiterals.String(context.Options.WeightsFileName);
            w.Append("void initialize(const char* weights_path) {\n");
            w.Append($"  std::string weights = weights_path ? weights_path : {file};\n");
            w.Append("  if (!weights_path) {\n");
            w.Append($"    if (const char* dir = std::getenv(\"LAPIS_WEIGHTS_DIR\")) weights = std::string(dir) + \"/\" + {file};\n");
            w.Append("  }\n");
        }
        else w.Append(initialize.Count == 0 ? "void initialize(const char*) {" : "void initialize(const char*) {\n");
        foreach (var line in initialize) w.Append("  ").Append(line).Append('\n');
        w.Append("}\n\n");
        w.Append(finalize.Count == 0 ? "void finalize() {" : "void finalize() {\n");
        foreach (var line in finalize) w.Append("  ").Append(line).Append('\n');
        w.Append("}\n");
        if (!context.Declarations.IsEmpty) w.Append('\n').Append(context.Declarations);
        if (definitions.Length > 0) w.Append('\n').Append(definitions);
        if (teamPart is not null) w.Append('\n').Append(teamPart);
        w.Append($"\n}}  // namespace {ns}\n");
        return w.ToString();
    }

    /// <summary>
    /// initialize()'s lines in a module that launches TeamPolicy kernels: Kokkos 4.x's CUDA backend records
    /// a zero-byte "TeamScratchMemory" allocation at every TeamPolicy launch while its level-1 scratch
    /// pool is still empty (no kernel asked for level-1 scratch yet; 23 per ResNet-18 call, 2 per MALA
    /// call on an H200). One launch that asks for a little level-1 scratch gives the pool a size, and
    /// later launches without level-1 scratch allocate nothing. Harmless on every other backend.
    /// </summary>
    private static readonly string[] ScratchPoolWarmUp =
    [
        "// one TeamPolicy launch with level-1 team scratch: sizes Kokkos' device scratch pool (Kokkos 4.x CUDA records",
        "// an empty allocation at every team launch while that pool is empty), so calls make no allocation records",
        "Kokkos::parallel_for(\"lapis_scratch_pool\", Kokkos::TeamPolicy<>(1, 1).set_scratch_size(1, Kokkos::PerTeam(64)), KOKKOS_LAMBDA(const Kokkos::TeamPolicy<>::member_type& team) { (void)team; });",
        "Kokkos::fence();",
    ];

    /// <summary>The namespace as given when it is a (possibly ::-qualified) identifier, else made one.</summary>
    private static string NamespaceName(string name) =>
        QualifiedIdentifier().IsMatch(name) && !name.Split("::").Any(CppNames.IsReserved) ? name : CppNames.Sanitize(name);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex QualifiedIdentifier();
}

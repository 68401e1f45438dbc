using System.Globalization;
using Lapis.Native.Ir;
using Lapis.Translator.Load;
using Lapis.Translator.Dialect;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// memref dialect → Kokkos::View. Allocations are labelled Views, loads and stores are View
/// calls, copies are deep_copy. Views of views (subview, reinterpret_cast, collapse_shape,
/// expand_shape) are <c>Kokkos::subview</c> for plain slices and otherwise unmanaged Views over
/// <c>data() + offset</c> with explicit extents (and strides for LayoutStride). Static extents,
/// strides and offsets come from the memref types; dynamic ones are computed at run time.
/// </summary>
internal static class MemRefPrinters
{
    private const long Dynamic = long.MinValue;

    public static void Register(OpPrinterTable table)
    {
        table.Add("memref.alloc", Alloc);
        table.Add("memref.alloca", Alloc);
        table.Add("memref.dealloc", (_, _) => { });
        table.Add("memref.realloc", Realloc);
        table.Add("memref.atomic_rmw", AtomicRmw);
        table.Add("memref.load", Load);
        table.Add("memref.store", Store);
        table.Add("memref.dim", Dim);
        table.Add("memref.rank", (e, op) => e.BindLiteral(op.Result(0), op.Operand(0).Type.Rank.ToString(CultureInfo.InvariantCulture)));
        table.Add("memref.copy", (e, op) => e.W.Line($"Kokkos::deep_copy({e.Expr(op.Operand(1))}, {e.Expr(op.Operand(0))});"));
        table.Add("memref.cast", Cast);
        table.Add("memref.memory_space_cast", SameView);
        table.Add("memref.assume_alignment", SameView);
        table.Add("memref.get_global", GetGlobal);
        table.Add("memref.subview", SubView);
        table.Add("memref.reinterpret_cast", ReinterpretCast);
        table.Add("memref.collapse_shape", CollapseShape);
        table.Add("memref.expand_shape", ExpandShape);
        table.Add("memref.alloca_scope", AllocaScope);
        table.Add("memref.extract_strided_metadata", ExtractStridedMetadata);
    }

    // -------------------------------------------------------------------------------------------
    // Allocation and access
    // -------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>Kokkos::View&lt;float**, ...&gt; v0(Kokkos::view_alloc(Kokkos::WithoutInitializing, "v0"), n, 4);</c> —
    /// a memref.alloc's contents are undefined, so the View is not zero-filled (one pass over
    /// memory saved; the IR initializes what it reads).
    /// </summary>
    private static void Alloc(CppEmitter e, Operation op)
    {
        var result = op.Result(0);
        var type = result.Type;
        if (!type.HasIdentityLayout) throw CppEmitter.Unsupported(op, $"allocation with a non-identity layout ('{type}')");
        if (op.Name == "memref.alloca" && KernelRegions.IsInsideKernel(op) && type.Rank == 1 && type.DimSize(0) is { } length)
        {
            // Inside a kernel: a local array of the iteration (loaded ahead of use, kept in registers).
            e.Helpers.Require(Helper.LocalArray);
            e.W.Line($"lapis_rt::local_array<{e.Types.Scalar(type.ElementType, op.Location)}, {length}> {e.Name(result)};");
            return;
        }
        var view = e.TypeOf(result);
        var dynamic = 0;
        var sizes = type.Shape.Select(d => d is { } s ? IndexExpr.Number(s) : IndexExpr.Printed(e.Expr(op.Operand(dynamic++)))).ToArray();
        var extents = sizes.Select(x => x.Text).ToArray();
        if (DualViewPrinters.IsDual(op))
        {
            // Used by host code and by kernels: a DualView (see DualViewPrinters).
            DualViewPrinters.Allocate(e, op, extents);
            return;
        }
        if (LapisAttributes.GetResultSlot(op) is { } slot && e.IntoResults is { } outputs)
        {
            // f_into: the caller's output View is the buffer.
            e.Alias(result, outputs[slot]);
            return;
        }
        var name = e.Name(result);
        if (LapisAttributes.IsReused(op) && e.TeamLevel is null)
        {
            // Memory plan: the module's storage for this allocation, no allocation after the first call.
            var count = sizes.Length == 0 ? "1" : sizes.All(x => x.Constant is not null) ? sizes.Aggregate((a, b) => a * b).Text
                : string.Join(" * ", sizes.Select((x, i) => i == 0 ? $"static_cast<std::size_t>({x.Text})" : x.Operand));
            var data = e.Context.MemoryPlan.Reuse($"{e.FunctionName}_{name}", view, count);
            e.W.Line($"{view} {name}({string.Join(", ", extents.Prepend(data))});");
            return;
        }
        var label = $"Kokkos::view_alloc(Kokkos::WithoutInitializing, {CppLiterals.String(name)})";
        e.W.Line($"{view} {name}({string.Join(", ", extents.Prepend(label))});");
    }

    /// <summary>
    /// memref.realloc: a View of the new length holding the old contents (the old buffer is dead
    /// afterwards, as MLIR requires): <c>auto v1 = v0; Kokkos::resize(v1, n);</c>.
    /// </summary>
    private static void Realloc(CppEmitter e, Operation op)
    {
        var result = op.Result(0);
        if (result.Type.Rank != 1 || !result.Type.HasIdentityLayout || !op.Operand(0).Type.HasIdentityLayout)
            throw CppEmitter.Unsupported(op, "only 1-D identity-layout buffers can be reallocated");
        var extent = result.Type.DimSize(0) is { } s ? Num(s) : e.Expr(op.Operand(1));
        var name = e.Name(result);
        e.W.Line($"{e.TypeOf(result)} {name} = {e.Expr(op.Operand(0))};");
        e.W.Line($"Kokkos::resize({name}, {extent});");
    }

    /// <summary>
    /// memref.atomic_rmw: a Kokkos atomic on the element (the result is the old value), e.g.
    /// <c>Kokkos::atomic_fetch_add(&amp;y(i), v)</c>. Lapis' race analysis inserts these where
    /// parallel iterations update the same element.
    /// </summary>
    private static void AtomicRmw(CppEmitter e, Operation op)
    {
        var value = op.Attribute("kind").IntegerValue;
        var kind = AtomicRmwKinds.Name(value) ?? value.ToString(CultureInfo.InvariantCulture);
        var function = kind switch
        {
            "addf" or "addi" => "atomic_fetch_add",
            "mulf" or "muli" => "atomic_fetch_mul",
            "maximumf" or "maxnumf" or "maxs" => "atomic_fetch_max",
            "minimumf" or "minnumf" or "mins" => "atomic_fetch_min",
            "ori" => "atomic_fetch_or",
            "andi" => "atomic_fetch_and",
            "xori" => "atomic_fetch_xor",
            "assign" => "atomic_exchange",
            _ => throw CppEmitter.Unsupported(op, $"atomic kind '{kind}'"),
        };
        var element = $"&{e.Expr(op.Operand(1))}({string.Join(", ", op.Operands.Skip(2).Select(e.Expr))})";
        var call = $"Kokkos::{function}({element}, {e.TypedExpr(op.Operand(0))})";
        if (op.Result(0).HasUses) e.Define(op.Result(0), call);
        else e.W.Line(call + ";");
    }

    private static void Load(CppEmitter e, Operation op)
    {
        if (!LapisAttributes.HasHostAccess(op))
        {
            e.Define(op.Result(0), $"{e.Expr(op.Operand(0))}({string.Join(", ", op.Operands.Skip(1).Select(e.Expr))})");
            return;
        }
        // Host code reading one element of a device buffer: a single-element copy.
        var name = e.DeclareUninitialized(op.Result(0));
        e.W.Line($"Kokkos::deep_copy({name}, {Element(e, op.Operand(0), op.Operands.Skip(1))});");
    }

    private static void Store(CppEmitter e, Operation op)
    {
        if (LapisAttributes.HasHostAccess(op))
            e.W.Line($"Kokkos::deep_copy({Element(e, op.Operand(1), op.Operands.Skip(2))}, {e.TypedExpr(op.Operand(0))});");
        else
            e.W.Line($"{e.Expr(op.Operand(1))}({string.Join(", ", op.Operands.Skip(2).Select(e.Expr))}) = {e.Expr(op.Operand(0))};");
    }

    /// <summary>A rank-0 View of one element: the buffer itself when it is 0-d, else a subview.</summary>
    private static string Element(CppEmitter e, Value memref, IEnumerable<Value> indices)
    {
        var list = indices.Select(e.TypedExpr).ToArray();
        return list.Length == 0 ? e.Expr(memref) : $"Kokkos::subview({e.Expr(memref)}, {string.Join(", ", list)})";
    }

    private static void Dim(CppEmitter e, Operation op)
    {
        var source = op.Operand(0);
        var index = op.Operand(1);
        if (e.IsLiteral(index) && long.TryParse(e.Expr(index), out var d))
        {
            if (source.Type.IsMemRef && (d < 0 || d >= source.Type.Rank))
                throw CppEmitter.Unsupported(op, $"index {d} is out of range for '{source.Type}' (rank {source.Type.Rank})");
            if (source.Type.DimSize((int)d) is { } size)
            {
                e.BindLiteral(op.Result(0), CppLiterals.Integer(size, op.Result(0).Type));
                return;
            }
        }
        e.Define(op.Result(0), $"static_cast<{CppTypes.Index}>({e.Expr(source)}.extent({e.Expr(index)}))");
    }

    /// <summary>Ops whose result is the same View (the C++ types must agree).</summary>
    private static void SameView(CppEmitter e, Operation op)
    {
        if (e.TypeOf(op.Result(0)) != e.TypeOf(op.Operand(0), op.Location))
            throw CppEmitter.Unsupported(op, $"'{op.Operand(0).Type}' and '{op.Result(0).Type}' are different Kokkos Views");
        e.Forward(op.Result(0), op.Operand(0));
    }

    private static void Cast(CppEmitter e, Operation op)
    {
        var (source, result) = (op.Operand(0), op.Result(0));
        if (result.Type.IsUnrankedMemRef && RuntimeCallPrinters.RankedSource(result) is not null)
        {
            // To unranked (for printMemref*): the same View.
            e.Forward(result, source);
            return;
        }
        if (!result.Type.IsMemRef) throw CppTypes.Unsupported(result.Type, op.Location);
        if (CppTypes.IsLayoutRight(result.Type) && !CppTypes.IsLayoutRight(source.Type))
        {
            // LayoutStride → LayoutRight: the cast asserts the strides are the contiguous ones.
            var src = e.Expr(source);
            DefineView(e, op, result, $"{src}.data()", Extents(result.Type, src), []);
            return;
        }
        e.Define(result, e.Expr(source));
    }

    private static void AllocaScope(CppEmitter e, Operation op)
    {
        var results = op.Results.Select(e.DeclareUninitialized).ToArray();
        e.W.OpenBlock();
        e.PushScope();
        var ret = CppEmitter.Expect(e.EmitBody(CppEmitter.SingleBlock(op.Region(0), op)), "memref.alloca_scope.return", op);
        e.AssignAll(results, ret.Operands);
        e.PopScope();
        e.W.Close();
    }

    // -------------------------------------------------------------------------------------------
    // Views of views
    // -------------------------------------------------------------------------------------------

    /// <summary>
    /// memref.subview: <c>Kokkos::subview(src, i, Kokkos::pair&lt;int64_t, int64_t&gt;(b, e), Kokkos::ALL)</c>
    /// when every stride is 1 and the result is strided; an unmanaged View otherwise.
    /// </summary>
    private static void SubView(CppEmitter e, Operation op)
    {
        var (source, result) = (op.Operand(0), op.Result(0));
        var srcType = source.Type;
        var rank = srcType.Rank;
        var dyn = 1;
        IndexExpr[] Mixed(string attr) => op.Attribute(attr).DenseI64Elements
            .Select(v => v == Dynamic ? IndexExpr.Printed(e.Expr(op.Operand(dyn++))) : IndexExpr.Number(v)).ToArray();
        var offsets = Mixed("static_offsets");
        var sizes = Mixed("static_sizes");
        var steps = Mixed("static_strides");
        var staticSizes = op.Attribute("static_sizes").DenseI64Elements;
        var dropped = DroppedDims(staticSizes, result.Type.Shape, op);
        var src = e.Expr(source);

        if (steps.All(s => s.IsConstant(1)) && !CppTypes.IsLayoutRight(result.Type))
        {
            var args = Enumerable.Range(0, rank).Select(d =>
                dropped[d] ? offsets[d].Text
                : offsets[d].IsConstant(0) && srcType.DimSize(d) is { } full && staticSizes[d] == full ? "Kokkos::ALL"
                : $"Kokkos::pair<{CppTypes.Index}, {CppTypes.Index}>({offsets[d]}, {IndexExpr.Sum([offsets[d], sizes[d]])})");
            e.Define(result, $"Kokkos::subview({string.Join(", ", args.Prepend(src))})");
            return;
        }
        var srcStrides = Strides(srcType, src, op.Location);
        var offset = IndexExpr.Sum(Enumerable.Range(0, rank).Select(d => offsets[d] * srcStrides[d]));
        var kept = Enumerable.Range(0, rank).Where(d => !dropped[d]).ToArray();
        var strides = Prefer(StaticStrides(result.Type, op.Location), kept.Select(d => srcStrides[d] * steps[d]).ToArray());
        DefineView(e, op, result, Pointer(src, offset), Prefer(StaticShape(result.Type), kept.Select(d => sizes[d]).ToArray()), strides);
    }

    /// <summary>memref.reinterpret_cast: offsets are relative to the base allocation, which is <c>data() - source offset</c>.</summary>
    private static void ReinterpretCast(CppEmitter e, Operation op)
    {
        var (source, result) = (op.Operand(0), op.Result(0));
        var srcOffset = source.Type.HasIdentityLayout ? 0 : source.Type.StridesAndOffset?.Offset
            ?? throw CppEmitter.Unsupported(op, "the source has a dynamic offset, so its base pointer is unknown");
        var dyn = 1;
        IndexExpr[] Mixed(string attr) => op.Attribute(attr).DenseI64Elements
            .Select(v => v == Dynamic ? IndexExpr.Printed(e.Expr(op.Operand(dyn++))) : IndexExpr.Number(v)).ToArray();
        var offset = Mixed("static_offsets")[0];
        var sizes = Mixed("static_sizes");
        var strides = Mixed("static_strides");
        var relative = srcOffset == 0 ? offset : IndexExpr.Sum([offset, IndexExpr.Number(-srcOffset)]);
        DefineView(e, op, result, Pointer(e.Expr(source), relative), sizes, strides);
    }

    /// <summary>
    /// memref.extract_strided_metadata (what expand-strided-metadata leaves of a buffer it cannot see
    /// through, such as an allocation): the type's offset, the View's extents and strides, and
    /// the base buffer as a 0-d View of the allocation (<c>data() - offset</c>, as
    /// reinterpret_cast reads it). Results nothing uses are not printed.
    /// </summary>
    private static void ExtractStridedMetadata(CppEmitter e, Operation op)
    {
        var source = op.Operand(0);
        var type = source.Type;
        var rank = type.Rank;
        var offset = type.HasIdentityLayout ? 0 : type.StridesAndOffset?.Offset
            ?? throw CppEmitter.Unsupported(op, "a source with a dynamic offset (its base pointer is unknown)");
        var src = e.Expr(source);
        if (op.Result(0).HasUses) DefineView(e, op, op.Result(0), Pointer(src, IndexExpr.Number(-offset)), [], []);
        e.BindLiteral(op.Result(1), IndexExpr.Number(offset).Text);
        var extents = Extents(type, src);
        var strides = Strides(type, src, op.Location);
        for (var d = 0; d < rank; d++)
        {
            var (extent, stride) = (extents[d], strides[d]);
            e.DefineIfUsed(op.Result(2 + d), () => extent.Text);
            e.DefineIfUsed(op.Result(2 + rank + d), () => stride.Text);
        }
    }

    /// <summary>memref.collapse_shape: each group's extent is the product, its stride the innermost one.</summary>
    private static void CollapseShape(CppEmitter e, Operation op)
    {
        var (source, result) = (op.Operand(0), op.Result(0));
        var src = e.Expr(source);
        var srcExtents = Extents(source.Type, src);
        var srcStrides = Strides(source.Type, src, op.Location);
        var groups = Reassociation(op);
        var extents = groups.Select(g => g.Length == 0 ? IndexExpr.Number(1) : g.Select(d => srcExtents[d]).Aggregate((a, b) => a * b)).ToArray();
        var strides = groups.Select(g => g.Length == 0 ? IndexExpr.Number(1) : srcStrides[g[^1]]).ToArray();
        DefineView(e, op, result, $"{src}.data()",
            Prefer(StaticShape(result.Type), extents), Prefer(StaticStrides(result.Type, op.Location), strides));
    }

    /// <summary>memref.expand_shape: inside a group, strides grow from the source stride outward.</summary>
    private static void ExpandShape(CppEmitter e, Operation op)
    {
        var (source, result) = (op.Operand(0), op.Result(0));
        var src = e.Expr(source);
        var dyn = 1;
        var extents = op.Attribute("static_output_shape").DenseI64Elements
            .Select(v => v == Dynamic ? IndexExpr.Printed(e.Expr(op.Operand(dyn++))) : IndexExpr.Number(v)).ToArray();
        var srcStrides = Strides(source.Type, src, op.Location);
        var strides = new IndexExpr[extents.Length];
        var groups = Reassociation(op);
        for (var g = 0; g < groups.Length; g++)
        {
            var stride = srcStrides[g];
            for (var k = groups[g].Length - 1; k >= 0; k--)
            {
                strides[groups[g][k]] = stride;
                stride *= extents[groups[g][k]];
            }
        }
        DefineView(e, op, result, $"{src}.data()", extents, Prefer(StaticStrides(result.Type, op.Location), strides));
    }

    /// <summary>
    /// Declares an unmanaged View of the result type over <paramref name="pointer"/>:
    /// <c>View&lt;T*, LayoutRight, S&gt; v(p, e0)</c> or <c>View&lt;T*, LayoutStride, S&gt; v(p, Kokkos::LayoutStride(e0, s0))</c>.
    /// </summary>
    private static void DefineView(CppEmitter e, Operation op, Value result, string pointer, IReadOnlyList<IndexExpr> extents, IReadOnlyList<IndexExpr> strides)
    {
        var view = e.TypeOf(result);
        var args = new List<string> { pointer };
        if (CppTypes.IsLayoutRight(result.Type))
            args.AddRange(extents.Select(x => x.Text));
        else
        {
            if (strides.Count != extents.Count) throw CppEmitter.Unsupported(op, "cannot compute the strides of the result");
            args.Add($"Kokkos::LayoutStride({string.Join(", ", extents.Zip(strides, (x, s) => $"{x}, {s}"))})");
        }
        e.W.Line($"{view} {e.Name(result)}({string.Join(", ", args)});");
    }

    // -------------------------------------------------------------------------------------------
    // Shapes and strides as index expressions
    // -------------------------------------------------------------------------------------------

    /// <summary>Which source dims a rank-reducing subview drops (MLIR's greedy rank-reduction mask).</summary>
    private static bool[] DroppedDims(IReadOnlyList<long> sizes, IReadOnlyList<long?> resultShape, Operation op)
    {
        var dropped = new bool[sizes.Count];
        var r = 0;
        for (var d = 0; d < sizes.Count; d++)
        {
            var size = sizes[d] == Dynamic ? (long?)null : sizes[d];
            if (r < resultShape.Count && resultShape[r] == size) r++;
            else if (size == 1) dropped[d] = true;
            else throw CppEmitter.Unsupported(op, "cannot match the result shape to the slice sizes");
        }
        if (r != resultShape.Count) throw CppEmitter.Unsupported(op, "cannot match the result shape to the slice sizes");
        return dropped;
    }

    private static int[][] Reassociation(Operation op) =>
        op.Attribute("reassociation").ArrayElements
            .Select(g => g.ArrayElements.Select(i => (int)i.IntegerValue).ToArray()).ToArray();

    /// <summary>Extents of a View: static from the type, else <c>src.extent(d)</c>.</summary>
    private static IndexExpr[] Extents(Type type, string view) =>
        type.Shape.Select((s, d) => s is { } v ? IndexExpr.Number(v) : IndexExpr.Atom($"{view}.extent({d})")).ToArray();

    /// <summary>Strides of a View: static from the memref layout, else <c>src.stride(d)</c>.</summary>
    private static IndexExpr[] Strides(Type type, string view, Location at)
    {
        var layout = type.StridesAndOffset ?? throw CppTypes.Unsupported(type, at);
        return layout.Strides.Select((s, d) => s is { } v ? IndexExpr.Number(v) : IndexExpr.Atom($"{view}.stride({d})")).ToArray();
    }

    private static IndexExpr?[] StaticShape(Type type) => type.Shape.Select(s => s is { } v ? IndexExpr.Number(v) : (IndexExpr?)null).ToArray();

    private static IndexExpr?[] StaticStrides(Type type, Location at) =>
        (type.StridesAndOffset ?? throw CppTypes.Unsupported(type, at)).Strides.Select(s => s is { } v ? IndexExpr.Number(v) : (IndexExpr?)null).ToArray();

    /// <summary>The type's static value where it has one, the computed expression elsewhere.</summary>
    private static IndexExpr[] Prefer(IndexExpr?[] fromType, IndexExpr[] computed) =>
        fromType.Length == computed.Length ? fromType.Select((s, i) => s ?? computed[i]).ToArray() : computed;

    private static string Pointer(string view, IndexExpr offset) => offset.IsConstant(0) ? $"{view}.data()" : $"{view}.data() + {offset.Operand}";

    private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);

    // -------------------------------------------------------------------------------------------
    // memref.global (module level)
    // -------------------------------------------------------------------------------------------

    /// <summary>
    /// Globals live in device memory; a host function works on a host mirror (the same View
    /// where host and device share memory, so no copy).
    /// </summary>
    private static void GetGlobal(CppEmitter e, Operation op)
    {
        var global = e.Context.Global(op.Attribute("name").FlatSymbolRefValue, op.Location);
        if (e.TeamLevel is { } team)
        {
            // Inside the caller's kernel: the device View travels in the globals handle.
            e.Alias(op.Result(0), $"{team.Globals}.{global}");
            return;
        }
        e.Define(op.Result(0), e.MemorySpace == CppTypes.DeviceMemory
            ? global
            : $"Kokkos::create_mirror_view_and_copy({CppTypes.HostMemory}(), {global})");
    }

    /// <summary>What one memref.global contributes to the source.</summary>
    public sealed record GlobalParts(string Declaration, string? InitialData, IReadOnlyList<string> Initialize, string Finalize);

    /// <summary>
    /// A namespace-scope View (default-constructed) that <c>initialize()</c> allocates and fills
    /// from a static array of the initial value (or fills with a splat), and <c>finalize()</c> frees.
    /// </summary>
    public static GlobalParts Global(EmitContext context, Operation op, string name)
    {
        var type = op.Attribute("type").TypeValue;
        if (!type.IsMemRef || !type.HasIdentityLayout || !type.HasStaticShape)
            throw TranslationException.At(op.Location, $"unsupported operation 'memref.global': type '{type}' (only static shapes with the identity layout)");
        var view = context.Types.View(type, op.Location, CppTypes.DeviceMemory);
        var element = context.Types.Scalar(type.ElementType, op.Location);
        var extents = type.Shape.Select(s => Num(s!.Value)).ToArray();
        var init = new List<string>();
        var where = context.LocationText(op.Location);
        init.Add($"// memref.global @{FuncPrinters.SymbolName(op)}{(where is null ? "" : $" ({where})")}");
        init.Add($"{name} = {view}({string.Join(", ", extents.Prepend(CppLiterals.String(name)))});");
        string? data = null;
        var value = op.Attribute("initial_value");
        if (!value.IsNull && value.IsDenseElements)
        {
            if (value.IsSplat)
                init.Add($"Kokkos::deep_copy({name}, {ElementLiteral(context, value.SplatValue, type.ElementType, element, op)});");
            else if (WeightsGoToSideFile(value, type.ElementType))
            {
                var offset = context.AddWeights(value.DenseRawData);
                context.Helpers.Require(Helper.LoadWeights);
                init.Add($"lapis_rt::load_weights(weights, {offset}, {name});");
            }
            else
            {
                var count = value.ElementCount;
                var dataName = context.ModuleNames.Claim(name + "_init");
                var elements = Enumerable.Range(0, checked((int)count)).Select(i => DenseElement(context, value, i, type.ElementType, element)).ToArray();
                data = FormatArray($"static const {element} {dataName}[{count}]", elements);
                var source = context.Types.View(type, op.Location, CppTypes.HostMemory, constElements: true);
                init.Add($"Kokkos::deep_copy({name}, {source}({string.Join(", ", extents.Prepend(dataName))}));");
            }
        }
        else if (!value.IsNull && value.IsSparseElements)
            data = SparseInitialValue(context, op, value, type, element, name, init);
        else if (!value.IsNull && !value.IsUnit)
            throw TranslationException.At(op.Location, $"unsupported operation 'memref.global': initial value '{value}'");
        return new GlobalParts($"static {view} {name};", data, init, $"{name} = {view}();");
    }

    /// <summary>
    /// A sparse initial value (<c>sparse&lt;[[i, j], ...], [v, ...]&gt;</c>, zero elsewhere): static
    /// arrays of its coordinates and values, stored into a host mirror of the (zero-initialized)
    /// View that is then copied to it. Returns the arrays' definitions; adds the stores to <paramref name="init"/>.
    /// </summary>
    private static string? SparseInitialValue(EmitContext context, Operation op, Native.Ir.Attribute value, Type type, string element, string name, List<string> init)
    {
        var indices = value.SparseIndices;
        var values = value.SparseValues;
        var rank = type.Rank;
        var count = rank == 0 ? values.ElementCount : indices.Type.Shape[0]!.Value;
        if (count == 0) return null;
        var crdName = context.ModuleNames.Claim(name + "_crd");
        var valName = context.ModuleNames.Claim(name + "_val");
        var coordinates = Enumerable.Range(0, checked((int)(count * rank))).Select(i => Num(indices.DenseIntegerElement(i))).ToArray();
        var elements = Enumerable.Range(0, checked((int)count))
            .Select(k => DenseElement(context, values, values.IsSplat ? 0 : k, type.ElementType, element)).ToArray();
        var parts = new List<string>();
        if (rank > 0) parts.Add(FormatArray($"static const int64_t {crdName}[{count * rank}]", coordinates));
        parts.Add(FormatArray($"static const {element} {valName}[{count}]", elements));
        var host = context.ModuleNames.Claim(name + "_host");
        var at = string.Join(", ", Enumerable.Range(0, rank).Select(d => $"{crdName}[k * {rank} + {d}]"));
        init.Add($"auto {host} = Kokkos::create_mirror_view({name});");
        init.Add($"for (int64_t k = 0; k < {count}; ++k) {host}({at}) = {valName}[k];");
        init.Add($"Kokkos::deep_copy({name}, {host});");
        return string.Join("\n", parts);
    }

    /// <summary>Constants above this size go to the binary side file instead of the C++ source.</summary>
    public const int InlineConstantLimitBytes = 4096;

    private static bool WeightsGoToSideFile(Native.Ir.Attribute value, Type elementType) =>
        !CppTypes.IsBool(elementType) && value.DenseRawData.Length > InlineConstantLimitBytes;

    private static string ElementLiteral(EmitContext context, Native.Ir.Attribute scalar, Type elementType, string cppType, Operation op)
    {
        if (scalar.IsFloat) return CppLiterals.Float(scalar.FloatValue, elementType, cppType, context.Helpers);
        if (scalar.IsInteger) return CppLiterals.Integer(scalar.IntegerValue, elementType);
        throw TranslationException.At(op.Location, $"unsupported operation 'memref.global': element '{scalar}'");
    }

    private static string DenseElement(EmitContext context, Native.Ir.Attribute value, int i, Type elementType, string cppType)
    {
        if (CppTypes.IsIntegerLike(elementType)) return CppLiterals.Integer(value.DenseIntegerElement(i), elementType);
        if (elementType.IsF32 || elementType.IsF64) return CppLiterals.Float(value.DenseFloatElement(i), elementType, cppType, context.Helpers);
        var bits = BitConverter.ToUInt16(value.DenseRawData.Slice(i * 2, 2));
        var f = elementType.IsF16 ? (float)BitConverter.UInt16BitsToHalf(bits) : BitConverter.UInt32BitsToSingle((uint)bits << 16);
        return CppLiterals.Float(f, elementType, cppType, context.Helpers);
    }

    /// <summary><c>decl = {a, b, ...};</c> with eight values a line.</summary>
    private static string FormatArray(string declaration, IReadOnlyList<string> elements)
    {
        var lines = new List<string> { declaration + " = {" };
        for (var i = 0; i < elements.Count; i += 8)
        {
            var chunk = elements.Skip(i).Take(8);
            lines.Add("    " + string.Join(", ", chunk) + (i + 8 < elements.Count ? "," : ""));
        }
        lines.Add("};");
        return string.Join("\n", lines);
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;
using Type = Lapis.Native.Ir.Type;

namespace Lapis.Translator.Check;

/// <summary>
/// Chooses the extents of the entry's dynamic argument dimensions so that the shapes agree.
/// Input: the module as written (tensor or memref level), on which upstream's
/// <c>linalg-generalize-named-ops</c> is run (so every linalg op has indexing maps).
/// Output: per argument, its extents. Dimensions compared by a <c>cf.assert</c> (torch-mlir's shape
/// checks) or indexing the same loop of a linalg op get one extent; an operand dimension that a
/// window reads (<c>s*d0 + t*d1 + c</c>, strided or dilated convolutions and pools) gets the smallest
/// extent holding every window, or the window loop the largest count that fits. <c>--dim</c> fixes a
/// dimension and those that must agree with it; the rest get <c>--dynamic-size</c>.
/// </summary>
public sealed class ShapeInference
{
    private const string Generalize = "builtin.module(func.func(linalg-generalize-named-ops))";

    /// <summary>An operand dimension read through <c>sum(Coefficient * loop) + Constant</c>.</summary>
    private sealed record Window(int Operand, IReadOnlyList<(long Coefficient, int Loop)> Terms, long Constant);

    private readonly List<int> _parent = [];
    private readonly Dictionary<int, long> _fixed = [];
    private readonly Dictionary<(Value, int), int> _dims = [];
    private readonly Dictionary<Value, int> _indices = [];
    private readonly Dictionary<DimensionSlot, int> _slots = [];
    private readonly List<Window> _windows = [];
    private readonly Block _entryBlock;

    private ShapeInference(Block entryBlock) => _entryBlock = entryBlock;

    /// <summary>Per argument of <paramref name="entry"/> in the module at <paramref name="path"/>, its extents (null for a scalar).</summary>
    public static long[]?[] Choose(Context context, string path, string entry, DimensionSizes sizes)
    {
        using var module = Load.ModuleLoader.Load(context, path);
        // Named ops (matmul, conv, pooling) as linalg.generic with their indexing maps; if the pass
        // cannot run, the cf.assert constraints still apply.
        using (var pm = new PassManager(context))
        {
            pm.AddPipeline(Generalize);
            pm.TryRun(module, out _);
        }
        var func = EntrySignature.FindFunction(module, entry);
        sizes.Validate(func);
        var inference = new ShapeInference(func.Region(0).Blocks[0]);
        func.Walk(inference.Constrain);
        return inference.Solve(func.Attribute("function_type").TypeValue, sizes);
    }

    private void Constrain(Operation op)
    {
        if (op.Name == "cf.assert" && op.Operand(0).DefiningOp is { IsNull: false, Name: "arith.cmpi" } cmp
            && cmp.Attribute("predicate").IntegerValue == 0)
            Union(Index(cmp.Operand(0)), Index(cmp.Operand(1)));
        if (op.Name != "linalg.generic" || op.Attribute("indexing_maps") is not { IsNull: false, IsArray: true } maps) return;
        var loops = new Dictionary<int, int>();
        int Loop(int d) => loops.TryGetValue(d, out var n) ? n : loops[d] = Fresh();
        var mapList = maps.ArrayElements;
        for (var j = 0; j < mapList.Count && j < op.OperandCount; j++)
        {
            var operand = op.Operand(j);
            if (!operand.Type.IsShaped || !mapList[j].IsAffineMap) continue;
            var map = mapList[j].AffineMapValue;
            for (var r = 0; r < map.ResultCount && r < operand.Type.Rank; r++)
            {
                var expr = map.Result(r);
                if (expr.IsDim) Union(Loop(expr.DimPosition), Dim(operand, r));
                else if (Linear(expr) is { } linear && linear.Terms.Count > 0 && linear.Terms.All(t => t.Coefficient > 0))
                    _windows.Add(new Window(Dim(operand, r), linear.Terms.Select(t => (t.Coefficient, Loop(t.Dim))).ToArray(), linear.Constant));
            }
        }
    }

    /// <summary><paramref name="expr"/> as <c>sum(c * d) + constant</c>, or null when it is not linear in the loop dimensions.</summary>
    private static (List<(long Coefficient, int Dim)> Terms, long Constant)? Linear(AffineExpr expr)
    {
        if (expr.IsConstant) return ([], expr.ConstantValue);
        if (expr.IsDim) return ([(1, expr.DimPosition)], 0);
        if (expr.IsAdd && Linear(expr.Lhs) is { } a && Linear(expr.Rhs) is { } b) return ([.. a.Terms, .. b.Terms], a.Constant + b.Constant);
        if (expr.IsMul && Linear(expr.Lhs) is { } l && Linear(expr.Rhs) is { } r)
        {
            if (l.Terms.Count == 0) return (r.Terms.Select(t => (t.Coefficient * l.Constant, t.Dim)).ToList(), r.Constant * l.Constant);
            if (r.Terms.Count == 0) return (l.Terms.Select(t => (t.Coefficient * r.Constant, t.Dim)).ToList(), l.Constant * r.Constant);
        }
        return null;
    }

    /// <summary>The node of dimension <paramref name="d"/> of <paramref name="v"/>: its static extent, an argument's slot, or what the defining op ties it to.</summary>
    private int Dim(Value v, int d)
    {
        if (_dims.TryGetValue((v, d), out var known)) return known;
        var type = v.Type;
        int node;
        if (type.IsShaped && type.DimSize(d) is { } extent) node = Constant(extent);
        else if (v.IsBlockArgument && v.OwnerBlock == _entryBlock) node = Slot(new DimensionSlot(v.ArgumentNumber, d));
        else if (v.IsOpResult && v.DefiningOp is var op)
        {
            node = op.Name switch
            {
                // Destination-passing ops (linalg): result k has the shape of init operand k.
                _ when op.Name.StartsWith("linalg.", StringComparison.Ordinal) && op.Attribute("operandSegmentSizes") is { IsNull: false } segments
                    && segments.ToString() is var text && InputCount(text) is { } ins && ins + v.ResultNumber < op.OperandCount
                    => Dim(op.Operand(ins + v.ResultNumber), d),
                // The k-th dynamic extent is the k-th size operand.
                "tensor.empty" or "memref.alloc" or "memref.alloca" when DynamicIndex(type, d) is var k && k < op.OperandCount => Index(op.Operand(k)),
                "tensor.cast" or "memref.cast" or "bufferization.to_tensor" or "bufferization.to_buffer" when op.Operand(0).Type.IsShaped && op.Operand(0).Type.Rank == type.Rank
                    => Dim(op.Operand(0), d),
                _ => Fresh(),
            };
        }
        else node = Fresh();
        return _dims[(v, d)] = node;
    }

    /// <summary>The node of an index value: a constant, or a <c>tensor.dim</c>/<c>memref.dim</c> (through casts).</summary>
    private int Index(Value v)
    {
        if (_indices.TryGetValue(v, out var known)) return known;
        var op = v.DefiningOp;
        var node = op.IsNull ? Fresh() : op.Name switch
        {
            "tensor.dim" or "memref.dim" when op.Operand(1).DefiningOp is { IsNull: false, Name: "arith.constant" } c && c.Attribute("value").IsInteger
                => Dim(op.Operand(0), (int)c.Attribute("value").IntegerValue),
            "arith.index_cast" or "arith.index_castui" or "arith.extsi" or "arith.extui" or "arith.trunci" => Index(op.Operand(0)),
            "arith.constant" when op.Attribute("value").IsInteger => Constant(op.Attribute("value").IntegerValue),
            _ => Fresh(),
        };
        return _indices[v] = node;
    }

    private static int DynamicIndex(Type type, int d) => Enumerable.Range(0, d).Count(i => type.DimSize(i) is null);

    /// <summary>The first entry of <c>array&lt;i32: 2, 1&gt;</c>.</summary>
    private static int? InputCount(string segments)
    {
        var colon = segments.IndexOf(':');
        var comma = segments.IndexOfAny([',', '>'], colon + 1);
        return colon > 0 && comma > colon && int.TryParse(segments.AsSpan(colon + 1, comma - colon - 1).Trim(), out var n) ? n : null;
    }

    private long[]?[] Solve(Type function, DimensionSizes sizes)
    {
        foreach (var (slot, size) in sizes.Explicit) Fix(Slot(slot), size);
        var pending = new List<Window>(_windows);
        while (pending.Count > 0)
        {
            // A window whose operand extent is known: the loop left open gets the most iterations that fit.
            var solved = pending.FirstOrDefault(w => Value(w.Operand) is not null && w.Terms.Count(t => Value(t.Loop) is null) <= 1);
            if (solved is not null)
            {
                if (solved.Terms.FirstOrDefault(t => Value(t.Loop) is null) is { Coefficient: > 0 } open)
                {
                    var rest = solved.Terms.Where(t => t != open).Sum(t => t.Coefficient * (Value(t.Loop)!.Value - 1));
                    var count = (Value(solved.Operand)!.Value - 1 - solved.Constant - rest) / open.Coefficient + 1;
                    if (count >= 1) Fix(open.Loop, count);
                }
                pending.Remove(solved);
                continue;
            }
            // Otherwise the loops get their extents and the operand the smallest extent holding every window.
            var window = pending.FirstOrDefault(w => Value(w.Operand) is null) ?? pending[0];
            foreach (var t in window.Terms) if (Value(t.Loop) is null) Fix(t.Loop, sizes.Default);
            if (Value(window.Operand) is null)
                Fix(window.Operand, window.Terms.Sum(t => t.Coefficient * (Value(t.Loop)!.Value - 1)) + window.Constant + 1);
            pending.Remove(window);
        }
        return Enumerable.Range(0, function.FunctionInputCount).Select(i =>
        {
            var t = function.FunctionInput(i);
            if (!(t.IsMemRef || t.IsRankedTensor)) return null;
            return Enumerable.Range(0, t.Rank).Select(d =>
                t.DimSize(d) ?? (sizes.Explicit.TryGetValue(new DimensionSlot(i, d), out var given) ? given
                    : _slots.TryGetValue(new DimensionSlot(i, d), out var node) ? Value(node) ?? sizes.Default : sizes.Default)).ToArray();
        }).ToArray();
    }

    private int Fresh()
    {
        _parent.Add(_parent.Count);
        return _parent.Count - 1;
    }

    private int Constant(long value)
    {
        var n = Fresh();
        _fixed[n] = value;
        return n;
    }

    private int Slot(DimensionSlot slot) => _slots.TryGetValue(slot, out var n) ? n : _slots[slot] = Fresh();

    private int Find(int n)
    {
        while (_parent[n] != n) n = _parent[n] = _parent[_parent[n]];
        return n;
    }

    /// <summary>Merges two classes; a class with a known extent keeps it (the first one, if both have one).</summary>
    private void Union(int a, int b)
    {
        (a, b) = (Find(a), Find(b));
        if (a == b) return;
        if (!_fixed.ContainsKey(a) && _fixed.TryGetValue(b, out var v)) _fixed[a] = v;
        _parent[b] = a;
    }

    private long? Value(int n) => _fixed.TryGetValue(Find(n), out var v) ? v : null;

    private void Fix(int n, long value) => _fixed.TryAdd(Find(n), value);
}

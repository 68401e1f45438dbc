using Lapis.Native.Ir;
using Lapis.Translator.Dialect;
using static Lapis.Translator.Emit.Printers.PrinterSupport;

namespace Lapis.Translator.Emit.Printers;

/// <summary>
/// scf dialect → C++ statements. Loop-carried values and results of if/switch/while are
/// variables declared before the statement and assigned by the region's terminator
/// (<c>scf.yield</c> / <c>scf.condition</c>). <c>scf.parallel</c> that survived the Kokkos
/// mapping is printed as serial nested host loops with its <c>scf.reduce</c> applied in order.
/// Every loop line carries its MLIR location.
/// </summary>
internal static class ScfPrinters
{
    public static void Register(OpPrinterTable table)
    {
        table.Add("scf.for", For);
        table.Add("scf.while", While);
        table.Add("scf.if", If);
        table.Add("scf.index_switch", IndexSwitch);
        table.Add("scf.execute_region", ExecuteRegion);
        table.Add("scf.parallel", Parallel);
    }

    /// <summary><c>for (T i = lb; i &lt; ub; i += step)</c>; iter_args live in the result variables.</summary>
    private static void For(CppEmitter e, Operation op)
    {
        var body = CppEmitter.SingleBlock(op.Region(0), op);
        var args = body.Arguments;
        var carried = op.Results.Select((r, k) => e.Define(r, e.Expr(op.Operand(3 + k)))).ToArray();
        e.PushScope();
        for (var k = 0; k < carried.Length; k++) e.Alias(args[k + 1], carried[k]);
        var ivType = e.TypeOf(args[0], op.Location);
        var iv = e.NameInduction(args[0]);
        var (lb, ub, step) = (e.Expr(op.Operand(0)), e.Expr(op.Operand(1)), e.Expr(op.Operand(2)));
        var condition = op.HasAttribute("unsignedCmp")
            ? $"{AsUnsigned(e, args[0], op.Location)} < {AsUnsigned(e, op.Operand(1), op.Location)}"
            : $"{iv} < {ub}";
        var increment = step == "1" ? $"++{iv}" : $"{iv} += {step}";
        if (op.HasAttribute(LapisAttributes.Unroll))
        {
            // A loop over a compile-time count in a kernel (what a GPU thread loads ahead): unrolled in device code.
            e.Helpers.Require(Helper.DeviceUnroll);
            e.W.Line("LAPIS_UNROLL");
        }
        e.OpenAt($"for ({ivType} {iv} = {lb}; {condition}; {increment})", op.Location);
        var yield = CppEmitter.Expect(e.EmitBody(body), "scf.yield", op);
        e.AssignAll(carried, yield.Operands);
        e.W.Close();
        e.PopScope();
    }

    /// <summary>
    /// <c>while (true) { before; if (!cond) break; after; }</c>. The before-region arguments are
    /// the carried variables; a result that scf.condition forwards unchanged shares its variable.
    /// </summary>
    private static void While(CppEmitter e, Operation op)
    {
        var before = CppEmitter.SingleBlock(op.Region(0), op);
        var after = CppEmitter.SingleBlock(op.Region(1), op);
        var condition = CppEmitter.Expect(before.Terminator, "scf.condition", op);
        var beforeArgs = before.Arguments;
        var carried = beforeArgs.Select((a, k) => e.Define(a, e.Expr(op.Operand(k)))).ToArray();

        var results = op.Results;
        var resultVars = new string[results.Count];
        var assigned = new List<int>();
        for (var k = 0; k < results.Count; k++)
        {
            var forwarded = condition.Operand(k + 1);
            if (k < beforeArgs.Count && forwarded == beforeArgs[k])
            {
                resultVars[k] = carried[k];
                e.Alias(results[k], carried[k]);
            }
            else
            {
                resultVars[k] = e.DeclareUninitialized(results[k]);
                assigned.Add(k);
            }
        }

        e.OpenAt("while (true)", op.Location);
        e.PushScope();
        e.EmitBody(before);
        e.AssignAll(assigned.Select(k => resultVars[k]).ToArray(), assigned.Select(k => condition.Operand(k + 1)).ToArray());
        e.W.Line($"if (!{e.Expr(condition.Operand(0))}) break;");
        e.PopScope();

        e.PushScope();
        var afterArgs = after.Arguments;
        for (var k = 0; k < afterArgs.Count; k++) e.Alias(afterArgs[k], resultVars[k]);
        var yield = CppEmitter.Expect(e.EmitBody(after), "scf.yield", op);
        e.AssignAll(carried, yield.Operands);
        e.PopScope();
        e.W.Close();
    }

    /// <summary><c>if (c) { ... } else { ... }</c>; results are declared before and assigned in each branch.</summary>
    private static void If(CppEmitter e, Operation op)
    {
        var results = op.Results.Select(e.DeclareUninitialized).ToArray();
        e.W.Open($"if ({e.Expr(op.Operand(0))})");
        EmitBranch(e, op, op.Region(0), results);
        var elseRegion = op.Region(1);
        if (elseRegion.Blocks.Count > 0)
        {
            var block = CppEmitter.SingleBlock(elseRegion, op);
            if (results.Length > 0 || block.Operations.Count > 1)
            {
                e.W.Continue("} else");
                EmitBranch(e, op, elseRegion, results);
            }
        }
        e.W.Close();
    }

    private static void EmitBranch(CppEmitter e, Operation op, Region region, IReadOnlyList<string> results)
    {
        e.PushScope();
        var yield = CppEmitter.Expect(e.EmitBody(CppEmitter.SingleBlock(region, op)), "scf.yield", op);
        e.AssignAll(results, yield.Operands);
        e.PopScope();
    }

    /// <summary><c>switch (x) { case 1: {...} default: {...} }</c> (region 0 is the default).</summary>
    private static void IndexSwitch(CppEmitter e, Operation op)
    {
        var results = op.Results.Select(e.DeclareUninitialized).ToArray();
        var cases = op.Attribute("cases").DenseI64Elements;
        var selector = op.Operand(0);
        e.W.Open($"switch ({e.Expr(selector)})");
        for (var i = 0; i < cases.Count; i++)
        {
            e.W.Open($"case {CppLiterals.Integer(cases[i], selector.Type)}:");
            EmitBranch(e, op, op.Region(i + 1), results);
            e.W.Line("break;");
            e.W.Close();
        }
        e.W.Open("default:");
        EmitBranch(e, op, op.Region(0), results);
        e.W.Line("break;");
        e.W.Close();
        e.W.Close();
    }

    /// <summary>A single-block scf.execute_region is a C++ block.</summary>
    private static void ExecuteRegion(CppEmitter e, Operation op)
    {
        var results = op.Results.Select(e.DeclareUninitialized).ToArray();
        e.W.OpenBlock();
        EmitBranch(e, op, op.Region(0), results);
        e.W.Close();
    }

    /// <summary>
    /// scf.parallel not mapped to Kokkos: serial nested loops on the host; each scf.reduce
    /// region combines the accumulator (its first argument) with the iteration's value.
    /// </summary>
    private static void Parallel(CppEmitter e, Operation op)
    {
        var body = CppEmitter.SingleBlock(op.Region(0), op);
        var loop = new ParallelLoop(op);
        var ivs = body.Arguments;
        var n = ivs.Count;
        var carried = op.Results.Select((r, k) => e.Define(r, e.Expr(loop.InitValue(k)))).ToArray();
        e.PushScope();
        for (var d = 0; d < n; d++)
        {
            var type = e.TypeOf(ivs[d], op.Location);
            var iv = e.NameInduction(ivs[d]);
            var (lb, ub, step) = (e.Expr(loop.LowerBound(d)), e.Expr(loop.UpperBound(d)), e.Expr(loop.Step(d)));
            var header = $"for ({type} {iv} = {lb}; {iv} < {ub}; {(step == "1" ? $"++{iv}" : $"{iv} += {step}")})";
            if (d == 0) e.OpenAt(header, op.Location);
            else e.W.Open(header);
        }
        var reduce = CppEmitter.Expect(e.EmitBody(body), "scf.reduce", op);
        for (var k = 0; k < reduce.OperandCount; k++)
        {
            var region = CppEmitter.SingleBlock(reduce.Region(k), reduce);
            e.PushScope();
            e.Alias(region.Argument(0), carried[k]);
            e.Forward(region.Argument(1), reduce.Operand(k));
            var ret = CppEmitter.Expect(e.EmitBody(region), "scf.reduce.return", reduce);
            e.AssignAll([carried[k]], [ret.Operand(0)]);
            e.PopScope();
        }
        for (var d = 0; d < n; d++) e.W.Close();
        e.PopScope();
    }
}

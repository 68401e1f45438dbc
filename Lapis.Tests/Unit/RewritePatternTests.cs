using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Tests.Unit;

public sealed class RewritePatternTests
{
    /// <summary>x + x → x &lt;&lt; 1, through the C-callback pattern API and the greedy driver (which cannot fold this itself).</summary>
    private sealed class AddSelfToShift : RewritePattern
    {
        public int Matches;
        public override string RootOperation => "arith.addi";
        public override bool MatchAndRewrite(Operation op, Rewriter rewriter)
        {
            if (op.Operand(0) != op.Operand(1)) return false;
            Matches++;
            rewriter.SetInsertionPointBefore(op);
            var type = op.Result(0).Type;
            var one = rewriter.Create("arith.constant", op.Location, resultTypes: [type], attributes: [("value", rewriter.Builder.Integer(type, 1))]);
            var shift = rewriter.Create("arith.shli", op.Location, [op.Operand(0), one.Result(0)], [type]);
            rewriter.ReplaceOp(op, [shift.Result(0)]);
            return true;
        }
    }

    [Test]
    public void GreedyDriverAppliesACSharpPattern()
    {
        using var context = new Context();
        using var module = Module.Parse(context, "func.func @f(%a: i32, %b: i32) -> (i32, i32) {\n  %d = arith.addi %a, %a : i32\n  %e = arith.addi %a, %b : i32\n  return %d, %e : i32, i32\n}\n");
        var pattern = new AddSelfToShift();
        Assert.That(GreedyRewriteDriver.Apply(module.Operation, [pattern]), Is.True);
        Assert.That(pattern.Matches, Is.EqualTo(1));
        var text = module.ToString();
        Assert.That(text, Does.Contain("arith.shli %arg0, %c1_i32 : i32"));
        Assert.That(text, Does.Contain("arith.addi %arg0, %arg1 : i32"));
        Assert.That(module.TryVerify(out _), Is.True);
    }
}

using Lapis.Native.Ir;
using Lapis.Native.Passes;

namespace Lapis.Tests.Unit;

public sealed class ExternalPassTests
{
    /// <summary>Tags every func.func with a unit attribute, and counts its runs.</summary>
    private sealed class TagFunctionsPass : ExternalPass
    {
        public int Runs;
        public override string Argument => "test-tag-functions";
        public override string Description => "test";
        public override string AnchorOperation => "func.func";
        public override ExternalPass Clone() => this;
        public override void Run(Operation op, PassRun run)
        {
            Runs++;
            op.SetAttribute("test.tagged", OpBuilder.For(op).Unit);
        }
    }

    private sealed class FailingPass : ExternalPass
    {
        public override string Argument => "test-fail";
        public override string Description => "test";
        public override void Run(Operation op, PassRun run) => throw new InvalidOperationException("boom");
    }

    private const string TwoFunctions = "func.func @f() { return }\nfunc.func @g() { return }\n";

    [Test]
    public void CSharpPassRunsBetweenUpstreamPassesInOnePassManager()
    {
        var pass = new TagFunctionsPass();
        var registry = new PassRegistry().Register(() => pass);
        using var context = new Context();
        using var module = Module.Parse(context, TwoFunctions);
        using var pm = new PassManager(context, registry);
        pm.AddPipeline("builtin.module(canonicalize,func.func(test-tag-functions),symbol-dce)");
        pm.Run(module);
        Assert.That(pass.Runs, Is.EqualTo(2));
        Assert.That(module.Operation.Collect(op => op.Name == "func.func").All(f => f.HasAttribute("test.tagged")), Is.True);
    }

    [Test]
    public void ExceptionInAPassBecomesALocatedErrorNotACrash()
    {
        var registry = new PassRegistry().Register(() => new FailingPass());
        using var context = new Context();
        using var module = Module.Parse(context, TwoFunctions, "in.mlir");
        using var pm = new PassManager(context, registry);
        pm.AddPipeline("builtin.module(test-fail)");
        Assert.That(pm.TryRun(module, out var diagnostics), Is.False);
        Assert.That(diagnostics.Single().Message, Does.Contain("boom"));
    }

    [Test]
    public void UnknownPassNameIsReportedWithItsColumn()
    {
        using var context = new Context();
        using var pm = new PassManager(context);
        Assert.That(pm.TryAddPipeline("builtin.module(canonicalize,no-such-pass)", out var diagnostics), Is.False);
        var d = diagnostics.Single();
        Assert.That(d.Position.Column, Is.EqualTo(29));
        Assert.That(d.Message, Does.Contain("no-such-pass"));
    }
}

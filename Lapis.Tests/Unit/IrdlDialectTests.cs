using Lapis.Native.Ir;
using Lapis.Translator.Load;

namespace Lapis.Tests.Unit;

public sealed class IrdlDialectTests
{
    private const string Barrier = "func.func @f() {\n  \"kokkos.team_barrier\"() : () -> ()\n  return\n}\n";

    [Test]
    public void KokkosOpParsesVerifiesAndPrintsOnceTheDialectIsLoaded()
    {
        using var context = ModuleLoader.CreateContext();
        Assert.That(context.IsRegisteredOperation("kokkos.team_barrier"), Is.True);
        using var module = Module.Parse(context, Barrier);
        Assert.That(module.TryVerify(out _), Is.True);
        Assert.That(module.ToString(), Does.Contain("\"kokkos.team_barrier\"() : () -> ()"));
    }

    [Test]
    public void WithoutTheDialectTheSameInputIsRejected()
    {
        using var context = new Context();
        Assert.That(Module.TryParse(context, Barrier, out _, out var diagnostics), Is.False);
        Assert.That(diagnostics[0].Message, Does.Contain("unregistered dialect"));
    }
}

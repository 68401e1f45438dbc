using Lapis.Native.Ir;

namespace Lapis.Tests.Unit;

/// <summary>
/// The shim's arith::AtomicRMWKind names and values agree with MLIR's own parser: the
/// <c>kind</c> integer MLIR stores for <c>memref.atomic_rmw NAME</c> is the value the shim gives
/// for NAME, and back, for every kind the shim knows.
/// </summary>
public sealed class AtomicRmwKindsTests
{
    [Test]
    public void EveryKindRoundTripsThroughMlirsParser()
    {
        using var context = new Context();
        var names = new List<string>();
        for (long v = 0; AtomicRmwKinds.Name(v) is { } name; v++)
        {
            names.Add(name);
            var type = name.EndsWith('f') ? "f32" : "i32";
            using var module = Module.Parse(context, $$"""
                func.func @f(%m: memref<4x{{type}}>, %x: {{type}}, %i: index) -> {{type}} {
                  %old = memref.atomic_rmw {{name}} %x, %m[%i] : ({{type}}, memref<4x{{type}}>) -> {{type}}
                  return %old : {{type}}
                }
                """);
            var rmw = module.Operation.Collect(o => o.Name == "memref.atomic_rmw").Single();
            Assert.That(rmw.Attribute("kind").IntegerValue, Is.EqualTo(v), name);
            Assert.That(AtomicRmwKinds.Value(name), Is.EqualTo(v), name);
        }
        Assert.That(names, Does.Contain("addf").And.Contain("maxs").And.Contain("xori"));
        Assert.That(AtomicRmwKinds.Name(-1), Is.Null);
        Assert.Throws<ArgumentException>(() => AtomicRmwKinds.Value("not_a_kind"));
    }
}

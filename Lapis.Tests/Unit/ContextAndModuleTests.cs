using System.Diagnostics;
using Lapis.Native.Ir;

namespace Lapis.Tests.Unit;

public sealed class ContextAndModuleTests
{
    private const string Simple = "func.func @add(%a: i32, %b: i32) -> i32 {\n  %c = arith.addi %a, %b : i32\n  return %c : i32\n}\n";

    [Test]
    public void ParsesAndPrintsAModule()
    {
        using var context = new Context();
        using var module = Module.Parse(context, Simple);
        var text = module.ToString();
        Assert.That(text, Does.Contain("func.func @add(%arg0: i32, %arg1: i32) -> i32"));
        Assert.That(text, Does.Contain("arith.addi %arg0, %arg1 : i32"));
    }

    [Test]
    public void SyntaxErrorIsADiagnosticWithFileLineAndColumn()
    {
        using var context = new Context();
        var ok = Module.TryParse(context, "func.func @f() {\n  %x = arith.constant 1 : i32\n  return %y : i32\n}\n", out var module, out var diagnostics, "broken.mlir");
        Assert.That(ok, Is.False);
        Assert.That(module, Is.Null);
        var error = diagnostics.Single(d => d.Severity == Severity.Error);
        Assert.That(error.Position, Is.EqualTo(new SourcePosition("broken.mlir", 3, 10)));
        Assert.That(error.Message, Does.Contain("undeclared SSA value name"));
        Assert.That(error.ToString(), Does.StartWith("broken.mlir:3:10: error: "));
    }

    [Test]
    public void ParseThrowsATypedExceptionCarryingTheDiagnostics()
    {
        using var context = new Context();
        var e = Assert.Throws<MlirException>(() => Module.Parse(context, "func.func @f( {", "x.mlir"));
        Assert.That(e!.Diagnostics, Has.Count.GreaterThan(0));
        Assert.That(e.Diagnostics[0].Position.File, Is.EqualTo("x.mlir"));
    }

    [Test]
    public void FileParseLocationsCarryThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lapis-unit-{Guid.NewGuid():N}.mlir");
        File.WriteAllText(path, Simple);
        try
        {
            using var context = new Context();
            using var module = Module.ParseFile(context, path);
            var add = module.Operation.Collect(op => op.Name == "arith.addi").Single();
            Assert.That(add.Location.Position, Is.EqualTo(new SourcePosition(path, 2, 8)));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void ViewsExposeOperandsResultsAndTypes()
    {
        using var context = new Context();
        using var module = Module.Parse(context, Simple);
        var add = module.Operation.Collect(op => op.Name == "arith.addi").Single();
        Assert.That(add.OperandCount, Is.EqualTo(2));
        Assert.That(add.Operand(0).IsBlockArgument, Is.True);
        Assert.That(add.Operand(1).ArgumentNumber, Is.EqualTo(1));
        Assert.That(add.Result(0).Type.IsInteger && add.Result(0).Type.IntegerWidth == 32, Is.True);
        var ret = add.Result(0).Uses.Single();
        Assert.That(ret.Owner.Name, Is.EqualTo("func.return"));
    }

    [Test]
    public void DisposingTwiceIsHarmlessAndUseAfterDisposeThrows()
    {
        var context = new Context();
        var module = Module.Parse(context, Simple);
        module.Dispose();
        module.Dispose();
        Assert.Throws<ObjectDisposedException>(() => _ = module.Operation);
        context.Dispose();
        context.Dispose();
    }

    [Test]
    public void ModuleKeepsItsContextAliveUntilDisposed()
    {
        var context = new Context();
        var module = Module.Parse(context, Simple);
        context.Dispose(); // deferred: the module still references it
        Assert.That(module.ToString(), Does.Contain("@add"));
        module.Dispose();
        Assert.That(context.IsClosed, Is.True);
    }

    [Test]
    public void TenThousandCreateDisposeCyclesDoNotGrowNativeMemory()
    {
        static void Cycles(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var context = new Context();
                using var module = Module.Parse(context, Simple);
            }
        }
        Cycles(500); // warm up allocator pools and lazily initialised MLIR state
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = ResidentBytes();
        Cycles(10_000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var growth = ResidentBytes() - before;
        // A leaked context is ≥ 100 KB: 10,000 of them would be ≥ 1 GB. Allow allocator noise only.
        Assert.That(growth, Is.LessThan(64L << 20), $"resident memory grew by {growth >> 20} MiB over 10,000 cycles");
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}

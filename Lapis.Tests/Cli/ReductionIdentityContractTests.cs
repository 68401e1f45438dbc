using Lapis.Tests.Support;

namespace Lapis.Tests.Cli;

/// <summary>
/// The printer's contract for <c>kokkos.update_reduction</c>: the identity is an
/// <c>arith.constant</c> (the reducer's init() is printed outside the kernel). A module that
/// breaks it is a located error, not C++ that names a value out of scope.
/// </summary>
public sealed class ReductionIdentityContractTests
{
    private string _dir = "";

    [SetUp]
    public void CreateTempDir() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "lapis-identity-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void RemoveTempDir() => Directory.Delete(_dir, recursive: true);

    /// <summary>A max reduction (a reducer struct, not Kokkos' plain sum) whose identity is <paramref name="identity"/>.</summary>
    private static string MaxReduction(string identity) => $$"""
        func.func @vmax(%a: memref<?xf32>, %n: index, %init: f32) -> f32 {
          %lowest = arith.constant 0xFF800000 : f32
          %m = "kokkos.range_parallel"(%n) ({
          ^bb0(%i: index):
            %v = memref.load %a[%i] : memref<?xf32>
            "kokkos.update_reduction"(%v, {{identity}}) ({
            ^bb0(%x: f32, %y: f32):
              %s = arith.maximumf %x, %y : f32
              "gpu.yield"(%s) : (f32) -> ()
            }) {kind = "max"} : (f32, f32) -> ()
            "gpu.yield"() : () -> ()
          }) {execution_space = "device", label = "vmax"} : (index) -> f32
          return %m : f32
        }
        """;

    [Test]
    public void ConstantIdentityTranslates()
    {
        var input = Path.Combine(_dir, "vmax.mlir");
        File.WriteAllText(input, MaxReduction("%lowest"));
        var r = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(_dir, "vmax.cpp"));
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(File.ReadAllText(Path.Combine(_dir, "vmax.cpp")), Does.Contain("void init(value_type& v) const"));
    }

    [Test]
    public void NonConstantIdentityIsALocatedError()
    {
        var input = Path.Combine(_dir, "vmax.mlir");
        File.WriteAllText(input, MaxReduction("%init"));
        var r = ProcessRunner.Lapis("translate", input, "-o", Path.Combine(_dir, "vmax.cpp"));
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.StartWith($"{input}:6:5: error: unsupported operation 'kokkos.update_reduction': its identity (operand 1) must be an arith.constant"), r.StdErr);
        Assert.That(Directory.GetFiles(_dir), Is.EquivalentTo(new[] { input }));
    }
}

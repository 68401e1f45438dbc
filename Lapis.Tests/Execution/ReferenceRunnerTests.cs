using System.Globalization;
using Lapis.Native.Ir;
using Lapis.Tests.Support;
using Lapis.Translator.Check;
using Lapis.Translator.Load;

namespace Lapis.Tests.Execution;

/// <summary>The reference side of `lapis check` (MLIR's own lowering + JIT), checked against PyTorch.</summary>
public sealed class ReferenceRunnerTests
{
    private static float[] ReadFloats(string file) =>
        File.ReadLines(Path.Combine(TestPaths.SharedInputs, file)).Where(l => l.Trim().Length > 0)
            .Select(l => float.Parse(l, CultureInfo.InvariantCulture)).ToArray();

    [Test]
    public void MaxPoolThroughMlirsJitMatchesPyTorch()
    {
        SharedInputs.Require(SharedInputs.Path("maxpool_nchw.mlir"), SharedInputs.Path("maxpool_nchw.input.txt"), SharedInputs.Path("maxpool_nchw.expected_output.txt"));
        var input = ReadFloats("maxpool_nchw.input.txt");
        var expected = ReadFloats("maxpool_nchw.expected_output.txt");
        Assert.That(input, Has.Length.EqualTo(2 * 3 * 20 * 30));
        Assert.That(expected, Has.Length.EqualTo(2 * 3 * 6 * 10));
        for (var batch = 0; batch < 2; batch++)
        {
            using var context = ModuleLoader.CreateContext();
            using var module = ModuleLoader.Load(context, Path.Combine(TestPaths.SharedInputs, "maxpool_nchw.mlir"));
            var entry = EntrySignature.Find(module, "forward", dynamicSize: 1);
            var slice = input.AsSpan(batch * 1800, 1800).ToArray();
            var bytes = new byte[slice.Length * 4];
            Buffer.BlockCopy(slice, 0, bytes, 0, bytes.Length);
            var outputs = ReferenceRunner.Run(module, entry, [bytes]);
            var got = new float[180];
            Buffer.BlockCopy(outputs[0].Data, 0, got, 0, outputs[0].Data.Length);
            Assert.That(outputs[0].Shape, Is.EqualTo(new long[] { 1, 3, 6, 10 }));
            Assert.That(got, Is.EqualTo(expected.AsSpan(batch * 180, 180).ToArray()), $"batch entry {batch}");
        }
    }

    [Test]
    public void ScalarAndSeveralResultsComeBackThroughTheCInterface()
    {
        using var context = ModuleLoader.CreateContext();
        using var module = Module.Parse(context,
            "func.func @f(%x: memref<4xf64>, %s: f64) -> (memref<4xf64>, f64) {\n" +
            "  %c0 = arith.constant 0 : index\n  %c1 = arith.constant 1 : index\n  %c4 = arith.constant 4 : index\n" +
            "  %out = memref.alloc() : memref<4xf64>\n" +
            "  %sum = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %s) -> (f64) {\n" +
            "    %v = memref.load %x[%i] : memref<4xf64>\n    %d = arith.mulf %v, %v : f64\n    memref.store %d, %out[%i] : memref<4xf64>\n" +
            "    %n = arith.addf %acc, %v : f64\n    scf.yield %n : f64\n  }\n  return %out, %sum : memref<4xf64>, f64\n}\n");
        var entry = EntrySignature.Find(module, "f", 1);
        var x = new[] { 1.0, 2.0, 3.0, 4.0 };
        var xb = new byte[32];
        Buffer.BlockCopy(x, 0, xb, 0, 32);
        var outputs = ReferenceRunner.Run(module, entry, [xb, BitConverter.GetBytes(0.5)]);
        var squares = new double[4];
        Buffer.BlockCopy(outputs[0].Data, 0, squares, 0, 32);
        Assert.That(squares, Is.EqualTo(new[] { 1.0, 4.0, 9.0, 16.0 }));
        Assert.That(BitConverter.ToDouble(outputs[1].Data), Is.EqualTo(10.5));
    }
}

using Lapis.Tests.Support;
using Lapis.Translator.Check;

namespace Lapis.Tests.Unit;

/// <summary>
/// The run cache of <c>lapis onnx-conformance</c>: a test is rebuilt exactly when a file its program is
/// built from changes (or the build flavour / Kokkos does), never because of its own outputs.
/// </summary>
public sealed class ConformanceRunCacheTests
{
    [Test]
    public void TheHashFollowsInputsAndIgnoresOutputs()
    {
        using var dir = new TempDirectory("lapis-run-cache-");
        File.WriteAllText(Path.Combine(dir.Path, "test.cpp"), "int f();\n");
        File.WriteAllBytes(Path.Combine(dir.Path, "arg0.bin"), [1, 2, 3]);
        var before = ConformanceRunCache.Hash(dir.Path, "flavour");
        File.WriteAllBytes(Path.Combine(dir.Path, "result0.bin"), [9]);
        File.WriteAllText(Path.Combine(dir.Path, "done"), "0\n");
        ConformanceRunCache.Store(dir.Path, before, ran: true, "");
        Assert.That(ConformanceRunCache.Hash(dir.Path, "flavour"), Is.EqualTo(before), "outputs and the stamp are not inputs");
        Assert.That(ConformanceRunCache.Hash(dir.Path, "other flavour"), Is.Not.EqualTo(before));
        File.WriteAllBytes(Path.Combine(dir.Path, "arg0.bin"), [1, 2, 4]);
        Assert.That(ConformanceRunCache.Hash(dir.Path, "flavour"), Is.Not.EqualTo(before), "a changed input changes the hash");
    }

    [Test]
    public void LookupReturnsTheStoredOutcomeOnlyForTheSameKey()
    {
        using var dir = new TempDirectory("lapis-run-cache-");
        Assert.That(ConformanceRunCache.Lookup(dir.Path, "k"), Is.Null, "nothing stored yet");
        ConformanceRunCache.Store(dir.Path, "k", ran: false, "the generated C++ does not compile: x.cpp:3:1: error: y");
        Assert.That(ConformanceRunCache.Lookup(dir.Path, "k"), Is.EqualTo(new ConformanceRunCache.Outcome(false, "the generated C++ does not compile: x.cpp:3:1: error: y")));
        Assert.That(ConformanceRunCache.Lookup(dir.Path, "other"), Is.Null);
        ConformanceRunCache.Store(dir.Path, "k", ran: true, "");
        Assert.That(ConformanceRunCache.Lookup(dir.Path, "k"), Is.Null, "a run whose done/error marker is gone is run again");
        File.WriteAllText(Path.Combine(dir.Path, "done"), "0\n");
        Assert.That(ConformanceRunCache.Lookup(dir.Path, "k"), Is.EqualTo(new ConformanceRunCache.Outcome(true, "")));
    }
}

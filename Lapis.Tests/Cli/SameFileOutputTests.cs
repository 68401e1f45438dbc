using Lapis.Tests.Support;

namespace Lapis.Tests.Cli;

/// <summary>
/// An output that is the input under another name (a hard link: same device and inode) is
/// refused before any work, like the input's own name or a symlink to it; two outputs that are
/// hard links to one file are refused too.
/// </summary>
public sealed class SameFileOutputTests
{
    private const string Trivial = "func.func @f(%a: memref<4xf32>) {\n  return\n}\n";
    private TempDirectory _tmp = null!;

    [SetUp]
    public void Create() => _tmp = new TempDirectory("lapis-samefile-");

    [TearDown]
    public void Remove() => _tmp.Dispose();

    private string PathOf(string name) => Path.Combine(_tmp.Path, name);

    private void HardLink(string target, string link)
    {
        var r = ProcessRunner.Run("ln", [target, link]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
    }

    private static void AssertRefused(ProcessResult r, string text)
    {
        Assert.That(r.ExitCode, Is.EqualTo(1), r.StdErr);
        Assert.That(r.StdErr, Does.Contain("error: ").And.Contain(text));
        Assert.That(r.StdErr, Does.Not.Contain("internal"));
    }

    [Test]
    public void AHardLinkToTheInputIsRefusedAsOutput()
    {
        var input = PathOf("a.mlir");
        File.WriteAllText(input, Trivial);
        var link = PathOf("a.cpp");
        HardLink(input, link);
        AssertRefused(ProcessRunner.Lapis("translate", input, "-o", link), $"output '{link}' is the input file '{input}' under another name (a hard link to it)");
        var linkedMlir = PathOf("b.mlir");
        HardLink(input, linkedMlir);
        AssertRefused(ProcessRunner.Lapis("opt", input, "-o", linkedMlir), "a hard link to it");
        // The header is checked too: a.hpp linked to the input.
        var header = PathOf("c.hpp");
        HardLink(input, header);
        AssertRefused(ProcessRunner.Lapis("translate", input, "-o", PathOf("c.cpp")), $"output '{header}' is the input file");
        Assert.That(File.ReadAllText(input), Is.EqualTo(Trivial));
        Assert.That(Directory.EnumerateFileSystemEntries(_tmp.Path).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { "a.cpp", "a.mlir", "b.mlir", "c.hpp" }), "nothing written, no temp file");
    }

    [Test]
    public void TwoOutputsThatAreHardLinksToOneFileAreRefused()
    {
        var input = PathOf("a.mlir");
        File.WriteAllText(input, Trivial);
        File.WriteAllText(PathOf("out.cpp"), "old");
        HardLink(PathOf("out.cpp"), PathOf("out.hpp"));
        AssertRefused(ProcessRunner.Lapis("translate", input, "-o", PathOf("out.cpp")), "are the same file (hard links to one file)");
        Assert.That(File.ReadAllText(PathOf("out.cpp")), Is.EqualTo("old"));
    }

    [Test]
    public void ACopyOfTheInputIsAnOrdinaryOutput()
    {
        // Same content, different inode: not the input; it is replaced as usual.
        var input = PathOf("a.mlir");
        File.WriteAllText(input, Trivial);
        File.Copy(input, PathOf("copy.mlir"));
        var r = ProcessRunner.Lapis("opt", input, "-o", PathOf("copy.mlir"));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.StdErr);
        Assert.That(File.ReadAllText(PathOf("copy.mlir")), Does.Contain("func.func @f"));
    }
}

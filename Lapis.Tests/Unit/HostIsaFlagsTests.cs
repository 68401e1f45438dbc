using Lapis.Tests.Support;
using Lapis.Translator.Check;

namespace Lapis.Tests.Unit;

/// <summary>
/// The CPU's vector extensions beyond Kokkos' -march (<c>.lapis-host-isa</c> of the set-up's Kokkos):
/// read from the marker, overridden by <c>$LAPIS_HOST_ISA_FLAGS</c>, and written into the
/// <c>lapis check</c> project so its kernels get them.
/// </summary>
[NonParallelizable]
public sealed class HostIsaFlagsTests
{
    private string? saved;

    [SetUp]
    public void SaveEnvironment()
    {
        saved = Environment.GetEnvironmentVariable("LAPIS_HOST_ISA_FLAGS");
        Environment.SetEnvironmentVariable("LAPIS_HOST_ISA_FLAGS", null);
    }

    [TearDown]
    public void RestoreEnvironment() => Environment.SetEnvironmentVariable("LAPIS_HOST_ISA_FLAGS", saved);

    [Test]
    public void FlagsComeFromTheMarkerOfTheKokkosInstall()
    {
        using var kokkos = new TempDirectory("lapis-isa-");
        Assert.That(HostIsaFlags.For(kokkos.Path), Is.Empty, "a Kokkos installed otherwise has no marker: nothing is added");
        File.WriteAllText(Path.Combine(kokkos.Path, HostIsaFlags.MarkerFile), "-mavx512f -mavx512bw\n-mavx512vl  evil;rm\n");
        Assert.That(HostIsaFlags.For(kokkos.Path), Is.EqualTo(new[] { "-mavx512f", "-mavx512bw", "-mavx512vl" }), "only -m flags are taken");
        File.WriteAllText(Path.Combine(kokkos.Path, HostIsaFlags.MarkerFile), "\n");
        Assert.That(HostIsaFlags.For(kokkos.Path), Is.Empty, "an empty marker: the CPU has nothing beyond Kokkos' -march");
    }

    [Test]
    public void TheEnvironmentOverridesTheMarker()
    {
        using var kokkos = new TempDirectory("lapis-isa-");
        File.WriteAllText(Path.Combine(kokkos.Path, HostIsaFlags.MarkerFile), "-mavx512f\n");
        Environment.SetEnvironmentVariable("LAPIS_HOST_ISA_FLAGS", "none");
        Assert.That(HostIsaFlags.For(kokkos.Path), Is.Empty);
        Environment.SetEnvironmentVariable("LAPIS_HOST_ISA_FLAGS", "-mavx2 -mfma");
        Assert.That(HostIsaFlags.For(kokkos.Path), Is.EqualTo(new[] { "-mavx2", "-mfma" }));
    }

    [Test]
    public void TheCheckProjectCompilesWithTheFlags()
    {
        using var kokkos = new TempDirectory("lapis-isa-");
        using var work = new TempDirectory("lapis-isa-project-");
        new KokkosProject(work.Path, kokkos.Path).WriteCMakeLists("check", ["main.cpp"]);
        Assert.That(File.ReadAllText(Path.Combine(work.Path, "CMakeLists.txt")), Does.Not.Contain("target_compile_options"));
        File.WriteAllText(Path.Combine(kokkos.Path, HostIsaFlags.MarkerFile), "-mavx512f -mavx512vl\n");
        new KokkosProject(work.Path, kokkos.Path).WriteCMakeLists("check", ["main.cpp"]);
        Assert.That(File.ReadAllText(Path.Combine(work.Path, "CMakeLists.txt")), Does.Contain("target_compile_options(check PRIVATE -mavx512f -mavx512vl)"));
    }
}

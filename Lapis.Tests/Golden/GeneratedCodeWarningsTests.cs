using Lapis.Tests.Support;

namespace Lapis.Tests.Golden;

/// <summary>The warnings gate keeps warnings about generated files and leaves out those about any other file.</summary>
public sealed class GeneratedCodeWarningsTests
{
    [Test]
    public void OnlyWarningsInGeneratedFilesAreKept()
    {
        var generated = Path.Combine(Path.GetTempPath(), "golden", "names.cpp");
        var output = string.Join("\n",
            "[ 10%] Building CXX object CMakeFiles/lapis_golden.dir/names.cpp.o",
            $"{generated}:12:9: warning: unused variable 'v3' [-Wunused-variable]",
            $"In file included from {generated}:4:",
            "/opt/kokkos/include/Kokkos_View.hpp:100:5: warning: comparison of integer expressions of different signedness [-Wsign-compare]",
            $"{Path.Combine(Path.GetTempPath(), "golden", "golden_driver.cpp")}:3:1: warning: unused parameter 'argc' [-Wunused-parameter]",
            $"{generated}:12:9: warning: unused variable 'v3' [-Wunused-variable]",
            $"  {generated}:20:3: warning: declaration of 'acc' shadows a parameter [-Wshadow]");
        Assert.That(GeneratedCodeWarnings.In(output, [generated]), Is.EqualTo(new[]
        {
            $"{generated}:12:9: warning: unused variable 'v3' [-Wunused-variable]",
            $"{generated}:20:3: warning: declaration of 'acc' shadows a parameter [-Wshadow]",
        }));
    }
}

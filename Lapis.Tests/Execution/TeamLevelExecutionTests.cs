using System.Diagnostics;
using Lapis.Tests.Support;
using Lapis.Translator.Check;
using Lapis.Translator.Load;

namespace Lapis.Tests.Execution;

/// <summary>
/// Team-level variants run: <c>lapis translate --team-level</c> on Execution/team_level/kernels.mlir,
/// a driver that calls <c>layer_team</c> and <c>softmax_team</c> from its own TeamPolicy (one
/// team per sample, two threads per team, a LayoutLeft weight View and subviews as arguments,
/// one scratch pad for both), built against Kokkos 3.4 (OpenMP) and syntax-checked against
/// Kokkos 5; every team's outputs are compared with MLIR's own execution on its inputs.
/// </summary>
public sealed class TeamLevelExecutionTests
{
    private const int Teams = 3;
    private static string Kernels => Path.Combine(TestPaths.RepoRoot, "Lapis.Tests", "Execution", "team_level", "kernels.mlir");

    private const string Driver = """
        // Calls the team-level variants from this program's own TeamPolicy: one team per sample.
        #include "kernels.hpp"

        #include <algorithm>
        #include <cstdio>
        #include <fstream>
        #include <string>

        template <class View>
        void read(const std::string& path, const View& view) {
          auto host = Kokkos::create_mirror_view(view);
          std::ifstream in(path, std::ios::binary);
          in.read(reinterpret_cast<char*>(host.data()), static_cast<std::streamsize>(host.span() * sizeof(typename View::value_type)));
          if (!in) { std::fprintf(stderr, "cannot read %s\n", path.c_str()); std::exit(1); }
          Kokkos::deep_copy(view, host);
        }

        template <class View>
        void write(const std::string& path, const View& view) {
          auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), view);
          std::ofstream out(path, std::ios::binary);
          out.write(reinterpret_cast<const char*>(host.data()), static_cast<std::streamsize>(host.span() * sizeof(typename View::value_type)));
        }

        int main(int argc, char* argv[]) {
          Kokkos::initialize(argc, argv);
          {
            kernels::initialize();
            const int teams = 3;
            using Space = Kokkos::DefaultExecutionSpace;
            // Row-major per sample for x, y, s, p; the weights column-major (any layout works).
            Kokkos::View<float***, Kokkos::LayoutRight, Space::memory_space> x("x", teams, 8, 16), y("y", teams, 8, 4);
            Kokkos::View<float***, Kokkos::LayoutRight, Space::memory_space> w_rows("w_rows", teams, 16, 4);
            Kokkos::View<float***, Kokkos::LayoutLeft, Space::memory_space> w("w", teams, 16, 4);
            Kokkos::View<double**, Kokkos::LayoutRight, Space::memory_space> s("s", teams, 64), p("p", teams, 64);
            read("layer_x.bin", x);
            read("layer_w.bin", w_rows);
            Kokkos::deep_copy(w, w_rows);
            read("softmax_x.bin", s);

            const kernels::TeamGlobals globals = kernels::team_globals();
            const std::size_t scratch_bytes = std::max(kernels::layer_team_scratch_bytes, kernels::softmax_team_scratch_bytes);
            // Two threads per team, always (the test runs with OMP_NUM_THREADS=2, also on one core):
            // a team of one would not exercise the TeamThreadRange splits and barriers.
            const int team_size = 2;
            Kokkos::TeamPolicy<Space> policy(teams, team_size);
            policy.set_scratch_size(0, Kokkos::PerTeam(scratch_bytes));
            using Member = Kokkos::TeamPolicy<Space>::member_type;
            Kokkos::parallel_for("samples", policy, KOKKOS_LAMBDA(const Member& team) {
              const int t = team.league_rank();
              void* scratch = team.team_scratch(0).get_shmem(scratch_bytes);
              kernels::layer_team(team, globals, scratch, Kokkos::subview(x, t, Kokkos::ALL, Kokkos::ALL),
                                  Kokkos::subview(w, t, Kokkos::ALL, Kokkos::ALL), Kokkos::subview(y, t, Kokkos::ALL, Kokkos::ALL));
              kernels::softmax_team(team, globals, scratch, Kokkos::subview(s, t, Kokkos::ALL), Kokkos::subview(p, t, Kokkos::ALL));
            });
            write("layer_y.bin", y);
            write("softmax_y.bin", p);
            std::printf("team size %d, scratch %zu bytes\n", team_size, scratch_bytes);
            kernels::finalize();
          }
          Kokkos::finalize();
          return 0;
        }
        """;

    [Test]
    public void TeamLevelVariantsCalledFromATeamPolicyMatchMlir()
    {
        using var temp = new TempDirectory("lapis-team-level-");
        var work = temp.Path;
        var r = ProcessRunner.Lapis("translate", Kernels, "-o", Path.Combine(work, "kernels.cpp"), "--team-level");
        Assert.That(r.ExitCode, Is.Zero, r.StdErr);
        Assert.That(r.StdErr, Is.Empty, "every function gets a team-level variant");
        File.WriteAllText(Path.Combine(work, "driver.cpp"), Driver);

        var random = new SeededRandom(5);
        var layerX = random.Fill(ElementKind.F32, Teams * 8 * 16);
        var layerW = random.Fill(ElementKind.F32, Teams * 16 * 4);
        var softmaxX = random.Fill(ElementKind.F64, Teams * 64);
        File.WriteAllBytes(Path.Combine(work, "layer_x.bin"), layerX);
        File.WriteAllBytes(Path.Combine(work, "layer_w.bin"), layerW);
        File.WriteAllBytes(Path.Combine(work, "softmax_x.bin"), softmaxX);

        var project = new KokkosProject(work, KokkosProject.DefaultKokkosRoot());
        project.WriteCMakeLists("team_level", ["driver.cpp", "kernels.cpp"]);
        project.Build();
        var output = project.RunExecutable("team_level", new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "2" });
        TestContext.Out.WriteLine(output);
        Assert.That(output, Does.Contain("team size 2,"), "the teams must have more than one thread");

        var layerY = File.ReadAllBytes(Path.Combine(work, "layer_y.bin"));
        var softmaxY = File.ReadAllBytes(Path.Combine(work, "softmax_y.bin"));
        for (var t = 0; t < Teams; t++)
        {
            Compare("layer", t, [Slice(layerX, t, 8 * 16 * 4), Slice(layerW, t, 16 * 4 * 4)], Slice(layerY, t, 8 * 4 * 4));
            Compare("softmax", t, [Slice(softmaxX, t, 64 * 8)], Slice(softmaxY, t, 64 * 8));
        }

        SyntaxCheckAgainstKokkos5(work);
    }

    private static byte[] Slice(byte[] data, int team, int bytes) => data.AsSpan(team * bytes, bytes).ToArray();

    private static void Compare(string function, int team, IReadOnlyList<byte[]> inputs, byte[] ours)
    {
        using var context = ModuleLoader.CreateContext();
        using var module = ModuleLoader.Load(context, Kernels);
        var entry = EntrySignature.Find(module, function, dynamicSize: 1);
        var reference = ReferenceRunner.Run(module, entry, inputs)[0].Data;
        var comparison = OutputComparison.Compare(entry.Results[0], reference, ours);
        Assert.That(comparison.Passed, Is.True, $"{function}, team {team}: {comparison}");
    }

    /// <summary>The driver (which instantiates the templates) with g++ -fsyntax-only against Kokkos 5 (-std=c++20).</summary>
    private static void SyntaxCheckAgainstKokkos5(string work) =>
        Kokkos5SyntaxCheck.AssertCompiles([work], [Path.Combine(work, "driver.cpp"), Path.Combine(work, "kernels.cpp")]);
}

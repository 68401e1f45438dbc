// Time stepping with an MLP surrogate compiled from MLIR by Lapis.
//
// N cells each hold a 91-value state. Every step builds the model's 91 input features per cell
// on the device, evaluates the MALA surrogate (91 -> 100 -> 11, ReLU) for every cell and relaxes
// the state towards the outputs. The surrogate is evaluated two ways, on two copies of the state:
//   (a) device level: mala_batch::forward, the batched model over all cells (one call per step);
//   (b) team level:   mala::forward_team inside this program's own TeamPolicy, one team per
//                     cell, with the scratch size the generated header reports at compile time.
// The inputs and outputs of the model at every step are written to <output dir> as raw
// little-endian f32 ({device,team}_{in,out}_<step>.bin, row-major [cells][features]) so a test
// can check both against MLIR's own execution of the models. Prints the largest difference
// between (a) and (b) and exits 0.
#include "mala_forward.hpp"            // namespace mala: forward, forward_team, TeamGlobals
#include "mala_forward_batch8748.hpp"  // namespace mala_batch: forward over 8748 cells

#include <Kokkos_Core.hpp>

#include <math.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace {
constexpr int Cells = 8748;  // the batch size the batched model was exported with
constexpr int Features = 91;
constexpr int Outputs = 11;
constexpr int Steps = 3;

using ExecSpace = Kokkos::DefaultExecutionSpace;
template <class T>
using DeviceView = Kokkos::View<T, Kokkos::LayoutRight, ExecSpace::memory_space>;

KOKKOS_INLINE_FUNCTION float initial_state(int cell, int f) {
  return 0.5f * sinf(0.013f * static_cast<float>(cell) + 0.17f * static_cast<float>(f));
}

// The model input of feature f: the state plus a time-dependent forcing.
KOKKOS_INLINE_FUNCTION float feature(float state, int f, int step) {
  return state + 0.25f * cosf(0.7f * static_cast<float>(step) + 0.05f * static_cast<float>(f));
}

// Relaxation of the state towards the surrogate's outputs.
KOKKOS_INLINE_FUNCTION float relax(float state, float output) { return 0.8f * state + 0.2f * output; }

template <class View>
void dump(const View& view, const std::string& path) {
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), view);
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file || std::fwrite(host.data(), sizeof(float), host.span(), file) != host.span()) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  std::fclose(file);
}
}  // namespace

int main(int argc, char* argv[]) {
  Kokkos::initialize(argc, argv);
  {
    const std::string out = argc > 1 && argv[1][0] != '-' ? argv[1] : ".";
    // Both modules read their weights (<stem>.weights.bin, copied next to the executable by
    // lapis_add_kernels) from $LAPIS_WEIGHTS_DIR or the working directory.
    mala::initialize();
    mala_batch::initialize();

    DeviceView<float**> state_a("state_a", Cells, Features), state_b("state_b", Cells, Features);
    Kokkos::parallel_for("init", Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({0, 0}, {Cells, Features}),
        KOKKOS_LAMBDA(const int c, const int f) { state_a(c, f) = state_b(c, f) = initial_state(c, f); });

    DeviceView<float**> x_a("x_a", Cells, Features), x_b("x_b", Cells, Features), y_b("y_b", Cells, Outputs);
    const mala::TeamGlobals globals = mala::team_globals();  // the model's weights as device Views
    using Policy = Kokkos::TeamPolicy<ExecSpace>;
    using Member = Policy::member_type;
    float max_difference = 0;

    for (int step = 0; step < Steps; ++step) {
      // (a) device level: build all features, one call of the batched model, update.
      Kokkos::parallel_for("features", Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({0, 0}, {Cells, Features}),
          KOKKOS_LAMBDA(const int c, const int f) { x_a(c, f) = feature(state_a(c, f), f, step); });
      DeviceView<float**> y_a = mala_batch::forward(x_a);
      Kokkos::parallel_for("update", Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({0, 0}, {Cells, Features}),
          KOKKOS_LAMBDA(const int c, const int f) { state_a(c, f) = relax(state_a(c, f), y_a(c, f % Outputs)); });

      // (b) team level: one team per cell does features, surrogate and update in one kernel.
      Policy policy(Cells, Kokkos::AUTO);
      policy.set_scratch_size(0, Kokkos::PerTeam(mala::forward_team_scratch_bytes));
      Kokkos::parallel_for("step (team level)", policy, KOKKOS_LAMBDA(const Member& team) {
        const int c = team.league_rank();
        auto x = Kokkos::subview(x_b, c, Kokkos::ALL);
        auto y = Kokkos::subview(y_b, c, Kokkos::ALL);
        Kokkos::parallel_for(Kokkos::TeamThreadRange(team, Features), [&](const int f) { x(f) = feature(state_b(c, f), f, step); });
        team.team_barrier();
        void* scratch = team.team_scratch(0).get_shmem(mala::forward_team_scratch_bytes);
        mala::forward_team(team, globals, scratch, x, y);  // y is complete when it returns
        Kokkos::parallel_for(Kokkos::TeamThreadRange(team, Features), [&](const int f) { state_b(c, f) = relax(state_b(c, f), y(f % Outputs)); });
      });

      dump(x_a, out + "/device_in_" + std::to_string(step) + ".bin");
      dump(y_a, out + "/device_out_" + std::to_string(step) + ".bin");
      dump(x_b, out + "/team_in_" + std::to_string(step) + ".bin");
      dump(y_b, out + "/team_out_" + std::to_string(step) + ".bin");
      float difference = 0;
      Kokkos::parallel_reduce("compare", Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>({0, 0}, {Cells, Outputs}),
          KOKKOS_LAMBDA(const int c, const int o, float& m) { m = fmaxf(m, fabsf(y_a(c, o) - y_b(c, o))); },
          Kokkos::Max<float>(difference));
      max_difference = std::fmax(max_difference, difference);
    }
    std::printf("mala_timestep: %d cells, %d steps, team scratch %zu bytes, max |device - team| = %g\n", Cells, Steps,
                static_cast<std::size_t>(mala::forward_team_scratch_bytes), static_cast<double>(max_difference));
    mala_batch::finalize();
    mala::finalize();
  }
  Kokkos::finalize();
  return 0;
}

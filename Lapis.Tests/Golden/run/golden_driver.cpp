// Runs functions of the golden cases (Lapis.Tests/Golden/cases/*.mlir) translated to C++ and
// checks their results against MLIR's semantics, worked out by hand in each CHECK below.
// Built and run by GoldenCompileTests against Kokkos 3.4, with the GoldenRuns (golden_runs.cpp).
// Update it when a case changes.
#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "assert.hpp"
#include "calls.hpp"
#include "casts.hpp"
#include "compare_select.hpp"
#include "float_math.hpp"
#include "for_sum.hpp"
#include "half_types.hpp"
#include "if_results.hpp"
#include "index_switch.hpp"
#include "int_arith.hpp"
#include "matmul_dynamic.hpp"
#include "memref_global.hpp"
#include "memref_views.hpp"
#include "names.hpp"
#include "parallel_reduce.hpp"
#include "team_level_mlp.hpp"
#include "while_collatz.hpp"

static int failures = 0;

#define CHECK(cond)                                                      \
  do {                                                                   \
    if (!(cond)) {                                                       \
      std::printf("%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                        \
    }                                                                    \
  } while (0)

#define CHECK_EQ(actual, expected)                                                        \
  do {                                                                                    \
    auto a_ = (actual);                                                                   \
    auto e_ = (expected);                                                                 \
    if (!(a_ == e_)) {                                                                    \
      std::printf("%s:%d: %s == %s failed: %.17g vs %.17g\n", __FILE__, __LINE__, #actual, \
                  #expected, static_cast<double>(a_), static_cast<double>(e_));           \
      ++failures;                                                                         \
    }                                                                                     \
  } while (0)

#define CHECK_NEAR(actual, expected)                                                      \
  do {                                                                                    \
    double a_ = static_cast<double>(actual);                                              \
    double e_ = static_cast<double>(expected);                                            \
    if (!(std::fabs(a_ - e_) <= 1e-5 * (1 + std::fabs(e_)))) {                            \
      std::printf("%s:%d: %s ~ %s failed: %.17g vs %.17g\n", __FILE__, __LINE__, #actual, \
                  #expected, a_, e_);                                                     \
      ++failures;                                                                         \
    }                                                                                     \
  } while (0)

template <class T>
using Vec = Kokkos::View<T*, Kokkos::LayoutRight, Kokkos::HostSpace>;
template <class T>
using Mat = Kokkos::View<T**, Kokkos::LayoutRight, Kokkos::HostSpace>;

// The external function calls.mlir declares.
namespace golden_calls {
double external_scale(double x) { return 2 * x; }
}  // namespace golden_calls

static void int_arith() {
  using namespace golden_int_arith;
  Vec<int32_t> out("out", 20);
  int_ops(-7, 2, out);
  const int32_t expected[20] = {-5, -9, -14, -3, 2147483644, -1, 1, -3, 2147483645, -4,
                                0,  -5, -5,  -28, -2, 1073741822, -7, -7, 7, 49};
  for (int k = 0; k < 20; ++k) CHECK_EQ(out(k), expected[k]);

  auto [ij, big, lz, hi, tz, pop, sum, carry] = index_and_bits(4, 5, -1, 8);
  CHECK_EQ(ij, 17);
  CHECK_EQ(big, INT64_C(-5000000000));
  CHECK_EQ(lz, 0);
  CHECK_EQ(hi, -2);
  CHECK_EQ(tz, 3);
  CHECK_EQ(pop, 1);
  CHECK_EQ(sum, INT64_C(4999999999));
  CHECK(carry);

  auto [and_, or_, xor_, not_] = bool_logic(true, false);
  CHECK(!and_ && or_ && xor_ && !not_);
}

static void float_math() {
  using namespace golden_float_math;
  auto [s, d, p, q, r, n] = float_ops(3.0f, 2.0f);
  CHECK_EQ(s, 5.0f);
  CHECK_EQ(d, 1.0f);
  CHECK_EQ(p, 5.0f);
  CHECK_EQ(q, 2.5f);
  CHECK_EQ(r, 1.0f);
  CHECK_EQ(n, -2.5f);
  CHECK_NEAR(softplus(0.0), std::log(2.0) / 2);

  Vec<float> out("out", 28);
  unary_math(-2.5f, out);
  CHECK_EQ(out(19), -3.0f);  // floor
  CHECK_EQ(out(20), -2.0f);  // ceil
  CHECK_EQ(out(21), -3.0f);  // round: ties away from zero
  CHECK_EQ(out(22), -2.0f);  // roundeven: ties to even
  CHECK_EQ(out(23), -2.0f);  // trunc
  CHECK_EQ(out(24), 2.5f);   // absf
  CHECK(std::isnan(out(0)));  // sqrt of a negative
  unary_math(0.5f, out);
  CHECK_NEAR(out(1), std::sqrt(2.0));  // rsqrt
  CHECK_EQ(out(21), 1.0f);
  CHECK_EQ(out(22), 0.0f);
  CHECK_NEAR(out(17), std::erf(0.5));

  auto [pw, at, cs, fm, pi, cl] = binary_math(2.0, -3.0, 1.0, 3);
  CHECK_EQ(pw, 0.125);
  CHECK_NEAR(at, std::atan2(-3.0, 2.0));
  CHECK_EQ(cs, -2.0);
  CHECK_EQ(fm, -5.0);
  CHECK_EQ(pi, 8.0);
  CHECK_EQ(cl, 1.0);  // maximumf(minimumf(2, -3), 1), as MLIR expands clampf

  const float nan = std::nanf("");
  auto [isnan_, isinf_, isfinite_, isnormal_, fmin_, maximum_] = classify(nan);
  CHECK(isnan_ && !isinf_ && !isfinite_ && !isnormal_);
  CHECK(std::isinf(fmin_));  // minnumf ignores the NaN
  CHECK(std::isnan(maximum_));
  auto [n2, i2, f2, normal2, fmin2, max2] = classify(1e-40f);  // subnormal
  CHECK(!n2 && !i2 && f2 && !normal2);
  CHECK_EQ(fmin2, 1e-40f);
  CHECK(std::isnan(max2));  // maximumf propagates the NaN
  CHECK(std::get<3>(classify(1.0f)));
}

static void compare_select() {
  using namespace golden_compare_select;
  auto [eq, ne, slt, sle, sgt, sge, ult, ule, ugt, uge] = cmpi_all(-1, 1);
  CHECK(!eq && ne && slt && sle && !sgt && !sge);
  CHECK(!ult && !ule && ugt && uge);  // -1 is the largest unsigned value

  Vec<bool> out("out", 14);
  cmpf_all(std::nanf(""), 1.0f, out);
  for (int k = 0; k < 7; ++k) CHECK(!out(k));  // ordered predicates and ord: false on NaN
  for (int k = 7; k < 14; ++k) CHECK(out(k));  // unordered predicates: true on NaN
  cmpf_all(1.0f, 2.0f, out);
  const bool less[14] = {false, false, false, true, true, true, true, false, false, false, true, true, true, false};
  for (int k = 0; k < 14; ++k) CHECK_EQ(out(k), less[k]);

  auto [sel, maxsi, minui, minimum, maximum, minnum, maxnum] = select_minmax(true, -1, 2, -0.0, 0.0);
  CHECK_EQ(sel, -1);
  CHECK_EQ(maxsi, 2);
  CHECK_EQ(minui, 2);
  CHECK(minimum == 0.0 && std::signbit(minimum));  // -0.0 < +0.0
  CHECK(maximum == 0.0 && !std::signbit(maximum));
  CHECK(minnum == 0.0 && maxnum == 0.0);  // either zero: LLVM leaves the sign of equal zeros open
  auto [sel2, maxsi2, minui2, minimum2, maximum2, minnum2, maxnum2] = select_minmax(false, 1, -2, std::nan(""), 1.0);
  CHECK_EQ(sel2, -2);
  CHECK_EQ(maxsi2, 1);
  CHECK_EQ(minui2, 1);
  CHECK(std::isnan(minimum2) && std::isnan(maximum2));  // minimumf/maximumf propagate NaN
  CHECK_EQ(minnum2, 1.0);                                // minnumf/maxnumf ignore it
  CHECK_EQ(maxnum2, 1.0);
  auto [sel3, maxsi3, minui3, minimum3, maximum3, minnum3, maxnum3] = select_minmax(true, 3, 4, 3.0, -2.0);
  CHECK(sel3 == 3 && maxsi3 == 4 && minui3 == 3 && minimum3 == -2.0 && maximum3 == 3.0);
  CHECK_EQ(minnum3, -2.0);
  CHECK_EQ(maxnum3, 3.0);

  Vec<float> buf("buf", 3);
  buf(0) = -1;
  buf(1) = 2;
  buf(2) = -3;
  relu(buf);
  CHECK(buf(0) == 0 && buf(1) == 2 && buf(2) == 0);
}

static void casts() {
  using namespace golden_casts;
  auto [sext, zext, trunc, idx64, idx32, castui, cast, bool_ext] =
      int_casts(-1, -2, INT64_C(0x100000005), true);
  CHECK_EQ(sext, -1);
  CHECK_EQ(zext, 255);
  CHECK_EQ(trunc, -2);
  CHECK_EQ(idx64, INT64_C(0x100000005));
  CHECK_EQ(idx32, 5);
  CHECK_EQ(castui, INT64_C(4294967294));
  CHECK_EQ(cast, -2);
  CHECK_EQ(bool_ext, -1);

  auto [sitofp, uitofp, fptosi, fptoui, extf, truncf] = float_casts(-3, 2.7f, 1.5);
  CHECK_EQ(sitofp, -3.0f);
  CHECK_EQ(uitofp, 4294967296.0f);
  CHECK_EQ(fptosi, 2);
  CHECK_EQ(fptoui, 2);
  CHECK_EQ(extf, static_cast<double>(2.7f));
  CHECK_EQ(truncf, 1.5f);

  auto [bits, one] = bitcasts(1.0f, INT64_C(0x3FF0000000000000));
  CHECK_EQ(bits, 0x3F800000);
  CHECK_EQ(one, 1.0);
  CHECK(!low_bit(6) && low_bit(7));
}

static void loops() {
  {
    using namespace golden_for_sum;
    Vec<float> v("v", 3);
    v(0) = 1;
    v(1) = 2;
    v(2) = 3;
    CHECK_EQ(sum(v), 6.0f);
    CHECK_EQ(fibonacci(10), 55);
    auto [a, b] = swap_n_times(3, 1.0f, 2.0f);
    CHECK(a == 2.0f && b == 1.0f);
    Vec<double> w("w", 5);
    for (int k = 0; k < 5; ++k) w(k) = k + 1;
    CHECK_EQ(every_other(w, 1), 6.0);
  }
  {
    using namespace golden_matmul_dynamic;
    Mat<double> A("A", 2, 3), B("B", 3, 2), C("C", 2, 2);
    for (int i = 0; i < 2; ++i)
      for (int k = 0; k < 3; ++k) A(i, k) = i * 3 + k + 1;  // [[1 2 3] [4 5 6]]
    for (int k = 0; k < 3; ++k)
      for (int j = 0; j < 2; ++j) B(k, j) = k * 2 + j + 1;  // [[1 2] [3 4] [5 6]]
    C(0, 0) = 100;
    matmul(A, B, C);
    CHECK(C(0, 0) == 122 && C(0, 1) == 28 && C(1, 0) == 49 && C(1, 1) == 64);
  }
  {
    using namespace golden_while_collatz;
    CHECK_EQ(collatz_steps(27), 111);
    CHECK_EQ(collatz_steps(1), 0);
    CHECK_EQ(next_pow2(5), 16);
  }
  {
    using namespace golden_if_results;
    CHECK_EQ(abs_diff(1.0f, 3.0f), 2.0f);
    CHECK(safe_divmod(7, 0) == std::make_tuple(0, 7));
    CHECK(safe_divmod(-7, 2) == std::make_tuple(-3, -1));
    Vec<float> v("v", 2);
    v(0) = -1;
    v(1) = 1;
    clear_negative(v, 0);
    clear_negative(v, 1);
    CHECK(v(0) == 0 && v(1) == 1);
  }
  {
    using namespace golden_index_switch;
    CHECK_EQ(activation(0, -1.0f), 0.0f);
    CHECK_EQ(activation(1, 0.0f), 0.0f);
    CHECK_EQ(activation(7, 0.0f), 0.5f);
    CHECK_EQ(activation(3, 2.5f), 2.5f);
  }
}

static void memrefs() {
  {
    using namespace golden_memref_views;
    Mat<float> src("src", 3, 4), dst("dst", 3, 4);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 4; ++j) src(i, j) = i * 4 + j;
    scale_copy(src, dst, 2.0f);
    CHECK(dst(2, 3) == 22 && dst(1, 0) == 8);

    Mat<float> m("m", 8, 8);
    for (int i = 0; i < 8; ++i)
      for (int j = 0; j < 8; ++j) m(i, j) = i * 8 + j;
    auto [block, row, col, even] = slices(m, 2);
    CHECK_EQ(block, 27.0f);  // m(3, 3)
    CHECK_EQ(row, 17.0f);    // m(2, 1)
    CHECK_EQ(col, 11.0f);    // m(1, 3)
    CHECK_EQ(even, 16.0f);   // m(2, 0)

    Mat<float> r("r", 3, 16);
    for (int k = 0; k < 48; ++k) r.data()[k] = k;
    auto [flat, cube, tail] = reshapes(r, 2);
    CHECK_EQ(flat, 5.0f);
    CHECK_EQ(cube, 5.0f);   // [0, 1, 1] of 4x4 blocks
    CHECK_EQ(tail, 21.0f);  // offset 16 + 5
    CHECK_EQ(scalar_buffer(2.5), 2.5);
  }
  {
    using namespace golden_memref_global;
    initialize();
    Vec<float> y("y", 3);
    affine(1.0f, 2.0f, y);
    CHECK(y(0) == 9.5f && y(1) == 13.5f && y(2) == -9.0f);
    CHECK_EQ(tick(), 1);
    CHECK_EQ(tick(), 2);
    auto [scratch, mask] = use_scratch_and_mask(3);
    CHECK_EQ(scratch, 0);
    CHECK(mask);
    CHECK(!std::get<1>(use_scratch_and_mask(1)));
    finalize();
  }
  {
    using namespace golden_assert;
    Vec<float> v("v", 2);
    v(1) = 4;
    CHECK_EQ(checked_index(v, 1), 4.0f);
  }
}

static void calls_and_names() {
  {
    using namespace golden_calls;
    CHECK_EQ(digits_sum(1234), 10);
    CHECK_EQ(scaled(3.0), 6.0);
    log_nothing(1.0);
  }
  {
    using namespace golden_names;
    CHECK_EQ(total(1.0f, 2.0f, 3, 2.0f), 24.0f);
    CHECK_EQ(golden_names::v0(3, 4), 15);
  }
}

static void half_and_kernels() {
  {
    using namespace golden_half_types;
    using half = Kokkos::Experimental::half_t;
    Vec<half> x("x", 2), y("y", 2);
    x(0) = static_cast<half>(1.0f);
    x(1) = static_cast<half>(2.0f);
    y(0) = static_cast<half>(3.0f);
    y(1) = static_cast<half>(4.0f);
    axpy_f16(static_cast<half>(2.0f), x, y);
    CHECK(static_cast<float>(y(0)) == 5.0f && static_cast<float>(y(1)) == 8.0f);
    auto [root, wide, triple, nan] = f16_math(static_cast<half>(4.0f));
    CHECK(static_cast<float>(root) == 2.0f && wide == 2.0f && static_cast<float>(triple) == 12.0f && !nan);
    auto [e, f] = bf16_round_trip(0.0f);
    CHECK(static_cast<float>(e) == 1.0f && f == 1.0f);
    initialize();
    CHECK(static_cast<float>(second_half()) == -2.0f);
    finalize();
  }
  {
    using namespace golden_parallel_reduce;
    Mat<double> m("m", 2, 2);
    m(0, 0) = 1;
    m(0, 1) = 2;
    m(1, 0) = 3;
    m(1, 1) = 4;
    CHECK_EQ(frobenius_squared(m), 30.0);
    Vec<int32_t> v("v", 5);
    fill(v, 7);
    CHECK(v(0) == 7 && v(4) == 7);
    Vec<float> w("w", 3);
    w(0) = -3;
    w(1) = 2;
    w(2) = 1;
    CHECK_EQ(max_abs(w), 3.0f);
    w(1) = std::nanf("");
    CHECK(std::isnan(max_abs(w)));  // maximumf propagates NaN through the reduction
    Mat<float> rows("rows", 2, 4);
    const float values[8] = {1, 5, 2, 3, 7, 0, 0, 0};
    std::memcpy(rows.data(), values, sizeof(values));
    CHECK_EQ(row_maxima_sum(rows), 12.0f);
  }
}

// team_level_mlp's team-level variant, called from this program's TeamPolicy (one team of two
// threads per sample), gives what its device-level forward gives on the same sample; GoldenRuns
// checks that forward against MLIR's own execution.
static void team_level() {
  using namespace golden_team_level_mlp;
  using Space = Kokkos::DefaultExecutionSpace;
  initialize();
  const int teams = 3;
  Kokkos::View<float**, Kokkos::LayoutRight, Space::memory_space> x("x", teams, 6), y("y", teams, 3);
  Kokkos::View<float*, Kokkos::LayoutRight, Space::memory_space> sums("sums", teams);
  auto x_host = Kokkos::create_mirror_view(x);
  for (int t = 0; t < teams; ++t)
    for (int i = 0; i < 6; ++i) x_host(t, i) = 0.25f * static_cast<float>(t * 6 + i) - 2.0f;
  Kokkos::deep_copy(x, x_host);
  const TeamGlobals globals = team_globals();
  Kokkos::TeamPolicy<Space> policy(teams, 2);
  policy.set_scratch_size(0, Kokkos::PerTeam(forward_team_scratch_bytes));
  using Member = Kokkos::TeamPolicy<Space>::member_type;
  Kokkos::parallel_for("golden_team_level", policy, KOKKOS_LAMBDA(const Member& team) {
    const int t = team.league_rank();
    void* scratch = team.team_scratch(0).get_shmem(forward_team_scratch_bytes);
    forward_team(team, globals, scratch, Kokkos::subview(x, t, Kokkos::ALL), Kokkos::subview(y, t, Kokkos::ALL), Kokkos::subview(sums, t));
  });
  Kokkos::fence();
  auto y_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), y);
  auto sums_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sums);
  for (int t = 0; t < teams; ++t) {
    DeviceView<float*> sample("sample", 6);
    Kokkos::deep_copy(sample, Kokkos::subview(x, t, Kokkos::ALL));
    auto [outputs, sum] = forward(sample);
    auto outputs_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), outputs);
    auto sum_host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sum);
    for (int j = 0; j < 3; ++j) CHECK_NEAR(y_host(t, j), outputs_host(j));
    CHECK_NEAR(sums_host(t), sum_host());
  }
  finalize();
}

// The GoldenRuns' drivers (golden_runs.cpp, generated): each writes its outputs, compared with
// MLIR's own execution by GoldenCompileTests; non-zero when one could not run.
int golden_runs();

int main(int argc, char* argv[]) {
  Kokkos::initialize(argc, argv);
  {
    int_arith();
    float_math();
    compare_select();
    casts();
    loops();
    memrefs();
    calls_and_names();
    half_and_kernels();
    team_level();
    if (golden_runs() != 0) ++failures;
  }
  Kokkos::finalize();
  if (failures == 0) std::printf("golden driver: all checks passed\n");
  return failures == 0 ? 0 : 1;
}

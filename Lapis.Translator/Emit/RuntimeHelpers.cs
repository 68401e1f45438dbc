using System.Text;

namespace Lapis.Translator.Emit;

/// <summary>Helpers the printed code may call; each is emitted once, only when used.</summary>
internal enum Helper
{
    // lapis_rt (integers, bits)
    BitCast,
    WrappingArithmetic,
    CeilDivSI,
    FloorDivSI,
    CeilDivUI,
    MulHi64,
    AbsI,
    IPowI,
    CountLeadingZeros,
    CountTrailingZeros,
    PopCount,
    LoadWeights,
    VectorLengthMax,
    TeamVectorLength,
    VectorReduce,
    SyncCheck,
    ContractionSimd,
    DeviceUnroll,
    LocalArray,
    GemmTiles,
    GemmSplits,
    GemmHostSchedule,
    WindowTiles,
    MdRangeTiles,
    Vector,
    Print,
    PrintMemref,
    Random,
    TensorFiles,
    SliceSizes,
    // lapis_math (floating point beyond the plain Kokkos functions)
    SignBit,
    CopySign,
    Round,
    Rsqrt,
    IsNormal,
    IsNormalF16,
    MinimumF,
    MaximumF,
    Fma,
}

/// <summary>
/// The set of helpers one source file needs, rendered in a fixed order (same input, same bytes).
/// Helpers live in an anonymous namespace: <c>lapis_rt</c> for integer/bit helpers and
/// <c>lapis_math</c> for float and double wrappers over the Kokkos math functions
/// (<c>Kokkos::</c> from Kokkos 4, <c>Kokkos::Experimental::</c> before), all
/// <c>KOKKOS_INLINE_FUNCTION</c> so they work on host and device. f16/bf16 values are
/// converted to float by the printers before calling them.
/// </summary>
internal sealed class HelperSet
{
    private readonly SortedSet<Helper> _helpers = [];
    private readonly HashSet<string> _mathFunctions = new(StringComparer.Ordinal);

    public void Require(Helper helper)
    {
        if (!_helpers.Add(helper)) return;
        foreach (var dep in Dependencies(helper)) Require(dep);
    }

    /// <summary>Requires the <c>lapis_math::<paramref name="function"/></c> wrapper and returns its qualified name.</summary>
    public string Math(string function)
    {
        if (!MathCatalog.Any(m => m.Name == function)) throw new ArgumentException($"no Kokkos math wrapper '{function}'");
        _mathFunctions.Add(function);
        return "lapis_math::" + function;
    }

    public bool NeedsCString => _helpers.Contains(Helper.BitCast);

    public bool IsEmpty => _helpers.Count == 0 && _mathFunctions.Count == 0;

    private static IEnumerable<Helper> Dependencies(Helper helper) => helper switch
    {
        Helper.SignBit => [Helper.BitCast],
        Helper.CopySign => [Helper.SignBit],
        Helper.MinimumF or Helper.MaximumF => [Helper.SignBit],
        Helper.TeamVectorLength or Helper.MdRangeTiles => [Helper.VectorLengthMax],
        _ => [],
    };

    private enum MathKind { Unary, Binary, Predicate }

    /// <summary>Kokkos math functions available in Kokkos 3.4 (Experimental) and 4+/5 (Kokkos::).</summary>
    private static readonly (string Name, MathKind Kind)[] MathCatalog =
    [
        ("fabs", MathKind.Unary), ("sqrt", MathKind.Unary), ("cbrt", MathKind.Unary),
        ("exp", MathKind.Unary), ("exp2", MathKind.Unary), ("expm1", MathKind.Unary),
        ("log", MathKind.Unary), ("log10", MathKind.Unary), ("log2", MathKind.Unary), ("log1p", MathKind.Unary),
        ("sin", MathKind.Unary), ("cos", MathKind.Unary), ("tan", MathKind.Unary),
        ("asin", MathKind.Unary), ("acos", MathKind.Unary), ("atan", MathKind.Unary),
        ("sinh", MathKind.Unary), ("cosh", MathKind.Unary), ("tanh", MathKind.Unary),
        ("asinh", MathKind.Unary), ("acosh", MathKind.Unary), ("atanh", MathKind.Unary),
        ("erf", MathKind.Unary), ("erfc", MathKind.Unary),
        ("ceil", MathKind.Unary), ("floor", MathKind.Unary), ("trunc", MathKind.Unary), ("nearbyint", MathKind.Unary),
        ("fmod", MathKind.Binary), ("fmin", MathKind.Binary), ("fmax", MathKind.Binary),
        ("pow", MathKind.Binary), ("atan2", MathKind.Binary),
        ("isnan", MathKind.Predicate), ("isinf", MathKind.Predicate), ("isfinite", MathKind.Predicate),
    ];

    /// <summary>The helper block for the top of the source file (empty when nothing is used).</summary>
    public string Render()
    {
        if (IsEmpty) return "";
        var sb = new StringBuilder();
        sb.Append("namespace {\n");
        var rt = _helpers.Where(h => h < Helper.SignBit).ToArray();
        if (rt.Length > 0)
        {
            sb.Append("namespace lapis_rt {\n");
            foreach (var h in rt) sb.Append('\n').Append(Guarded($"LAPIS_RT_{h}", Text(h)));
            sb.Append("\n}  // namespace lapis_rt\n");
        }
        var math = _helpers.Where(h => h >= Helper.SignBit).ToArray();
        if (math.Length > 0 || _mathFunctions.Count > 0)
        {
            if (rt.Length > 0) sb.Append('\n');
            sb.Append("namespace lapis_math {\n\n");
            sb.Append("#if KOKKOS_VERSION >= 40000\nnamespace km = Kokkos;\n#else\nnamespace km = Kokkos::Experimental;\n#endif\n");
            var simple = MathCatalog.Where(m => _mathFunctions.Contains(m.Name)).ToArray();
            if (simple.Length > 0) sb.Append('\n');
            foreach (var (name, kind) in simple)
            {
                sb.Append($"#ifndef LAPIS_MATH_{name}\n#define LAPIS_MATH_{name}\n");
                foreach (var t in new[] { "float", "double" })
                {
                    sb.Append(kind switch
                    {
                        MathKind.Unary => $"KOKKOS_INLINE_FUNCTION {t} {name}({t} x) {{ return km::{name}(x); }}\n",
                        MathKind.Binary => $"KOKKOS_INLINE_FUNCTION {t} {name}({t} x, {t} y) {{ return km::{name}(x, y); }}\n",
                        _ => $"KOKKOS_INLINE_FUNCTION bool {name}({t} x) {{ return km::{name}(x); }}\n",
                    });
                }
                sb.Append("#endif\n");
            }
            foreach (var h in math) sb.Append('\n').Append(Guarded($"LAPIS_MATH_{h}", Text(h)));
            sb.Append("\n}  // namespace lapis_math\n");
        }
        sb.Append("}  // namespace\n");
        return sb.ToString();
    }

    /// <summary>
    /// Each helper is guarded so that several generated sources can be compiled as one
    /// translation unit (unity builds, or #including two modules' sources).
    /// </summary>
    private static string Guarded(string macro, string text) =>
        $"#ifndef {macro}\n#define {macro}\n{text.TrimEnd('\n')}\n#endif\n";

    public bool NeedsFileIo => _helpers.Contains(Helper.LoadWeights);

    public bool NeedsIostream => _helpers.Contains(Helper.PrintMemref);

    public bool NeedsRandom => _helpers.Contains(Helper.Random);

    public bool NeedsTensorFiles => _helpers.Contains(Helper.TensorFiles);

    private static string Text(Helper helper) => helper switch
    {
        Helper.LoadWeights => """
            // Fills a global View from the weights side file (raw little-endian elements at an offset).
            template <class View>
            void load_weights(const std::string& path, std::streamoff offset, const View& view) {
              auto host = Kokkos::create_mirror_view(view);
              std::ifstream in(path, std::ios::binary);
              in.seekg(offset);
              in.read(reinterpret_cast<char*>(host.data()), static_cast<std::streamsize>(host.span() * sizeof(typename View::value_type)));
              if (!in) throw std::runtime_error("lapis: cannot read " + std::to_string(host.span()) + " weights at offset " + std::to_string(offset) + " of '" + path + "'");
              Kokkos::deep_copy(view, host);
            }
            """,
        Helper.SyncCheck => """
            // --check-syncs: a DualView's modified flags as they would be on any backend (Kokkos does
            // not keep them where host and device share memory), and writes not yet marked modified.
            struct SyncState {
              unsigned host = 0, device = 0;
              const char* unmarked_host = nullptr;    // where the host wrote since its last modify_host
              const char* unmarked_device = nullptr;  // where the device wrote since its last modify_device
              void modify(bool on_host) {
                (on_host ? host : device) = (host > device ? host : device) + 1;
                (on_host ? unmarked_host : unmarked_device) = nullptr;
              }
              void sync(bool to_host) {
                if (to_host ? host < device : device < host) host = device = 0;
              }
              void wrote(bool on_host, const char* where) { (on_host ? unmarked_host : unmarked_device) = where; }
            };

            // Aborts unless the host (or device) side of a DualView is up to date before it is used.
            inline void check_synced(const SyncState& state, bool host, const char* buffer, const char* where) {
              const char* side = host ? "host" : "device";
              const char* other = host ? "device" : "host";
              if (const char* unmarked = host ? state.unmarked_device : state.unmarked_host) {
                std::fprintf(stderr, "lapis sync check: %s is used on the %s at %s, but the %s wrote it at %s without modify_%s\n",
                             buffer, side, where, other, unmarked, other);
                std::abort();
              }
              if (host ? state.host < state.device : state.device < state.host) {
                std::fprintf(stderr, "lapis sync check: %s is used on the %s at %s, but its %s copy is stale (a sync_%s is missing)\n",
                             buffer, side, where, side, side);
                std::abort();
              }
            }
            """,
        Helper.VectorLengthMax => """
            // kokkos.vector_length_max: the longest TeamPolicy vector length Lapis uses on the
            // execution space, 1 where it runs on the host (a host team's vector loop is a plain loop;
            // Kokkos 4's OpenMP backend reports more than 1, and launch rules that took that for a GPU
            // asked it for 128-thread teams), else what its TeamPolicy supports.
            template <class ExecutionSpace>
            int64_t vector_length_max() {
              if (Kokkos::SpaceAccessibility<ExecutionSpace, Kokkos::HostSpace>::accessible) return 1;
              return Kokkos::TeamPolicy<ExecutionSpace>::vector_length_max();
            }

            """,
        Helper.TeamVectorLength => """
            // kokkos.vector_length: the largest power of two <= average / 8 (at least 1), at most what
            // the execution space's TeamPolicy supports (1 on host backends). Each lane keeps at least
            // 8 entries: one lane up to 15 entries (a CSR row of a 7-point stencil reached 73 % of
            // DRAM bandwidth on an H200 with 1 lane, 43 % with 4).
            template <class ExecutionSpace>
            int64_t team_vector_length(int64_t average) {
              const int64_t max_length = vector_length_max<ExecutionSpace>();
              int64_t length = 1;
              while (length * 2 * 8 <= average && length * 2 <= max_length) length *= 2;
              return length;
            }

            """,
        Helper.VectorReduce => """
            // A reduction over a team thread's vector lanes (kokkos.vector_parallel with results):
            // Kokkos' ThreadVectorRange reduction where the team runs several lanes, a plain loop where
            // it runs one (lanes: the TeamPolicy's vector length). With one lane, Kokkos 4.6's CUDA
            // ThreadVectorRange reduction made a CSR SpMV on an H200 2.3x slower than the loop
            // (0.70 vs 0.31 ms, 200^3 Laplacian). The first overload is a plain sum into a scalar,
            // the second a reducer (its init() gives the identity).
            template <class Member, class Body, class Scalar>
            KOKKOS_INLINE_FUNCTION void vector_reduce(const Member& team, int64_t lanes, int64_t count, const Body& body, Scalar& result) {
              if (lanes == 1) {
                Scalar sum = 0;
                for (int64_t i = 0; i < count; ++i) body(i, sum);
                result = sum;
              } else {
                Kokkos::parallel_reduce(Kokkos::ThreadVectorRange(team, count), body, result);
              }
            }
            template <class Member, class Body, class Reducer>
            KOKKOS_INLINE_FUNCTION void vector_reduce(const Member& team, int64_t lanes, int64_t count, const Body& body, const Reducer& reducer) {
              if (lanes == 1) {
                typename Reducer::value_type value;
                reducer.init(value);
                for (int64_t i = 0; i < count; ++i) body(i, value);
                reducer.reference() = value;
              } else {
                Kokkos::parallel_reduce(Kokkos::ThreadVectorRange(team, count), body, reducer);
              }
            }

            """,
        Helper.ContractionSimd => """
            // The register tile's innermost loop of a kokkos.contraction: `omp simd` where the host
            // compiler runs OpenMP (GCC keeps the MR x NR tile in vector registers only with it);
            // nothing elsewhere (GPU threads run the loop as it is).
            #if defined(_OPENMP)
            #define LAPIS_SIMD _Pragma("omp simd")
            #else
            #define LAPIS_SIMD
            #endif

            """,
        Helper.DeviceUnroll => """
            // Full unrolling of a loop over compile-time tile extents in device code (CUDA, HIP, SYCL
            // device passes), so a thread's register tile stays in registers; nothing on the host.
            #if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__) || defined(__SYCL_DEVICE_ONLY__)
            #define LAPIS_UNROLL _Pragma("unroll")
            #else
            #define LAPIS_UNROLL
            #endif

            """,
        Helper.LocalArray => """
            // A small fixed-size array local to one kernel iteration (memref.alloca in a kernel): the
            // values a GPU thread loads ahead of using them. Indexed like a View; with LAPIS_UNROLL
            // loops over it its indices are compile-time constants and it lives in registers.
            template <class T, int N>
            struct local_array {
              T data[N];
              KOKKOS_INLINE_FUNCTION T& operator()(int64_t i) { return data[i]; }
              KOKKOS_INLINE_FUNCTION const T& operator()(int64_t i) const { return data[i]; }
            };

            """,
        Helper.GemmTiles => """
            // Tile sizes of a kokkos.contraction / kokkos.convolution, chosen at compile time by where
            // the execution space runs: the host table where it can access host memory (one team per
            // core works through its block's register tiles, packs in team scratch level 1), the device
            // table elsewhere (one register tile per thread, kept across the whole reduction; team size
            // = threads; packs k-major in level-0 scratch with `vec` elements of padding per row, so
            // neighbouring threads touch neighbouring banks). On GPUs a register tile of multiples of 4
            // is 4-wide groups of rows (columns) bm / (mr / 4) apart, read from the packs 4 contiguous
            // values at a time (one 16-byte shared-memory load for f32, `pack_vector`): 4 loads per
            // reduction step of an 8 x 8 tile instead of 16 (SGEMM 4096 on an H200: 0.48 -> 0.52-0.55x cuBLAS).
            // The host table is sized for AVX2's 16 vector registers; compiled for AVX-512 (32 registers,
            // __AVX512F__) the host takes twice its register-tile rows (12 x 16 f32 = 12 zmm accumulators),
            // 1.5 times its block rows and twice its reduction depth: ResNet-18 batch 1 on 2 Zen 5 cores
            // 37.0 -> 26.5-27.7 ms (2 runs; 29.5 ms with the rows alone, 32.4 ms with the depth alone).
            #if defined(__AVX512F__)
            constexpr int64_t gemm_host_widen = 2;
            #else
            constexpr int64_t gemm_host_widen = 1;
            #endif
            template <class Space, int64_t HostBM, int64_t HostBN, int64_t HostBK, int64_t HostMR, int64_t HostNR,
                      int64_t DeviceBM, int64_t DeviceBN, int64_t DeviceBK, int64_t DeviceMR, int64_t DeviceNR>
            struct gemm_tiles {
              static constexpr bool on_host = Kokkos::SpaceAccessibility<Space, Kokkos::HostSpace>::accessible;
              static constexpr int64_t host_mr = HostMR * gemm_host_widen;
              static constexpr int64_t host_bm = gemm_host_widen == 1 ? HostBM : (HostBM * 3 / 2 / host_mr > 0 ? HostBM * 3 / 2 / host_mr : 1) * host_mr;
              static constexpr int64_t bm = on_host ? host_bm : DeviceBM, bn = on_host ? HostBN : DeviceBN, bk = on_host ? HostBK * gemm_host_widen : DeviceBK;
              static constexpr int64_t mr = on_host ? host_mr : DeviceMR, nr = on_host ? HostNR : DeviceNR;
              static constexpr int scratch_level = on_host ? 1 : 0;
              static constexpr int64_t threads = (bm / mr) * (bn / nr);
              static constexpr int64_t vec = !on_host && mr % 4 == 0 && nr % 4 == 0 ? 4 : 1;
              static constexpr int64_t a_stride = on_host ? bm : bm + vec, b_stride = on_host ? bn : bn + vec;
              static constexpr int64_t a_pack = a_stride * bk, b_pack = bk * b_stride;
              // the block row (column) of register-tile row ii (column jj) of the thread at tile row p (column q)
              KOKKOS_INLINE_FUNCTION static constexpr int64_t row_of(int p, int ii) { return ii / vec * (bm / (mr / vec)) + p * vec + ii % vec; }
              KOKKOS_INLINE_FUNCTION static constexpr int64_t col_of(int q, int jj) { return jj / vec * (bn / (nr / vec)) + q * vec + jj % vec; }
            };

            // `vec` contiguous pack values, aligned so that one load reads them.
            template <class T, int64_t Vec>
            struct alignas(sizeof(T) * Vec) pack_vector {
              T v[Vec];
            };

            """,
        Helper.WindowTiles => """
            // Output block of a kokkos.sliding_window (bc channels x th rows x tw columns), chosen at
            // compile time by where the execution space runs: the host table where it can access host
            // memory (one thread per team), the device table elsewhere.
            template <class Space, int64_t HostBC, int64_t HostTH, int64_t HostTW, int64_t DeviceBC, int64_t DeviceTH, int64_t DeviceTW>
            struct window_tiles {
              static constexpr bool on_host = Kokkos::SpaceAccessibility<Space, Kokkos::HostSpace>::accessible;
              static constexpr int64_t bc = on_host ? HostBC : DeviceBC, th = on_host ? HostTH : DeviceTH, tw = on_host ? HostTW : DeviceTW;
            };

            """,
        Helper.GemmSplits => """
            // How many teams share the reduction of one output block of a kokkos.contraction /
            // kokkos.convolution: 1 on host backends; on GPUs enough to give the device one full wave
            // of teams (concurrency / threads per team) when the blocks alone do not, each keeping at
            // least 8 bk-deep slices. ResNet-18's last convolutions (512 x 49 outputs, k = 4608) have
            // 128 blocks of 16 x 16 for an H200's 1,056 resident teams.
            template <class Tiles, class ExecutionSpace>
            int64_t gemm_splits(int64_t blocks, int64_t k) {
              if (Tiles::on_host || blocks <= 0) return 1;
              const int64_t wave = static_cast<int64_t>(ExecutionSpace().concurrency()) / Tiles::threads;
              int64_t splits = blocks >= wave ? 1 : (wave + blocks - 1) / blocks;
              const int64_t most = k / (8 * Tiles::bk);
              if (splits > most) splits = most;
              return splits < 1 ? 1 : splits;
            }

            """,
        Helper.GemmHostSchedule => """
            // Host backends (one thread per team): the blocks of a kokkos.contraction / kokkos.convolution
            // (batch x m x n outputs, reduction k). A team owns one column block (per batch) and a run of
            // its row blocks: it packs the rhs tile of its columns once per slice for all of them and
            // each of its row blocks' lhs tile (GotoBLAS' order). Chosen here: c column blocks of equal
            // width (nr panels, at most bn) and g runs of equal height (mr panels, in row blocks of at
            // most bm), at least the tiles' blocks, minimizing the slowest thread's work under the static
            // split of the batch x c x g teams: rounds of teams times a team's multiply-adds (in 16-wide
            // FMAs, two a cycle: / 32) plus its packed elements (its rows' lhs, its columns' rhs; about a
            // cycle each). Before, the tiles' bm x bn blocks with four teams per thread left a thread idle
            // for a seventh of ResNet-18's 56 x 56 convolutions (13 column blocks on 2 threads) and had
            // four teams pack the same rhs tile on its 7 x 7 ones (one column block, four row blocks).
            struct gemm_host_plan {
              int64_t bm, bn;              // rows, columns of a block (multiples of mr, nr; at most the tiles' bm, bn)
              int64_t blocks_m, blocks_n;  // blocks per batch
              int64_t per_group;           // row blocks per team
              int64_t row_groups;          // teams per column block
              int64_t teams;               // batch x blocks_n x row_groups
            };
            template <class ExecutionSpace>
            gemm_host_plan gemm_host_schedule(int64_t batch, int64_t m, int64_t n, int64_t k, int64_t bm, int64_t bn, int64_t mr, int64_t nr) {
              const int64_t threads = static_cast<int64_t>(ExecutionSpace().concurrency()) > 0 ? static_cast<int64_t>(ExecutionSpace().concurrency()) : 1;
              const auto ceil_div = [](int64_t a, int64_t b) { return (a + b - 1) / b; };
              const auto gcd = [](int64_t a, int64_t b) { while (b != 0) { const int64_t r = a % b; a = b; b = r; } return a; };
              if (batch <= 0 || m <= 0 || n <= 0) return {bm, bn, ceil_div(m > 0 ? m : 0, bm), ceil_div(n > 0 ? n : 0, bn), 1, 1, 0};
              const int64_t panels_m = ceil_div(m, mr), panels_n = ceil_div(n, nr);
              const int64_t least_c = ceil_div(panels_n, bn / nr), most_g = panels_m < 4 * threads ? panels_m : 4 * threads;
              const double depth = static_cast<double>(k > 0 ? k : 1);
              int64_t best_c = least_c, best_g = 1;
              double best = -1;
              for (int64_t g = 1; g <= most_g; ++g) {
                // the fewest column blocks, and the fewest that make the teams a multiple of the threads
                const int64_t step = threads / gcd(batch * g, threads);
                const int64_t even_c = (least_c + step - 1) / step * step;
                for (const int64_t c : {least_c, even_c <= panels_n ? even_c : least_c}) {
                  const int64_t width = ceil_div(panels_n, c), height = ceil_div(panels_m, g);  // in panels
                  const int64_t teams = batch * ceil_div(panels_n, width) * ceil_div(panels_m, height);
                  const double team = depth * (static_cast<double>(width * nr) * static_cast<double>(height * mr) / 32.0 + static_cast<double>(width * nr + height * mr));
                  const double cost = static_cast<double>(ceil_div(teams, threads)) * team;
                  if (best < 0 || cost < best) { best = cost; best_c = c; best_g = g; }
                }
              }
              gemm_host_plan plan;
              const int64_t width = ceil_div(panels_n, best_c), height = ceil_div(panels_m, best_g);  // in panels
              plan.bn = width * nr;
              plan.blocks_n = ceil_div(panels_n, width);
              plan.per_group = ceil_div(height * mr, bm);                                            // row blocks per run
              plan.bm = ceil_div(height, plan.per_group) * mr;
              plan.blocks_m = ceil_div(panels_m, plan.bm / mr);
              plan.row_groups = ceil_div(plan.blocks_m, plan.per_group);
              plan.teams = batch * plan.blocks_n * plan.row_groups;
              return plan;
            }

            """,
        Helper.MdRangeTiles => """
            // MDRangePolicy tile sizes (kokkos.range_parallel of rank >= 2). On GPUs (a TeamPolicy
            // vector length above 1) the innermost tile covers up to 128 contiguous elements (the
            // extent rounded up to a power of two, so a warp or more once the extent allows) and the
            // outer tiles fill the block to 128 threads: Kokkos' defaults (32 or 64 threads, 16 wide)
            // left most threads idle on an H200, and tiles {1, 128} ran a GEMM-like copy 3.2x faster.
            // Host backends keep Kokkos' default tiles (0).
            template <class ExecutionSpace, std::size_t Rank>
            Kokkos::Array<int64_t, Rank> md_tiles(const int64_t (&extents)[Rank]) {
              Kokkos::Array<int64_t, Rank> tiles;
              for (std::size_t d = 0; d < Rank; ++d) tiles[d] = 0;
              if (vector_length_max<ExecutionSpace>() == 1) return tiles;
              int64_t threads = 1;
              for (std::size_t k = 0; k < Rank; ++k) {
                const std::size_t d = Rank - 1 - k;
                int64_t tile = 1;
                while (tile < extents[d] && threads * tile * 2 <= 128) tile *= 2;
                tiles[d] = tile;
                threads *= tile;
              }
              return tiles;
            }
            """,
        Helper.Vector => """
            // A vector value (vector<2x3xf64> is vec<double, 6>): its elements, row-major.
            template <class T, int N>
            struct vec {
              T data[N];
              KOKKOS_INLINE_FUNCTION T& operator[](int64_t i) { return data[i]; }
              KOKKOS_INLINE_FUNCTION const T& operator[](int64_t i) const { return data[i]; }
            };
            """,
        Helper.Print => """
            // vector.print, as MLIR's C runner utilities print (printF32/printF64: %g, -nan for a
            // negative NaN; printI64/printU64; printString, printOpen "( ", printComma ", "...), on stdout.
            inline void print_float(double x) {
              if (std::isnan(x) && std::signbit(x)) std::fputs("-nan", stdout);
              else std::printf("%g", x);
            }
            inline void print_signed(int64_t x) { std::printf("%lld", static_cast<long long>(x)); }
            inline void print_unsigned(uint64_t x) { std::printf("%llu", static_cast<unsigned long long>(x)); }
            inline void print_string(const char* s) { std::fputs(s, stdout); }
            """,
        Helper.SliceSizes => """
            // The storage specifier of a sparse tensor slice: the sizes of lapis::StorageSizes and, per
            // dimension, the slice's offset and stride in the tensor it views (MLIR's dim_offset/dim_stride).
            template <int Levels>
            struct SliceSizes : lapis::StorageSizes<Levels> {
              int64_t dim_offsets[Levels] = {};
              int64_t dim_strides[Levels] = {};
            };
            """,
        Helper.Random => """
            // rtsrand/rtrand/rtdrand/shuffle of MLIR's C runner utilities (CRunnerUtils.cpp), the same
            // way: a std::mt19937 seeded with s, std::uniform_int_distribution<uint64_t>(0, m) (m
            // included), std::shuffle of 0..n-1. The same standard library gives the same numbers.
            inline void* rtsrand(uint64_t seed) { return new std::mt19937(seed); }
            inline uint64_t rtrand(void* generator, uint64_t m) {
              std::uniform_int_distribution<uint64_t> distribution(0, m);
              return distribution(*static_cast<std::mt19937*>(generator));
            }
            inline void rtdrand(void* generator) { delete static_cast<std::mt19937*>(generator); }
            template <class View>
            void shuffle(const View& view, void* generator) {
              std::vector<uint64_t> permutation(view.extent(0));
              std::iota(permutation.begin(), permutation.end(), uint64_t(0));
              std::shuffle(permutation.begin(), permutation.end(), *static_cast<std::mt19937*>(generator));
              auto host = Kokkos::create_mirror_view(view);
              for (std::size_t i = 0; i < permutation.size(); ++i) host(i) = static_cast<typename View::non_const_value_type>(permutation[i]);
              Kokkos::deep_copy(view, host);
            }
            """,
        Helper.TensorFiles => Sparse.SparseRuntime.TensorFiles,
        Helper.PrintMemref => """
            // printMemref* of MLIR's runner utilities (RunnerUtils.h printMemRef): the metadata, then the
            // elements nested in brackets, printed with operator<< as there. base@ is the address of
            // the buffer's first element on the host (it differs from run to run, as upstream's).
            template <class T>
            void print_memref_data(const T* base, int64_t dim, int64_t rank, int64_t offset, const int64_t* sizes, const int64_t* strides) {
              if (dim == 0) {
                std::cout << base[offset];
                return;
              }
              std::cout << "[";
              print_memref_data(base, dim - 1, rank, offset, sizes + 1, strides + 1);
              if (sizes[0] <= 1) {
                std::cout << "]";
                return;
              }
              std::cout << ", ";
              if (dim > 1) std::cout << "\n";
              for (int64_t i = 1; i + 1 < sizes[0]; ++i) {
                for (int64_t s = 0; s < rank - dim + 1; ++s) std::cout << ' ';
                print_memref_data(base, dim - 1, rank, offset + i * strides[0], sizes + 1, strides + 1);
                std::cout << ", ";
                if (dim > 1) std::cout << "\n";
              }
              for (int64_t s = 0; s < rank - dim + 1; ++s) std::cout << ' ';
              print_memref_data(base, dim - 1, rank, offset + (sizes[0] - 1) * strides[0], sizes + 1, strides + 1);
              std::cout << "]";
            }

            template <class View>
            void print_memref(const char* prefix, const View& view, int64_t offset) {
              auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), view);
              constexpr int64_t rank = static_cast<int64_t>(View::rank);
              int64_t sizes[rank > 0 ? rank : 1] = {}, strides[rank > 0 ? rank : 1] = {};
              for (int64_t d = 0; d < rank; ++d) {
                sizes[d] = static_cast<int64_t>(host.extent(d));
                strides[d] = static_cast<int64_t>(host.stride(d));
              }
              const auto* base = host.data() - offset;
              std::cout << prefix << "base@ = " << static_cast<const void*>(base) << " rank = " << rank << " offset = " << offset << " sizes = [";
              for (int64_t d = 0; d < rank; ++d) std::cout << (d ? ", " : "") << sizes[d];
              std::cout << "] strides = [";
              for (int64_t d = 0; d < rank; ++d) std::cout << (d ? ", " : "") << strides[d];
              std::cout << "] data = " << std::endl;
              if (rank == 0) std::cout << "[";
              print_memref_data(base, rank, rank, offset, sizes, strides);
              if (rank == 0) std::cout << "]";
              std::cout << std::endl;
            }
            """,
        Helper.BitCast => """
            // arith.bitcast: same bits, another type (memcpy works on host and device).
            template <class To, class From>
            KOKKOS_INLINE_FUNCTION To bit_cast(const From& from) {
              static_assert(sizeof(To) == sizeof(From), "bit_cast between types of different sizes");
              To to;
              memcpy(&to, &from, sizeof(To));
              return to;
            }

            """,
        Helper.WrappingArithmetic => """
            // arith.addi/subi/muli on 32/64-bit values: two's complement wrap-around, as in MLIR
            // (signed overflow is undefined in C++), computed in the unsigned type of the same width.
            template <class T>
            KOKKOS_INLINE_FUNCTION T wrapping_add(T a, T b) {
              using U = std::make_unsigned_t<T>;
              return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
            }
            template <class T>
            KOKKOS_INLINE_FUNCTION T wrapping_sub(T a, T b) {
              using U = std::make_unsigned_t<T>;
              return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
            }
            template <class T>
            KOKKOS_INLINE_FUNCTION T wrapping_mul(T a, T b) {
              using U = std::make_unsigned_t<T>;
              return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
            }

            """,
        Helper.CeilDivSI => """
            // arith.ceildivsi: signed division rounding toward positive infinity.
            template <class T>
            KOKKOS_INLINE_FUNCTION T ceildivsi(T a, T b) {
              T q = static_cast<T>(a / b);
              return (a % b != 0 && (a < 0) == (b < 0)) ? static_cast<T>(q + 1) : q;
            }

            """,
        Helper.FloorDivSI => """
            // arith.floordivsi: signed division rounding toward negative infinity.
            template <class T>
            KOKKOS_INLINE_FUNCTION T floordivsi(T a, T b) {
              T q = static_cast<T>(a / b);
              return (a % b != 0 && (a < 0) != (b < 0)) ? static_cast<T>(q - 1) : q;
            }

            """,
        Helper.CeilDivUI => """
            // arith.ceildivui: unsigned division rounding up (U is an unsigned type).
            template <class U>
            KOKKOS_INLINE_FUNCTION U ceildivui(U a, U b) {
              return static_cast<U>(a / b + (a % b != 0 ? 1u : 0u));
            }

            """,
        Helper.MulHi64 => """
            // High 64 bits of a 64 x 64 -> 128-bit product (arith.mului_extended / mulsi_extended on i64).
            KOKKOS_INLINE_FUNCTION uint64_t mulhi_u64(uint64_t a, uint64_t b) {
              uint64_t a_lo = a & 0xffffffffu, a_hi = a >> 32;
              uint64_t b_lo = b & 0xffffffffu, b_hi = b >> 32;
              uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
              uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + lo_hi;
              return hi_hi + (hi_lo >> 32) + (cross >> 32);
            }
            KOKKOS_INLINE_FUNCTION int64_t mulhi_s64(int64_t a, int64_t b) {
              uint64_t hi = mulhi_u64(static_cast<uint64_t>(a), static_cast<uint64_t>(b));
              if (a < 0) hi -= static_cast<uint64_t>(b);
              if (b < 0) hi -= static_cast<uint64_t>(a);
              return static_cast<int64_t>(hi);
            }

            """,
        Helper.AbsI => """
            // math.absi: |x| with wrap-around (the absolute value of the minimum is the minimum).
            template <class T>
            KOKKOS_INLINE_FUNCTION T absi(T x) {
              using U = std::make_unsigned_t<T>;
              return x < 0 ? static_cast<T>(0u - static_cast<U>(x)) : x;
            }

            """,
        Helper.IPowI => """
            // math.ipowi: integer power with wrap-around; a negative exponent gives 1 / x^n truncated.
            template <class T>
            KOKKOS_INLINE_FUNCTION T ipowi(T base, T exponent) {
              using U = std::make_unsigned_t<T>;
              if (exponent < 0) {
                if (base == 1) return 1;
                if (base == -1) return (exponent & 1) ? static_cast<T>(-1) : static_cast<T>(1);
                return 0;
              }
              U result = 1, b = static_cast<U>(base);
              for (U e = static_cast<U>(exponent); e != 0; e = static_cast<U>(e >> 1)) {
                if (e & 1u) result = static_cast<U>(1u * result * b);
                b = static_cast<U>(1u * b * b);
              }
              return static_cast<T>(result);
            }

            """,
        Helper.CountLeadingZeros => """
            // math.ctlz on the unsigned type U (ctlz(0) is the bit width).
            template <class U>
            KOKKOS_INLINE_FUNCTION U ctlz(U x) {
              U n = 0;
              for (int bit = static_cast<int>(sizeof(U) * 8) - 1; bit >= 0 && !((x >> bit) & 1u); --bit) ++n;
              return n;
            }

            """,
        Helper.CountTrailingZeros => """
            // math.cttz on the unsigned type U (cttz(0) is the bit width).
            template <class U>
            KOKKOS_INLINE_FUNCTION U cttz(U x) {
              U n = 0;
              for (int bit = 0; bit < static_cast<int>(sizeof(U) * 8) && !((x >> bit) & 1u); ++bit) ++n;
              return n;
            }

            """,
        Helper.PopCount => """
            // math.ctpop on the unsigned type U.
            template <class U>
            KOKKOS_INLINE_FUNCTION U ctpop(U x) {
              U n = 0;
              for (; x != 0; x = static_cast<U>(x & (x - 1u))) ++n;
              return n;
            }

            """,
        Helper.SignBit => """
            KOKKOS_INLINE_FUNCTION bool signbit(float x) { return (lapis_rt::bit_cast<uint32_t>(x) >> 31) != 0; }
            KOKKOS_INLINE_FUNCTION bool signbit(double x) { return (lapis_rt::bit_cast<uint64_t>(x) >> 63) != 0; }

            """,
        Helper.CopySign => """
            // math.copysign: the magnitude of x with the sign of y.
            KOKKOS_INLINE_FUNCTION float copysign(float x, float y) { return signbit(x) == signbit(y) ? x : -x; }
            KOKKOS_INLINE_FUNCTION double copysign(double x, double y) { return signbit(x) == signbit(y) ? x : -x; }

            """,
        Helper.Round => """
            // math.round: to nearest, ties away from zero.
            KOKKOS_INLINE_FUNCTION float round(float x) {
              float t = km::trunc(x);
              return km::fabs(x - t) >= 0.5f ? t + (x < 0 ? -1.0f : 1.0f) : t;
            }
            KOKKOS_INLINE_FUNCTION double round(double x) {
              double t = km::trunc(x);
              return km::fabs(x - t) >= 0.5 ? t + (x < 0 ? -1.0 : 1.0) : t;
            }

            """,
        Helper.Rsqrt => """
            // math.rsqrt
            KOKKOS_INLINE_FUNCTION float rsqrt(float x) { return 1.0f / km::sqrt(x); }
            KOKKOS_INLINE_FUNCTION double rsqrt(double x) { return 1.0 / km::sqrt(x); }

            """,
        Helper.IsNormal => """
            // math.isnormal: neither zero, subnormal, infinite nor NaN.
            KOKKOS_INLINE_FUNCTION bool isnormal(float x) {
              float a = km::fabs(x);
              return a >= 1.17549435e-38f && a <= 3.40282347e+38f;
            }
            KOKKOS_INLINE_FUNCTION bool isnormal(double x) {
              double a = km::fabs(x);
              return a >= 2.2250738585072014e-308 && a <= 1.7976931348623157e+308;
            }

            """,
        Helper.IsNormalF16 => """
            // math.isnormal on an f16 value (given as float).
            KOKKOS_INLINE_FUNCTION bool isnormal_f16(float x) {
              float a = km::fabs(x);
              return a >= 6.10351562e-05f && a <= 65504.0f;
            }

            """,
        Helper.MinimumF => """
            // arith.minimumf: NaN if either operand is NaN, and -0.0 < +0.0.
            KOKKOS_INLINE_FUNCTION float minimumf(float a, float b) {
              if (km::isnan(a) || km::isnan(b)) return km::isnan(a) ? a : b;
              if (a == b) return signbit(a) ? a : b;
              return a < b ? a : b;
            }
            KOKKOS_INLINE_FUNCTION double minimumf(double a, double b) {
              if (km::isnan(a) || km::isnan(b)) return km::isnan(a) ? a : b;
              if (a == b) return signbit(a) ? a : b;
              return a < b ? a : b;
            }

            """,
        Helper.MaximumF => """
            // arith.maximumf: NaN if either operand is NaN, and +0.0 > -0.0.
            KOKKOS_INLINE_FUNCTION float maximumf(float a, float b) {
              if (km::isnan(a) || km::isnan(b)) return km::isnan(a) ? a : b;
              if (a == b) return signbit(a) ? b : a;
              return a > b ? a : b;
            }
            KOKKOS_INLINE_FUNCTION double maximumf(double a, double b) {
              if (km::isnan(a) || km::isnan(b)) return km::isnan(a) ? a : b;
              if (a == b) return signbit(a) ? b : a;
              return a > b ? a : b;
            }

            """,
        Helper.Fma => """
            // math.fma: fused on Kokkos >= 4; Kokkos 3.x has no fma, so it rounds twice there.
            #if KOKKOS_VERSION >= 40000
            KOKKOS_INLINE_FUNCTION float fma(float x, float y, float z) { return Kokkos::fma(x, y, z); }
            KOKKOS_INLINE_FUNCTION double fma(double x, double y, double z) { return Kokkos::fma(x, y, z); }
            #else
            KOKKOS_INLINE_FUNCTION float fma(float x, float y, float z) { return x * y + z; }
            KOKKOS_INLINE_FUNCTION double fma(double x, double y, double z) { return x * y + z; }
            #endif

            """,
        _ => throw new ArgumentOutOfRangeException(nameof(helper)),
    };
}

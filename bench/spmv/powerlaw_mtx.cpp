// Writes a seeded R-MAT (recursive-matrix, power-law) sparse matrix as a Matrix Market file:
// 2^scale rows and columns, `edges` draws of (row, column) by recursively choosing a quadrant
// with probabilities a, b, c, d = 0.57, 0.19, 0.19, 0.05 (Graph500's parameters), duplicates
// merged (their values summed), values uniform in [-1, 1). Rows are sorted, row lengths follow
// a power law: scale 20 with 10,500,000 draws gives 1,048,576 rows, about 10 M nonzeros, many
// empty rows and a longest row of more than 10^4 entries. The rows are NOT permuted, so the long
// rows come first (as in graph orderings by vertex id), which is what unbalances a row mapping.
// Usage: powerlaw_mtx scale edges seed out.mtx    (prints rows, nonzeros, longest row)
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <utility>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s scale edges seed out.mtx\n", argv[0]);
    return 2;
  }
  const int scale = std::atoi(argv[1]);
  const long edges = std::atol(argv[2]);
  const unsigned long seed = std::strtoul(argv[3], nullptr, 10);
  if (scale < 1 || scale > 30 || edges < 1) {
    std::fprintf(stderr, "powerlaw_mtx: scale must be in [1, 30] and edges positive\n");
    return 1;
  }
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double a = 0.57, b = 0.19, c = 0.19;
  std::vector<std::pair<int64_t, int64_t>> entries(static_cast<size_t>(edges));
  for (auto& e : entries) {
    int64_t row = 0, col = 0;
    for (int level = 0; level < scale; ++level) {
      const double p = unit(rng);
      const int64_t bit = int64_t{1} << (scale - 1 - level);
      if (p < a) {
      } else if (p < a + b) {
        col |= bit;
      } else if (p < a + b + c) {
        row |= bit;
      } else {
        row |= bit;
        col |= bit;
      }
    }
    e = {row, col};
  }
  std::sort(entries.begin(), entries.end());
  std::vector<std::pair<std::pair<int64_t, int64_t>, double>> merged;
  merged.reserve(entries.size());
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  for (const auto& e : entries) {
    const double v = value(rng);
    if (!merged.empty() && merged.back().first == e) merged.back().second += v;
    else merged.push_back({e, v});
  }
  const int64_t n = int64_t{1} << scale;
  int64_t longest = 0, run = 0;
  for (size_t k = 0; k < merged.size(); ++k) {
    run = (k > 0 && merged[k].first.first == merged[k - 1].first.first) ? run + 1 : 1;
    longest = std::max(longest, run);
  }
  std::FILE* out = std::fopen(argv[4], "w");
  if (!out) {
    std::fprintf(stderr, "powerlaw_mtx: cannot write '%s'\n", argv[4]);
    return 1;
  }
  std::fprintf(out, "%%%%MatrixMarket matrix coordinate real general\n%lld %lld %lld\n", static_cast<long long>(n),
               static_cast<long long>(n), static_cast<long long>(merged.size()));
  for (const auto& [rc, v] : merged)
    std::fprintf(out, "%lld %lld %.17g\n", static_cast<long long>(rc.first + 1), static_cast<long long>(rc.second + 1), v);
  std::printf("rows %lld nonzeros %lld longest_row %lld\n", static_cast<long long>(n), static_cast<long long>(merged.size()),
              static_cast<long long>(longest));
  return std::fclose(out) == 0 ? 0 : 1;
}

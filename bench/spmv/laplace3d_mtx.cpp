// Writes the 7-point finite-difference Laplacian on an n x n x n grid (Dirichlet boundary) as a
// Matrix Market file: 6 on the diagonal, -1 for each grid neighbour. n = 100 gives 1,000,000 rows
// and 6,940,000 nonzeros. Usage: laplace3d_mtx n out.mtx
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s n out.mtx\n", argv[0]);
    return 2;
  }
  const long n = std::atol(argv[1]);
  std::FILE* out = std::fopen(argv[2], "w");
  if (n < 1 || !out) {
    std::fprintf(stderr, "laplace3d_mtx: bad size or cannot write '%s'\n", argv[2]);
    return 1;
  }
  const long rows = n * n * n;
  const long nonzeros = 7 * rows - 6 * n * n;
  std::fprintf(out, "%%%%MatrixMarket matrix coordinate real general\n%ld %ld %ld\n", rows, rows, nonzeros);
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < n; ++j)
      for (long k = 0; k < n; ++k) {
        const long row = (i * n + j) * n + k + 1;
        // Columns in increasing order: -n^2, -n, -1, 0, +1, +n, +n^2.
        if (i > 0) std::fprintf(out, "%ld %ld -1\n", row, row - n * n);
        if (j > 0) std::fprintf(out, "%ld %ld -1\n", row, row - n);
        if (k > 0) std::fprintf(out, "%ld %ld -1\n", row, row - 1);
        std::fprintf(out, "%ld %ld 6\n", row, row);
        if (k < n - 1) std::fprintf(out, "%ld %ld -1\n", row, row + 1);
        if (j < n - 1) std::fprintf(out, "%ld %ld -1\n", row, row + n);
        if (i < n - 1) std::fprintf(out, "%ld %ld -1\n", row, row + n * n);
      }
  return std::fclose(out) == 0 ? 0 : 1;
}

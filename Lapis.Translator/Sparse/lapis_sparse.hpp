// Lapis sparse runtime (part of every generated header whose API takes or returns sparse tensors;
// also installed as <lapis/sparse.hpp>). Portable Kokkos only.
//
// A sparse tensor is passed as lapis::SparseTensor: the buffers MLIR's sparse codegen uses, in
// the memory of the default execution space, plus their sizes:
//   positions[l]   level l is compressed: entries of level l under parent p are
//                  positions[l](p) .. positions[l](p + 1) - 1 (empty View for other levels)
//   coordinates[l] level l is compressed or singleton: the coordinate of each entry (for a COO
//                  tensor the row and column coordinates are interleaved in coordinates[0])
//   values         the stored values, in storage order
//   sizes          level sizes, and how many entries of each buffer are in use (buffers may be longer)
// CSR (d0 : dense, d1 : compressed) is positions[1] = row pointers, coordinates[1] = column
// indices. make_csr/make_csc/make_coo build one from user arrays; read_matrix_market reads a file.
#ifndef LAPIS_SPARSE_RUNTIME_HPP
#define LAPIS_SPARSE_RUNTIME_HPP

#include <Kokkos_Core.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lapis {

// The storage specifier: level sizes and the used length of every buffer.
template <int Levels>
struct StorageSizes {
  int64_t level_sizes[Levels] = {};
  int64_t positions_sizes[Levels] = {};
  int64_t coordinates_sizes[Levels] = {};
  int64_t values_size = 0;
};

template <class Value, class Position, class Coordinate, int Levels,
          class MemorySpace = Kokkos::DefaultExecutionSpace::memory_space>
struct SparseTensor {
  using value_type = Value;
  using position_type = Position;
  using coordinate_type = Coordinate;
  using memory_space = MemorySpace;
  static constexpr int levels = Levels;
  template <class T>
  using Buffer = Kokkos::View<T*, Kokkos::LayoutRight, MemorySpace>;

  Buffer<Position> positions[Levels];
  Buffer<Coordinate> coordinates[Levels];
  Buffer<Value> values;
  StorageSizes<Levels> sizes;

  int64_t nonzeros() const { return sizes.values_size; }
};

// A matrix in coordinate form on the host, entries sorted by (row, column), no duplicates.
template <class Value>
struct CooMatrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<int64_t> row;
  std::vector<int64_t> col;
  std::vector<Value> values;
  int64_t nonzeros() const { return static_cast<int64_t>(values.size()); }
};

namespace detail {

template <class T, class MemorySpace>
Kokkos::View<T*, Kokkos::LayoutRight, MemorySpace> to_view(const char* label, const std::vector<T>& data) {
  Kokkos::View<T*, Kokkos::LayoutRight, MemorySpace> view(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string(label)), data.size());
  Kokkos::View<const T*, Kokkos::LayoutRight, Kokkos::HostSpace, Kokkos::MemoryTraits<Kokkos::Unmanaged>> host(data.data(), data.size());
  Kokkos::deep_copy(view, host);
  return view;
}

template <class To, class From>
std::vector<To> cast_all(const std::vector<From>& from) {
  return std::vector<To>(from.begin(), from.end());
}

// Sorts entries by (major, minor) and sums duplicates.
template <class Value>
void sort_and_combine(std::vector<int64_t>& major, std::vector<int64_t>& minor, std::vector<Value>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return major[a] != major[b] ? major[a] < major[b] : minor[a] < minor[b];
  });
  std::vector<int64_t> ma, mi;
  std::vector<Value> va;
  for (size_t k : order) {
    if (!va.empty() && ma.back() == major[k] && mi.back() == minor[k]) {
      va.back() += values[k];
    } else {
      ma.push_back(major[k]);
      mi.push_back(minor[k]);
      va.push_back(values[k]);
    }
  }
  major.swap(ma);
  minor.swap(mi);
  values.swap(va);
}

// Compressed pointers of sorted major coordinates.
inline std::vector<int64_t> compress(const std::vector<int64_t>& major, int64_t extent) {
  std::vector<int64_t> ptr(static_cast<size_t>(extent) + 1, 0);
  for (int64_t m : major) ptr[static_cast<size_t>(m) + 1]++;
  for (int64_t i = 0; i < extent; ++i) ptr[i + 1] += ptr[i];
  return ptr;
}

}  // namespace detail

// Reads a Matrix Market file ("%%MatrixMarket matrix coordinate real|integer|pattern
// general|symmetric|skew-symmetric"): 1-based indices become 0-based, symmetric storage is
// expanded, pattern entries are 1, duplicates are summed, entries come out sorted by row.
template <class Value = double>
CooMatrix<Value> read_matrix_market(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("lapis::read_matrix_market: cannot open '" + path + "'");
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error("lapis::read_matrix_market: '" + path + "' is empty");
  std::istringstream banner(line);
  std::string tag, object, format, field, symmetry;
  banner >> tag >> object >> format >> field >> symmetry;
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  object = lower(object), format = lower(format), field = lower(field), symmetry = lower(symmetry);
  if (tag != "%%MatrixMarket" || object != "matrix" || format != "coordinate")
    throw std::runtime_error("lapis::read_matrix_market: '" + path + "' is not a coordinate Matrix Market matrix");
  if (field != "real" && field != "integer" && field != "pattern" && field != "double")
    throw std::runtime_error("lapis::read_matrix_market: field '" + field + "' is not supported (real, integer, pattern)");
  const bool symmetric = symmetry == "symmetric", skew = symmetry == "skew-symmetric";
  if (!symmetric && !skew && symmetry != "general")
    throw std::runtime_error("lapis::read_matrix_market: symmetry '" + symmetry + "' is not supported");
  while (std::getline(in, line) && (line.empty() || line[0] == '%')) {}
  CooMatrix<Value> m;
  int64_t entries = 0;
  if (!(std::istringstream(line) >> m.rows >> m.cols >> entries))
    throw std::runtime_error("lapis::read_matrix_market: bad size line in '" + path + "'");
  std::vector<int64_t> rows, cols;
  std::vector<Value> values;
  for (int64_t k = 0; k < entries; ++k) {
    int64_t i = 0, j = 0;
    double v = 1.0;
    if (!(in >> i >> j) || (field != "pattern" && !(in >> v)))
      throw std::runtime_error("lapis::read_matrix_market: '" + path + "' ends before its " + std::to_string(entries) + " entries");
    if (i < 1 || i > m.rows || j < 1 || j > m.cols)
      throw std::runtime_error("lapis::read_matrix_market: entry out of range in '" + path + "'");
    rows.push_back(i - 1), cols.push_back(j - 1), values.push_back(static_cast<Value>(v));
    if ((symmetric || skew) && i != j) {
      rows.push_back(j - 1), cols.push_back(i - 1), values.push_back(static_cast<Value>(skew ? -v : v));
    }
  }
  detail::sort_and_combine(rows, cols, values);
  m.row = std::move(rows), m.col = std::move(cols), m.values = std::move(values);
  return m;
}

// CSR over the user's own device buffers, without copying: row_ptr (rows + 1 entries), col_idx
// and values (row_ptr(rows) entries each). The Views are shared, not copied.
template <class Value, class Position, class Coordinate, class MemorySpace = Kokkos::DefaultExecutionSpace::memory_space>
SparseTensor<Value, Position, Coordinate, 2, MemorySpace> make_csr(
    int64_t rows, int64_t cols, int64_t nonzeros,
    Kokkos::View<Position*, Kokkos::LayoutRight, MemorySpace> row_ptr,
    Kokkos::View<Coordinate*, Kokkos::LayoutRight, MemorySpace> col_idx,
    Kokkos::View<Value*, Kokkos::LayoutRight, MemorySpace> values) {
  SparseTensor<Value, Position, Coordinate, 2, MemorySpace> t;
  t.positions[1] = row_ptr;
  t.coordinates[1] = col_idx;
  t.values = values;
  t.sizes.level_sizes[0] = rows;
  t.sizes.level_sizes[1] = cols;
  t.sizes.positions_sizes[1] = rows + 1;
  t.sizes.coordinates_sizes[1] = nonzeros;
  t.sizes.values_size = nonzeros;
  return t;
}

// The same over any rank-1 Views the buffers can be assigned from (e.g. Kokkos::View<int*>
// with default template arguments): element types and memory space come from the Views.
template <class RowPtrView, class ColIdxView, class ValuesView,
          class = std::enable_if_t<Kokkos::is_view<RowPtrView>::value && Kokkos::is_view<ColIdxView>::value &&
                                   Kokkos::is_view<ValuesView>::value>>
SparseTensor<typename ValuesView::non_const_value_type, typename RowPtrView::non_const_value_type,
             typename ColIdxView::non_const_value_type, 2, typename ValuesView::memory_space>
make_csr(int64_t rows, int64_t cols, int64_t nonzeros, const RowPtrView& row_ptr, const ColIdxView& col_idx,
         const ValuesView& values) {
  using Tensor = SparseTensor<typename ValuesView::non_const_value_type, typename RowPtrView::non_const_value_type,
                              typename ColIdxView::non_const_value_type, 2, typename ValuesView::memory_space>;
  static_assert(RowPtrView::rank == 1 && ColIdxView::rank == 1 && ValuesView::rank == 1, "make_csr takes rank-1 Views");
  return make_csr<typename Tensor::value_type, typename Tensor::position_type, typename Tensor::coordinate_type,
                  typename Tensor::memory_space>(
      rows, cols, nonzeros, typename Tensor::template Buffer<typename Tensor::position_type>(row_ptr),
      typename Tensor::template Buffer<typename Tensor::coordinate_type>(col_idx),
      typename Tensor::template Buffer<typename Tensor::value_type>(values));
}

// CSR (levels: rows dense, columns compressed) from a host COO matrix; copies into MemorySpace.
template <class Value, class Position = int64_t, class Coordinate = int64_t,
          class MemorySpace = Kokkos::DefaultExecutionSpace::memory_space>
SparseTensor<Value, Position, Coordinate, 2, MemorySpace> make_csr(const CooMatrix<Value>& m) {
  auto ptr = detail::compress(m.row, m.rows);
  return make_csr<Value, Position, Coordinate, MemorySpace>(
      m.rows, m.cols, m.nonzeros(),
      detail::to_view<Position, MemorySpace>("lapis_csr_row_ptr", detail::cast_all<Position>(ptr)),
      detail::to_view<Coordinate, MemorySpace>("lapis_csr_col_idx", detail::cast_all<Coordinate>(m.col)),
      detail::to_view<Value, MemorySpace>("lapis_csr_values", m.values));
}

// CSC (map (i, j) -> (j : dense, i : compressed)) from a host COO matrix.
template <class Value, class Position = int64_t, class Coordinate = int64_t,
          class MemorySpace = Kokkos::DefaultExecutionSpace::memory_space>
SparseTensor<Value, Position, Coordinate, 2, MemorySpace> make_csc(const CooMatrix<Value>& m) {
  std::vector<int64_t> cols = m.col, rows = m.row;
  std::vector<Value> values = m.values;
  detail::sort_and_combine(cols, rows, values);
  auto ptr = detail::compress(cols, m.cols);
  SparseTensor<Value, Position, Coordinate, 2, MemorySpace> t;
  t.positions[1] = detail::to_view<Position, MemorySpace>("lapis_csc_col_ptr", detail::cast_all<Position>(ptr));
  t.coordinates[1] = detail::to_view<Coordinate, MemorySpace>("lapis_csc_row_idx", detail::cast_all<Coordinate>(rows));
  t.values = detail::to_view<Value, MemorySpace>("lapis_csc_values", values);
  t.sizes.level_sizes[0] = m.cols;
  t.sizes.level_sizes[1] = m.rows;
  t.sizes.positions_sizes[1] = m.cols + 1;
  t.sizes.coordinates_sizes[1] = m.nonzeros();
  t.sizes.values_size = m.nonzeros();
  return t;
}

// COO (map (i, j) -> (i : compressed(nonunique), j : singleton)): row and column coordinates
// interleaved in coordinates[0], as MLIR stores an array-of-structs COO tensor.
template <class Value, class Position = int64_t, class Coordinate = int64_t,
          class MemorySpace = Kokkos::DefaultExecutionSpace::memory_space>
SparseTensor<Value, Position, Coordinate, 2, MemorySpace> make_coo(const CooMatrix<Value>& m) {
  std::vector<Coordinate> crd(2 * m.values.size());
  for (size_t k = 0; k < m.values.size(); ++k) {
    crd[2 * k] = static_cast<Coordinate>(m.row[k]);
    crd[2 * k + 1] = static_cast<Coordinate>(m.col[k]);
  }
  SparseTensor<Value, Position, Coordinate, 2, MemorySpace> t;
  t.positions[0] = detail::to_view<Position, MemorySpace>("lapis_coo_pos", std::vector<Position>{Position(0), static_cast<Position>(m.nonzeros())});
  t.coordinates[0] = detail::to_view<Coordinate, MemorySpace>("lapis_coo_crd", crd);
  t.values = detail::to_view<Value, MemorySpace>("lapis_coo_values", m.values);
  t.sizes.level_sizes[0] = m.rows;
  t.sizes.level_sizes[1] = m.cols;
  t.sizes.positions_sizes[0] = 2;
  t.sizes.coordinates_sizes[0] = 2 * m.nonzeros();
  t.sizes.values_size = m.nonzeros();
  return t;
}

// DCSR (map (i, j) -> (i : compressed, j : compressed)): only non-empty rows are stored.
template <class Value, class Position = int64_t, class Coordinate = int64_t,
          class MemorySpace = Kokkos::DefaultExecutionSpace::memory_space>
SparseTensor<Value, Position, Coordinate, 2, MemorySpace> make_dcsr(const CooMatrix<Value>& m) {
  std::vector<Coordinate> rows;
  std::vector<Position> row_ptr{Position(0)};
  for (size_t k = 0; k < m.values.size(); ++k) {
    if (rows.empty() || rows.back() != static_cast<Coordinate>(m.row[k])) {
      if (!rows.empty()) row_ptr.push_back(static_cast<Position>(k));
      rows.push_back(static_cast<Coordinate>(m.row[k]));
    }
  }
  row_ptr.push_back(static_cast<Position>(m.values.size()));
  if (rows.empty()) row_ptr.resize(1);
  SparseTensor<Value, Position, Coordinate, 2, MemorySpace> t;
  t.positions[0] = detail::to_view<Position, MemorySpace>("lapis_dcsr_pos0", std::vector<Position>{Position(0), static_cast<Position>(rows.size())});
  t.coordinates[0] = detail::to_view<Coordinate, MemorySpace>("lapis_dcsr_rows", rows);
  t.positions[1] = detail::to_view<Position, MemorySpace>("lapis_dcsr_row_ptr", row_ptr);
  t.coordinates[1] = detail::to_view<Coordinate, MemorySpace>("lapis_dcsr_col_idx", detail::cast_all<Coordinate>(m.col));
  t.values = detail::to_view<Value, MemorySpace>("lapis_dcsr_values", m.values);
  t.sizes.level_sizes[0] = m.rows;
  t.sizes.level_sizes[1] = m.cols;
  t.sizes.positions_sizes[0] = 2;
  t.sizes.coordinates_sizes[0] = static_cast<int64_t>(rows.size());
  t.sizes.positions_sizes[1] = static_cast<int64_t>(row_ptr.size());
  t.sizes.coordinates_sizes[1] = m.nonzeros();
  t.sizes.values_size = m.nonzeros();
  return t;
}

}  // namespace lapis

#endif  // LAPIS_SPARSE_RUNTIME_HPP

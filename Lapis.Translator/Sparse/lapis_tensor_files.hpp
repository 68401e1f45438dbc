// Tensor files of MLIR's sparse runtime (mlir/lib/ExecutionEngine/SparseTensor/File.cpp and
// SparseTensorRuntime.cpp), which sparse_tensor.new and sparse_tensor.out lower to when the
// sparsifier runs without its runtime library: the same file formats, the same element order,
// the same messages on stderr and exit code 1 on failure.
//   get_tensor_filename(i)   the value of $TENSOR<i> (getTensorFilename)
//   TensorFileReader         a Matrix Market (*.mtx: "%%MatrixMarket matrix coordinate
//                            real|integer|pattern general|symmetric") or extended FROSTT (*.tns)
//                            file: header, then the elements in file order, 1-based coordinates
//                            made 0-based and mapped to levels, pattern values 1. As MLIR's reader
//                            does, a symmetric matrix gives only the entries the file lists.
//   TensorFileWriter         the extended FROSTT text MLIR's writer prints (to stdout for "").
// Views passed in are the callers' (any memory space): they are read and written through host mirrors.

// Prints MLIR_SPARSETENSOR_FATAL's message and exits as MLIR's runtime does.
template <class... Args>
[[noreturn]] void tensor_file_fatal(const char* format, Args... args) {
  std::fflush(stdout);
  std::fprintf(stderr, format, args...);
  std::exit(1);
}

inline void* get_tensor_filename(uint64_t id) {
  char name[80];
  std::snprintf(name, sizeof name, "TENSOR%llu", static_cast<unsigned long long>(id));
  char* value = std::getenv(name);
  if (!value) tensor_file_fatal("Environment variable %s is not set\n", name);
  return value;
}

// MLIR's PrimaryType (the i32 createCheckedSparseTensorReader gets): f64 1 .. bf16 4, i64 5 .. i8 8, c64 9, c32 10.
enum class TensorFileValueKind { Pattern, Real, Integer, Complex, Undefined };

// dim2lvl/lvl2dim as MLIR encodes them (MapRef): a plain index, or i floordiv c / i mod c.
struct TensorFileMap {
  uint64_t dim_rank, lvl_rank;
  std::vector<uint64_t> dim2lvl;
  bool permutation = true;
  TensorFileMap(uint64_t d, uint64_t l, std::vector<uint64_t> encoded) : dim_rank(d), lvl_rank(l), dim2lvl(std::move(encoded)) {
    std::vector<bool> seen(d, false);
    if (d != l) permutation = false;
    for (uint64_t k = 0; permutation && k < l; ++k) {
      if (dim2lvl[k] >= d || seen[dim2lvl[k]]) permutation = false;
      else seen[dim2lvl[k]] = true;
    }
  }
  template <class C>
  void pushforward(const C* in, C* out) const {
    for (uint64_t k = 0; k < lvl_rank; ++k) {
      const uint64_t e = dim2lvl[k], kind = permutation ? 0 : e >> 60, i = e & 0xfffffu, c = (e >> 20) & 0xfffffu;
      out[k] = kind == 1 ? static_cast<C>(in[i] / c) : kind == 2 ? static_cast<C>(in[i] % c) : in[e];
    }
  }
};

template <class V>
V tensor_file_value(double x) {
  if constexpr (std::is_arithmetic<V>::value) return static_cast<V>(x);
  else return static_cast<V>(static_cast<float>(x));  // f16/bf16, from float as MLIR's
}

class TensorFileReader {
 public:
  static TensorFileReader* create(const char* filename, const std::vector<uint64_t>& shape, int32_t value_type) {
    auto* reader = new TensorFileReader(filename);
    reader->file_ = std::fopen(filename, "r");
    if (!reader->file_) tensor_file_fatal("Cannot find file %s\n", filename);
    if (std::strstr(filename, ".mtx")) reader->read_matrix_market_header();
    else if (std::strstr(filename, ".tns")) reader->read_frostt_header();
    else tensor_file_fatal("Unknown format %s\n", filename);
    if (!reader->can_read_as(value_type))
      tensor_file_fatal("Tensor element type %d not compatible with values in file %s\n", static_cast<int>(value_type), filename);
    if (shape.size() != reader->sizes_.size())
      tensor_file_fatal("Rank mismatch: the tensor has rank %llu, file %s rank %llu\n", static_cast<unsigned long long>(shape.size()),
                        filename, static_cast<unsigned long long>(reader->sizes_.size()));
    for (size_t d = 0; d < shape.size(); ++d)
      if (shape[d] != 0 && shape[d] != reader->sizes_[d])
        tensor_file_fatal("Dimension size mismatch: dimension %llu is %llu in the tensor type, %llu in file %s\n",
                          static_cast<unsigned long long>(d), static_cast<unsigned long long>(shape[d]),
                          static_cast<unsigned long long>(reader->sizes_[d]), filename);
    return reader;
  }
  ~TensorFileReader() { close(); }

  const std::vector<uint64_t>& sizes() const { return sizes_; }
  uint64_t nse() const { return nse_; }

  // Reads every element into lvl_coordinates (lvl_rank per element) and values, in file order;
  // true when they come out sorted by level coordinates (MLIR's readToBuffers).
  template <class C, class V>
  bool read_to_buffers(const TensorFileMap& map, C* lvl_coordinates, V* values) {
    std::vector<C> dim_coords(sizes_.size());
    bool sorted = false;
    for (uint64_t n = 0; n < nse_; ++n) {
      read_line();
      char* p = line_;
      for (auto& c : dim_coords) c = static_cast<C>(std::strtoul(p, &p, 10) - 1);
      map.pushforward(dim_coords.data(), lvl_coordinates);
      *values = tensor_file_value<V>(kind_ == TensorFileValueKind::Pattern ? 1.0 : std::strtod(p, &p));
      if (sorted) {
        const C* previous = lvl_coordinates - map.lvl_rank;
        for (uint64_t l = 0; l < map.lvl_rank; ++l)
          if (previous[l] != lvl_coordinates[l]) {
            if (previous[l] > lvl_coordinates[l]) sorted = false;
            break;
          }
      }
      if (n == 0) sorted = true;
      lvl_coordinates += map.lvl_rank;
      ++values;
    }
    close();
    return sorted;
  }

 private:
  explicit TensorFileReader(const char* filename) : filename_(filename) {}

  void close() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
  }

  void read_line() {
    if (!std::fgets(line_, sizeof line_, file_)) tensor_file_fatal("Cannot read next line of %s\n", filename_);
  }

  bool can_read_as(int32_t t) const {
    const bool real = t >= 1 && t <= 8, floating = t >= 1 && t <= 4, complex = t == 9 || t == 10;
    switch (kind_) {
      case TensorFileValueKind::Pattern: return true;
      case TensorFileValueKind::Real: return floating;
      case TensorFileValueKind::Complex: return complex;
      default: return real;  // integer, and FROSTT's undefined kind
    }
  }

  void read_matrix_market_header() {
    char header[64], object[64], format[64], field[64], symmetry[64];
    if (std::fscanf(file_, "%63s %63s %63s %63s %63s\n", header, object, format, field, symmetry) != 5)
      tensor_file_fatal("Corrupt header in %s\n", filename_);
    for (char* s : {header, object, format, field, symmetry})
      for (char* c = s; *c; ++c) *c = static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
    if (!std::strcmp(field, "pattern")) kind_ = TensorFileValueKind::Pattern;
    else if (!std::strcmp(field, "real")) kind_ = TensorFileValueKind::Real;
    else if (!std::strcmp(field, "integer")) kind_ = TensorFileValueKind::Integer;
    else if (!std::strcmp(field, "complex")) kind_ = TensorFileValueKind::Complex;
    else tensor_file_fatal("Unexpected header field value in %s\n", filename_);
    const bool symmetric = !std::strcmp(symmetry, "symmetric");
    if (std::strcmp(header, "%%matrixmarket") || std::strcmp(object, "matrix") || std::strcmp(format, "coordinate") ||
        (std::strcmp(symmetry, "general") && !symmetric))
      tensor_file_fatal("Cannot find a general sparse matrix in %s\n", filename_);
    do read_line();
    while (line_[0] == '%');
    unsigned long long rows = 0, cols = 0, nse = 0;
    if (std::sscanf(line_, "%llu%llu%llu\n", &rows, &cols, &nse) != 3) tensor_file_fatal("Cannot find size in %s\n", filename_);
    sizes_ = {rows, cols};
    nse_ = nse;
  }

  void read_frostt_header() {
    do read_line();
    while (line_[0] == '#');
    unsigned long long rank = 0, nse = 0;
    if (std::sscanf(line_, "%llu%llu\n", &rank, &nse) != 2) tensor_file_fatal("Cannot find metadata in %s\n", filename_);
    if (rank > 510) tensor_file_fatal("Cannot find metadata in %s\n", filename_);  // MLIR's reader holds 510 sizes
    sizes_.resize(rank);
    for (auto& size : sizes_) {
      unsigned long long s = 0;
      if (std::fscanf(file_, "%llu", &s) != 1) tensor_file_fatal("Cannot find dimension size %s\n", filename_);
      size = s;
    }
    read_line();  // the end of the sizes line
    nse_ = nse;
    kind_ = TensorFileValueKind::Undefined;
  }

  const char* filename_;
  std::FILE* file_ = nullptr;
  TensorFileValueKind kind_ = TensorFileValueKind::Undefined;
  std::vector<uint64_t> sizes_;
  uint64_t nse_ = 0;
  char line_[1025];
};

template <class View>
std::vector<uint64_t> tensor_file_indices(const View& view) {
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), view);
  std::vector<uint64_t> out(host.extent(0));
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint64_t>(host(i));
  return out;
}

template <class View>
void* create_tensor_file_reader(void* filename, const View& dim_shape, int32_t value_type) {
  return TensorFileReader::create(static_cast<const char*>(filename), tensor_file_indices(dim_shape), value_type);
}

// getSparseTensorReaderDimSizes: the file's dimension sizes, in a new View of the caller's type.
template <class View>
View tensor_file_reader_dim_sizes(void* reader) {
  const auto& sizes = static_cast<TensorFileReader*>(reader)->sizes();
  View out(Kokkos::view_alloc(Kokkos::WithoutInitializing, std::string("lapis_tensor_file_dim_sizes")), sizes.size());
  auto host = Kokkos::create_mirror_view(out);
  for (size_t i = 0; i < sizes.size(); ++i) host(i) = static_cast<typename View::non_const_value_type>(sizes[i]);
  Kokkos::deep_copy(out, host);
  return out;
}

inline uint64_t tensor_file_reader_nse(void* reader) { return static_cast<TensorFileReader*>(reader)->nse(); }

template <class MapView, class CoordinateView, class ValueView>
bool tensor_file_read_to_buffers(void* reader, const MapView& dim2lvl, const MapView& lvl2dim, const CoordinateView& coordinates,
                                 const ValueView& values) {
  auto* r = static_cast<TensorFileReader*>(reader);
  (void)lvl2dim;  // MLIR's reader only pushes coordinates forward
  const TensorFileMap map(r->sizes().size(), dim2lvl.extent(0), tensor_file_indices(dim2lvl));
  auto host_coordinates = Kokkos::create_mirror_view(coordinates);
  auto host_values = Kokkos::create_mirror_view(values);
  const bool sorted = r->read_to_buffers(map, host_coordinates.data(), host_values.data());
  Kokkos::deep_copy(coordinates, host_coordinates);
  Kokkos::deep_copy(values, host_values);
  return sorted;
}

inline void delete_tensor_file_reader(void* reader) { delete static_cast<TensorFileReader*>(reader); }

inline void* create_tensor_file_writer(void* filename) {
  const char* name = static_cast<const char*>(filename);
  std::ostream* out = name[0] == 0 ? &std::cout : new std::ofstream(name);
  *out << "# extended FROSTT format\n";
  return out;
}

template <class View>
void tensor_file_writer_meta_data(void* writer, uint64_t dim_rank, uint64_t nse, const View& dim_sizes) {
  std::ostream& out = *static_cast<std::ostream*>(writer);
  const auto sizes = tensor_file_indices(dim_sizes);
  out << dim_rank << " " << nse << std::endl;
  for (uint64_t d = 0; d + 1 < dim_rank; ++d) out << sizes[d] << " ";
  out << sizes[dim_rank - 1] << std::endl;
}

template <class T>
void tensor_file_write_value(std::ostream& out, const T& value) {
  if constexpr (std::is_arithmetic<T>::value) out << value;
  else out << static_cast<float>(value);  // f16/bf16 print as float, as MLIR's
}

template <class View, class ValueView>
void tensor_file_writer_next(void* writer, uint64_t dim_rank, const View& dim_coordinates, const ValueView& value) {
  std::ostream& out = *static_cast<std::ostream*>(writer);
  const auto coordinates = tensor_file_indices(dim_coordinates);
  for (uint64_t d = 0; d < dim_rank; ++d) out << (coordinates[d] + 1) << " ";
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), value);
  tensor_file_write_value(out, host());
  out << std::endl;
}

inline void delete_tensor_file_writer(void* writer) {
  auto* out = static_cast<std::ostream*>(writer);
  out->flush();
  if (out != &std::cout) delete out;
}

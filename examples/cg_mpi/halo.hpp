// The halo exchange of a slab partition (slab.hpp): before each SpMV a rank sends its first
// owned plane to the rank below and its last to the rank above, and receives their planes into
// its ghost entries (x_ext(owned ..)). Both are contiguous ranges of x_ext, so there is nothing to
// pack: MPI reads and writes the Kokkos View's memory directly when MPI can (host-accessible
// memory, or device memory with a device-aware MPI, detected at run time), and goes through host
// buffers otherwise ("host-staged").
#pragma once

#include "slab.hpp"

#include <Kokkos_Core.hpp>
#include <mpi.h>
#if __has_include(<mpi-ext.h>)
#include <mpi-ext.h>  // Open MPI: MPIX_CUDA_AWARE_SUPPORT, MPIX_Query_cuda_support (and ROCm alike)
#endif

#include <cstdint>
#include <utility>

namespace halo {

using Vector = Kokkos::View<double*, Kokkos::LayoutRight, Kokkos::DefaultExecutionSpace::memory_space>;
using HostBuffer = Kokkos::View<double*, Kokkos::LayoutRight, Kokkos::HostSpace>;

// Whether the MPI library can read and write the default memory space's pointers, and why.
struct Support {
  bool direct = false;
  const char* reason = "";
};

inline Support detect() {
  using Memory = Kokkos::DefaultExecutionSpace::memory_space;
  if (Kokkos::SpaceAccessibility<Kokkos::HostSpace, Memory>::accessible)
    return {true, "direct: the Views are in host-accessible memory"};
#if defined(KOKKOS_ENABLE_CUDA) && defined(MPIX_CUDA_AWARE_SUPPORT) && MPIX_CUDA_AWARE_SUPPORT
  if (MPIX_Query_cuda_support() == 1) return {true, "direct: MPI is CUDA-aware (MPIX_Query_cuda_support)"};
#endif
#if defined(KOKKOS_ENABLE_HIP) && defined(MPIX_ROCM_AWARE_SUPPORT) && MPIX_ROCM_AWARE_SUPPORT
  if (MPIX_Query_rocm_support() == 1) return {true, "direct: MPI is ROCm-aware (MPIX_Query_rocm_support)"};
#endif
  return {false, "host-staged: device memory and an MPI that is not device-aware"};
}

class Exchange {
 public:
  // lower / upper: the neighbour ranks (MPI_PROC_NULL for none). staged: go through host
  // buffers even when MPI could use the Views' memory (what detect() says otherwise).
  Exchange(const slab::Partition& p, MPI_Comm comm, int lower, int upper, bool staged)
      : p_(p), comm_(comm), lower_(lower), upper_(upper), staged_(staged) {
    if (staged_) {
      for (auto* b : {&send_lower_, &send_upper_, &recv_lower_, &recv_upper_})
        *b = HostBuffer(Kokkos::view_alloc(Kokkos::WithoutInitializing, "halo::staging"), p.plane);
    }
  }

  // Posts the receives into x_ext's ghost entries and the sends of its boundary planes; returns
  // at once. x_ext must not be written, nor its ghost entries read, until finish().
  void start(const Vector& x_ext) {
    count_ = 0;
    const int64_t plane = p_.plane;
    const auto lower_ghosts = std::make_pair(p_.owned, p_.owned + plane);
    const auto upper_ghosts = std::make_pair(p_.owned + (p_.has_lower ? plane : 0), p_.owned + p_.ghosts);
    const auto first_plane = std::make_pair(int64_t(0), plane);
    const auto last_plane = std::make_pair(p_.owned - plane, p_.owned);
    recv_lower_view_ = Vector();
    recv_upper_view_ = Vector();
    if (p_.has_lower) recv_lower_view_ = Kokkos::subview(x_ext, lower_ghosts);
    if (p_.has_upper) recv_upper_view_ = Kokkos::subview(x_ext, upper_ghosts);
    if (staged_) {
      if (p_.has_lower) Kokkos::deep_copy(send_lower_, Kokkos::subview(x_ext, first_plane));
      if (p_.has_upper) Kokkos::deep_copy(send_upper_, Kokkos::subview(x_ext, last_plane));
    } else {
      Kokkos::fence();  // the kernels that wrote x_ext have finished before MPI reads it
    }
    if (p_.has_lower) post_recv(staged_ ? recv_lower_.data() : recv_lower_view_.data(), lower_, from_lower_tag);
    if (p_.has_upper) post_recv(staged_ ? recv_upper_.data() : recv_upper_view_.data(), upper_, from_upper_tag);
    if (p_.has_lower) post_send(staged_ ? send_lower_.data() : x_ext.data(), lower_, from_upper_tag);
    if (p_.has_upper) post_send(staged_ ? send_upper_.data() : x_ext.data() + (p_.owned - plane), upper_, from_lower_tag);
  }

  // Waits for the messages; then the ghost entries of x_ext hold the neighbours' values.
  void finish() {
    MPI_Waitall(count_, requests_, MPI_STATUSES_IGNORE);
    count_ = 0;
    if (staged_) {
      if (p_.has_lower) Kokkos::deep_copy(recv_lower_view_, recv_lower_);
      if (p_.has_upper) Kokkos::deep_copy(recv_upper_view_, recv_upper_);
    }
  }

 private:
  // A message travelling up (sent by the rank below) or down.
  static constexpr int from_lower_tag = 1, from_upper_tag = 2;

  void post_recv(double* buffer, int source, int tag) {
    MPI_Irecv(buffer, static_cast<int>(p_.plane), MPI_DOUBLE, source, tag, comm_, &requests_[count_++]);
  }
  void post_send(const double* buffer, int destination, int tag) {
    MPI_Isend(buffer, static_cast<int>(p_.plane), MPI_DOUBLE, destination, tag, comm_, &requests_[count_++]);
  }

  slab::Partition p_;
  MPI_Comm comm_;
  int lower_, upper_;
  bool staged_;
  HostBuffer send_lower_, send_upper_, recv_lower_, recv_upper_;
  Vector recv_lower_view_, recv_upper_view_;
  MPI_Request requests_[4];
  int count_ = 0;
};

}  // namespace halo

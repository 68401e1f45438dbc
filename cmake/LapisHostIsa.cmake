# LapisHostIsa.cmake: lapis_host_isa_options(<target>) gives <target> the CPU's vector extensions
# that the -march of Kokkos::kokkos lacks.
#
# Kokkos 3.4 knows no CPU newer than Zen 3 / Skylake-X: on a Zen 4 or 5 its -march=znver3 alone
# compiles AVX2 code for a core with AVX-512. `build.ps1 setup` records the missing extensions
# (e.g. "-mavx512f -mavx512bw ...", explicit -m flags that hold whatever -march follows them) in
# <Kokkos prefix>/.lapis-host-isa; this function adds them (PRIVATE) to <target>.
# LAPIS_HOST_ISA_FLAGS overrides them: a list of flags, or "none" for binaries that must also
# run on older CPUs of the family. A Kokkos installed otherwise has no such file: configure it
# with the Kokkos_ARCH_<ARCH> of your CPU (and GPU), nothing is added then.
include_guard(GLOBAL)

set(LAPIS_HOST_ISA_FLAGS "" CACHE STRING
  "Vector-extension flags for Lapis kernels beyond Kokkos' -march (default: <Kokkos prefix>/.lapis-host-isa; none: no flags)")

function(lapis_host_isa_options target)
  set(_flags "${LAPIS_HOST_ISA_FLAGS}")
  if(_flags STREQUAL "" AND DEFINED Kokkos_DIR AND EXISTS "${Kokkos_DIR}/../../../.lapis-host-isa")
    file(READ "${Kokkos_DIR}/../../../.lapis-host-isa" _flags)
    string(STRIP "${_flags}" _flags)
  endif()
  if(_flags STREQUAL "none" OR _flags STREQUAL "")
    return()
  endif()
  separate_arguments(_flags UNIX_COMMAND "${_flags}")
  target_compile_options(${target} PRIVATE ${_flags})
endfunction()

# LapisKernels.cmake: lapis_add_kernels(), translating MLIR into Kokkos C++ at build time.
#
#   lapis_add_kernels(<target> SOURCES a.mlir [b.mlir ...] [NAMESPACE ns] [KOKKOS_KERNELS] [OPTIONS opt ...])
#
# For each .mlir file (relative paths are relative to the current source directory):
#   * a custom command runs
#       lapis translate <abs .mlir> -o <build dir>/lapis/<target>/<stem>.cpp [--namespace ns] [opts]
#     producing <stem>.hpp and <stem>.cpp (and <stem>.weights.bin when the module has constants
#     larger than 4 KiB). It re-runs when the .mlir or the translator changes; a translation error
#     fails the build with lapis' `file:line:col: error: ...` message.
#   * <stem>.cpp (and .hpp) are added to <target>, <build dir>/lapis/<target> to its include
#     directories (so `#include "<stem>.hpp"` works), and <target> links Kokkos::kokkos and
#     Lapis::headers (PRIVATE; <lapis/sparse.hpp>, which generated headers also embed), and
#     gets the CPU's vector extensions that Kokkos' -march lacks (LapisHostIsa.cmake:
#     AVX-512 on Zen 4/5 with the Kokkos of build.ps1 setup; -DLAPIS_HOST_ISA_FLAGS=none: none).
#   * after <target> is built, <stem>.weights.bin, if the translation wrote one, is copied next
#     to the target's binary, where the generated initialize() looks by default.
#   * the target property LAPIS_WEIGHTS_FILES lists the possible weights files (for install()).
#   * KOKKOS_KERNELS: dense GEMMs, batched GEMMs and matvecs become Kokkos Kernels calls
#     (KokkosBlas::gemm / gemv; `lapis translate --kernels kokkos-kernels`) instead of our tiled
#     kernels, and <target> also links Kokkos::kokkoskernels (PRIVATE): call
#     find_package(KokkosKernels REQUIRED) first (build.ps1 setup -KokkosKernels installs Kokkos
#     Kernels 3.4 with OpenBLAS into .deps/kokkos-kernels-3.4; pass -DKokkosKernels_ROOT=...).
# A custom target <target>_lapis runs just the translations (`cmake --build . --target app_lapis`).
#
# Without NAMESPACE, the generated namespace is the file stem. The translator is
# ${LAPIS_EXECUTABLE} (set by find_package(Lapis)).

include_guard(GLOBAL)

set(_LAPIS_KERNELS_DIR "${CMAKE_CURRENT_LIST_DIR}")
include("${CMAKE_CURRENT_LIST_DIR}/LapisHostIsa.cmake")

function(lapis_add_kernels target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "KOKKOS_KERNELS" "NAMESPACE" "SOURCES;OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "lapis_add_kernels(${target}): unexpected arguments '${ARG_UNPARSED_ARGUMENTS}' "
      "(usage: lapis_add_kernels(<target> SOURCES a.mlir ... [NAMESPACE ns] [KOKKOS_KERNELS] [OPTIONS ...]))")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "lapis_add_kernels: '${target}' is not a target (create it with add_executable/add_library first)")
  endif()
  get_target_property(_type ${target} TYPE)
  if(_type STREQUAL "INTERFACE_LIBRARY" OR _type STREQUAL "UTILITY")
    message(FATAL_ERROR "lapis_add_kernels(${target}): the target must compile sources (it is ${_type})")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "lapis_add_kernels(${target}): no SOURCES given")
  endif()
  if(NOT LAPIS_EXECUTABLE)
    # find_package(Lapis) ran in another directory scope: use what it recorded globally.
    get_property(LAPIS_EXECUTABLE GLOBAL PROPERTY LAPIS_EXECUTABLE)
    get_property(LAPIS_TRANSLATOR_FILES GLOBAL PROPERTY LAPIS_TRANSLATOR_FILES)
  endif()
  if(NOT LAPIS_EXECUTABLE)
    message(FATAL_ERROR "lapis_add_kernels: LAPIS_EXECUTABLE is not set (call find_package(Lapis CONFIG REQUIRED) first)")
  endif()
  if(NOT TARGET Kokkos::kokkos)
    message(FATAL_ERROR "lapis_add_kernels(${target}): the target Kokkos::kokkos does not exist here (call find_package(Kokkos REQUIRED))")
  endif()

  set(_kernels_args)
  if(ARG_KOKKOS_KERNELS)
    if(NOT TARGET Kokkos::kokkoskernels)
      message(FATAL_ERROR "lapis_add_kernels(${target}) KOKKOS_KERNELS: the target Kokkos::kokkoskernels does not exist here (call find_package(KokkosKernels REQUIRED))")
    endif()
    set(_kernels_args --kernels kokkos-kernels)
  endif()

  set(_outdir "${CMAKE_CURRENT_BINARY_DIR}/lapis/${target}")
  file(MAKE_DIRECTORY "${_outdir}")
  set(_namespace_args)
  if(ARG_NAMESPACE)
    set(_namespace_args --namespace "${ARG_NAMESPACE}")
  endif()
  # Re-translate when the translator changes (the launcher and the assemblies it runs).
  set(_translator_depends "${LAPIS_EXECUTABLE}" ${LAPIS_TRANSLATOR_FILES})

  get_target_property(_stems ${target} _LAPIS_STEMS)
  if(NOT _stems)
    set(_stems)
  endif()
  set(_generated)
  set(_weights_files)
  foreach(_mlir IN LISTS ARG_SOURCES)
    get_filename_component(_mlir "${_mlir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(_stem "${_mlir}" NAME_WLE)
    if(_stem IN_LIST _stems)
      message(FATAL_ERROR "lapis_add_kernels(${target}): two kernels named '${_stem}' (${_mlir}); their generated files would collide")
    endif()
    list(APPEND _stems "${_stem}")
    set(_cpp "${_outdir}/${_stem}.cpp")
    set(_hpp "${_outdir}/${_stem}.hpp")
    set(_weights "${_outdir}/${_stem}.weights.bin")
    file(RELATIVE_PATH _shown "${CMAKE_SOURCE_DIR}" "${_mlir}")
    add_custom_command(
      OUTPUT "${_cpp}" "${_hpp}"
      # A module that lost its large constants must not leave an old weights file behind.
      COMMAND "${CMAKE_COMMAND}" -E rm -f "${_weights}"
      COMMAND "${LAPIS_EXECUTABLE}" translate "${_mlir}" -o "${_cpp}" ${_namespace_args} ${_kernels_args} ${ARG_OPTIONS}
      DEPENDS "${_mlir}" ${_translator_depends}
      COMMENT "Lapis: translating ${_shown} to Kokkos C++"
      VERBATIM)
    list(APPEND _generated "${_cpp}" "${_hpp}")
    list(APPEND _weights_files "${_weights}")
    if(NOT _type STREQUAL "OBJECT_LIBRARY")
      add_custom_command(TARGET ${target} POST_BUILD
        COMMAND "${CMAKE_COMMAND}" "-DLAPIS_WEIGHTS=${_weights}" "-DLAPIS_DESTINATION=$<TARGET_FILE_DIR:${target}>"
                -P "${_LAPIS_KERNELS_DIR}/LapisCopyWeights.cmake"
        VERBATIM)
    endif()
  endforeach()
  set_target_properties(${target} PROPERTIES _LAPIS_STEMS "${_stems}")
  set_property(TARGET ${target} APPEND PROPERTY LAPIS_WEIGHTS_FILES ${_weights_files})

  # Kokkos builds for CUDA/HIP as a CMake language (Kokkos 4: Kokkos_COMPILE_LANGUAGE) need
  # the generated sources compiled in that language.
  if(Kokkos_COMPILE_LANGUAGE AND NOT Kokkos_COMPILE_LANGUAGE STREQUAL "CXX")
    set_source_files_properties(${_generated} PROPERTIES LANGUAGE ${Kokkos_COMPILE_LANGUAGE})
  endif()
  target_sources(${target} PRIVATE ${_generated})
  if(_type STREQUAL "EXECUTABLE")
    target_include_directories(${target} PRIVATE "${_outdir}")
  else()
    # A library may expose the generated header to its users.
    target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${_outdir}>")
  endif()
  target_link_libraries(${target} PRIVATE Kokkos::kokkos)
  # the CPU's vector extensions beyond Kokkos' -march (LapisHostIsa.cmake; AVX-512 on Zen 4/5)
  lapis_host_isa_options(${target})
  if(ARG_KOKKOS_KERNELS)
    target_link_libraries(${target} PRIVATE Kokkos::kokkoskernels)
  endif()
  if(TARGET Lapis::headers)
    target_link_libraries(${target} PRIVATE Lapis::headers)
  endif()

  # <target>_lapis: just the translations (one per lapis_add_kernels call on the target).
  set(_custom "${target}_lapis")
  set(_n 2)
  while(TARGET ${_custom})
    set(_custom "${target}_lapis_${_n}")
    math(EXPR _n "${_n} + 1")
  endwhile()
  add_custom_target(${_custom} DEPENDS ${_generated})
  add_dependencies(${target} ${_custom})
endfunction()

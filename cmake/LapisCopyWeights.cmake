# cmake -DLAPIS_WEIGHTS=<dir>/<stem>.weights.bin -DLAPIS_DESTINATION=<dir> -P LapisCopyWeights.cmake
# Run after building a target of lapis_add_kernels(): copies the weights side file that
# `lapis translate` wrote (only modules with constants larger than 4 KiB have one) next to the
# target's binary, where the generated initialize() finds it when run from that folder.
if(NOT DEFINED LAPIS_WEIGHTS OR NOT DEFINED LAPIS_DESTINATION)
  message(FATAL_ERROR "usage: cmake -DLAPIS_WEIGHTS=<file> -DLAPIS_DESTINATION=<dir> -P LapisCopyWeights.cmake")
endif()
if(EXISTS "${LAPIS_WEIGHTS}")
  get_filename_component(_name "${LAPIS_WEIGHTS}" NAME)
  # configure_file(COPYONLY) rewrites the destination only when the bytes differ.
  configure_file("${LAPIS_WEIGHTS}" "${LAPIS_DESTINATION}/${_name}" COPYONLY)
endif()

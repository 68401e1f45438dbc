#!/bin/sh
# lapis: the Lapis translator (MLIR -> Kokkos C++), installed by Lapis' CMake package.
# Runs the .NET application in <prefix>/lib/lapis (libLapisMlirCApi.so is next to it).
self=$(readlink -f -- "$0" 2>/dev/null) || self=$0
prefix=$(CDPATH= cd -- "$(dirname -- "$self")/.." && pwd) || exit 1
app="$prefix/lib/lapis"
# The apphost finds the .NET runtime through DOTNET_ROOT or the default install location;
# when DOTNET_ROOT is not set, use the runtime of the `dotnet` on PATH.
if [ -z "${DOTNET_ROOT:-}" ] && dotnet=$(command -v dotnet 2>/dev/null); then
  dotnet_root=$(dirname -- "$(readlink -f -- "$dotnet" 2>/dev/null || echo "$dotnet")")
  if [ -d "$dotnet_root/host/fxr" ]; then
    DOTNET_ROOT=$dotnet_root
    export DOTNET_ROOT
  fi
fi
if [ -x "$app/lapis" ]; then
  exec "$app/lapis" "$@"
fi
exec dotnet "$app/lapis.dll" "$@"

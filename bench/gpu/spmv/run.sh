#!/bin/sh
# GPU SpMV measurements (H200): Lapis vs hand-written Kokkos (bench/spmv/main.cpp) and cuSPARSE
# through PyTorch (cusparse_spmv.py) on the 7-point Laplacian 200^3 and the R-MAT power-law
# matrix of bench/run.ps1 (scale 20, 12,000,000 draws, seed 11). Run from the repository root with
#   KOKKOS_CUDA=<prefix of a CUDA build of Kokkos>  LAPIS=<lapis CLI or a folder with spmv_csr.cpp/.hpp>
# The generated C++ is translated on the dev machine (lapis translate bench/spmv/K.mlir -o gen/K.cpp for K in
# spmv_csr, spmm_csr, cg) and copied; nothing here builds Kokkos. Then SpMM with 16 right-hand sides
# (spmm_bench) and 100 CG iterations (cg_bench) on the Laplacian 200^3.
set -eu
GEN=${GEN:-gen}
OUT=${OUT:-out}
mkdir -p "$OUT"
cmake -S bench/gpu/spmv -B build-gpu-spmv -DCMAKE_BUILD_TYPE=Release -DKokkos_ROOT="$KOKKOS_CUDA" \
  -DCMAKE_CXX_COMPILER="$KOKKOS_CUDA/bin/nvcc_wrapper" -DLAPIS_GENERATED_DIR="$PWD/$GEN" -DCMAKE_DISABLE_FIND_PACKAGE_KokkosKernels=ON
cmake --build build-gpu-spmv -j 16
B=build-gpu-spmv/spmv
# The Laplacian is built in memory by both drivers (laplace3d:200): its 1.4 GB file took longer to read than the runs.
[ -f "$OUT/rmat_20.mtx" ] || "$B/powerlaw_mtx" 20 12000000 11 "$OUT/rmat_20.mtx"
for m in laplace3d:200 "$OUT/rmat_20.mtx"; do
  name=$(basename "$m" .mtx | tr ':' '_')
  echo "== $name: Lapis / hand-written Kokkos (CUDA)"
  "$B/spmv_bench" "$m" | tee "$OUT/$name.kokkos.txt"
  echo "== $name: cuSPARSE through torch"
  python3 bench/gpu/spmv/cusparse_spmv.py "$m" --rhs 16 | tee "$OUT/$name.cusparse.txt"
done
echo "== laplace3d_200: SpMM, 16 right-hand sides (CUDA)"
"$B/spmm_bench" laplace3d:200 | tee "$OUT/laplace3d_200.spmm.txt"
echo "== laplace3d_200: CG, 100 iterations (CUDA)"
"$B/cg_bench" laplace3d:200 100 | tee "$OUT/laplace3d_200.cg.txt"

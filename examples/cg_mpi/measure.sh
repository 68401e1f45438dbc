#!/usr/bin/env bash
# Time per CG iteration of cg_mpi on 1, 2 and 4 ranks (one OpenMP thread each), median of
# REPEATS runs: a strong-scaling series at one n, with and without overlap, and a weak-scaling
# series (about the same unknowns per rank). Prints a Markdown table.
#   examples/cg_mpi/measure.sh <build dir> [n = 48] [repeats = 5]
set -euo pipefail
build=$1 n=${2:-48} repeats=${3:-5}
export OMP_NUM_THREADS=1 OMP_PROC_BIND=false OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# run <ranks> <n> [options]: "iterations | ms/iteration | halo ms | allreduce ms" (medians)
run() {
  local ranks=$1 size=$2; shift 2
  local out its=() total=() halo=() reduce=()
  for _ in $(seq "$repeats"); do
    out=$(mpirun --oversubscribe -np "$ranks" "$build/cg_mpi" "$size" "$@" --kokkos-disable-warnings)
    its+=("$(sed -n 's/^iterations: //p' <<<"$out")")
    total+=("$(sed -n 's/^time per iteration: \([0-9.]*\) ms.*/\1/p' <<<"$out")")
    halo+=("$(sed -n 's/^halo wait per iteration: \([0-9.]*\) ms/\1/p' <<<"$out")")
    reduce+=("$(sed -n 's/^allreduce per iteration: \([0-9.]*\) ms/\1/p' <<<"$out")")
  done
  printf '%s | %s | %s | %s' "${its[0]}" "$(printf '%s\n' "${total[@]}" | median)" \
    "$(printf '%s\n' "${halo[@]}" | median)" "$(printf '%s\n' "${reduce[@]}" | median)"
}

echo "| series | n | ranks | unknowns per rank | halo bytes per rank per iteration (sent + received) | iterations | ms / iteration | halo wait ms | allreduce ms |"
echo "|---|---|---|---|---|---|---|---|---|"
for ranks in 1 2 4; do
  for mode in overlap no-overlap; do
    opts=(); [[ $mode == no-overlap ]] && opts=(--no-overlap)
    neighbours=$(( ranks == 1 ? 0 : 2 ))
    echo "| strong, $mode | $n | $ranks | $(( n * n * n / ranks )) | $(( neighbours * 2 * 8 * n * n )) | $(run "$ranks" "$n" "${opts[@]}") |"
  done
done
# Weak: n^3 / ranks about n1^3 (n = round(n1 * ranks^(1/3))).
for ranks in 1 2 4; do
  size=$(awk -v n="$n" -v p="$ranks" 'BEGIN { printf "%d", n * p ^ (1 / 3) + 0.5 }')
  neighbours=$(( ranks == 1 ? 0 : 2 ))
  echo "| weak, overlap | $size | $ranks | $(( size * size * size / ranks )) | $(( neighbours * 2 * 8 * size * size )) | $(run "$ranks" "$size") |"
done

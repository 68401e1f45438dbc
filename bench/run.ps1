#!/usr/bin/env pwsh
# Benchmarks: each model runs through `lapis check --time N` — the generated Kokkos code (OpenMP,
# all cores) and MLIR's own JIT of the same module (-O3, one thread) on the same inputs, in one
# run, with the outputs compared — and the median time per call (MLIR: the mean) is tabulated with the ratio.
# Then SpMV (bench/spmv): the 7-point 3-D Laplacian 100^3, generated into build/bench-spmv, timed
# three ways in one run — MLIR's default path (`mlir-opt-22 --sparsifier` + `mlir-runner-22 -O3`
# on ../shared/inputs/spmv_csr_bench_main.mlir), the Lapis translation of bench/spmv/spmv_csr.mlir
# and a hand-written Kokkos SpMV (both in bench/spmv/main.cpp, OpenMP, 2 threads) — with ratios.
# The SpMV part also runs on a seeded R-MAT power-law matrix (bench/spmv/powerlaw_mtx.cpp) and times
# the two CSR row mappings separately and the kernel on 32-bit positions and coordinates
# (@spmv_i32_in_place, what Kokkos Kernels' int offsets/ordinals read), plus Kokkos Kernels' KokkosSparse::spmv where
# .deps/kokkos-kernels-3.4 exists (build.ps1 setup -KokkosKernels).
# Then SpMM with 16 right-hand sides (bench/spmv/spmm_csr.mlir vs hand-written Kokkos, Kokkos
# Kernels' multivector spmv and 16 SpMVs) and 100 CG iterations (bench/spmv/cg.mlir vs a
# hand-written Kokkos CG), on the Laplacian built in memory (LAPIS_BENCH_LAPLACE_N, default 100).
# Usage: dotnet pwsh ./build.ps1 bench [-SpmvOnly | -Sparse]   (or bench/run.ps1 after a build, with LAPIS_CLI set)
param([switch]$SpmvOnly, [switch]$Sparse)
if ($Sparse) { $SpmvOnly = $true }
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$lapis = if ($env:LAPIS_CLI) { $env:LAPIS_CLI } else { Join-Path $root 'artifacts/bin/lapis' }
$shared = if ($env:LAPIS_SHARED_INPUTS) { $env:LAPIS_SHARED_INPUTS } else { Join-Path (Split-Path $root -Parent) 'shared/inputs' }
$cases = @(
    @{ Name = 'MALA forward, batch 8748'; File = "$shared/mala_forward_batch8748.mlir"; Args = @('--time', '20') },
    @{ Name = 'MALA forward, 1 sample'; File = "$shared/mala_forward.mlir"; Args = @('--time', '2000') },
    @{ Name = 'GEMM 512x512 (f32)'; File = "$shared/gemm_dynamic.mlir"; Args = @('--time', '5', '--dynamic-size', '512') },
    @{ Name = 'batched GEMM 64x64x64'; File = "$shared/batched_gemm_dynamic.mlir"; Args = @('--time', '10', '--dynamic-size', '64') },
    @{ Name = 'MaxPool2d 1x3x20x30'; File = "$shared/maxpool_nchw.mlir"; Args = @('--time', '2000') },
    @{ Name = 'ResNet-18, 1x3x224x224'; File = "$shared/resnet18_torch_mlir.mlir"; Args = @('--time', '5') }
)
$rows = @()
if ($SpmvOnly) { $cases = @() }
foreach ($case in $cases) {
    Write-Host "[bench] $($case.Name)" -ForegroundColor Cyan
    $out = & $lapis check $case.File @($case.Args) 2>&1
    if ($LASTEXITCODE -ne 0) { $out | Write-Host; throw "[bench] $($case.Name): lapis check failed" }
    $line = $out | Where-Object { $_ -match 'time per call: lapis ([0-9.]+) ms .* MLIR JIT ([0-9.]+) ms .* speedup ([0-9.]+)x' } | Select-Object -First 1
    if (-not $line) { throw "[bench] $($case.Name): no timing in output" }
    $rows += [pscustomobject]@{ Case = $case.Name; Lapis = [double]$Matches[1]; Mlir = [double]$Matches[2]; Speedup = [double]$Matches[3] }
}
$cpu = (Get-Content /proc/cpuinfo | Where-Object { $_ -match '^model name' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$threads = if ($env:OMP_NUM_THREADS) { $env:OMP_NUM_THREADS } else { [Environment]::ProcessorCount }
$table = @("| Case | Lapis (Kokkos OpenMP, $threads threads) median ms | MLIR JIT (1 thread) mean ms | speedup (means) |", '|---|---:|---:|---:|')
$table += $rows | ForEach-Object { "| $($_.Case) | $('{0:F3}' -f $_.Lapis) | $('{0:F3}' -f $_.Mlir) | $('{0:F2}' -f $_.Speedup)x |" }
Write-Host "`nMachine: $cpu, $([Environment]::ProcessorCount) cores; Kokkos 3.4.01 (OpenMP), g++ -O3; MLIR 22 ExecutionEngine -O3."
if ($rows.Count -gt 0) { $table | Write-Host }

# ---- PyTorch eager anchors (Debian python3-torch, same thread count) for MALA batch 8748 and ResNet-18 batch 1 ----
if (-not $SpmvOnly -and (Test-Path /usr/bin/python3)) {
    Write-Host "[bench] PyTorch eager anchors (bench/torch/eager.py, $threads threads)" -ForegroundColor Cyan
    $torch = & /usr/bin/python3 (Join-Path $PSScriptRoot 'torch/eager.py') $threads 2>&1
    if ($LASTEXITCODE -ne 0) { $torch | Write-Host; throw '[bench] PyTorch eager anchors failed' }
    $torch | Write-Host
}

# ---- SpMV: MLIR default path vs Lapis vs hand-written Kokkos ----
function Invoke-Checked([string]$what, [scriptblock]$command) {
    $out = & $command 2>&1
    if ($LASTEXITCODE -ne 0) { $out | Write-Host; throw "[bench] spmv: $what failed" }
    return $out
}
$spmvSource = Join-Path $PSScriptRoot 'spmv'
$work = Join-Path $root 'build/bench-spmv'
$generated = Join-Path $work 'generated'
New-Item -ItemType Directory -Force -Path $generated | Out-Null
$kokkosRoot = if ($env:LAPIS_KOKKOS_ROOT) { $env:LAPIS_KOKKOS_ROOT } else { Join-Path $root '.deps/kokkos-3.4' }
Write-Host "[bench] SpMV: translate, build" -ForegroundColor Cyan
foreach ($kernels in @('spmv_csr', 'spmm_csr', 'cg')) {
    Invoke-Checked "lapis translate $kernels.mlir" { & $lapis translate (Join-Path $spmvSource "$kernels.mlir") -o (Join-Path $generated "$kernels.cpp") } | Out-Null
}
$kkRoot = Join-Path $root '.deps/kokkos-kernels-3.4'
# Both settings every time: the build folder's cache keeps a -DCMAKE_DISABLE_FIND_PACKAGE_KokkosKernels=ON from a run
# before `setup -KokkosKernels`, which left the Kokkos Kernels rows out of later runs.
# @(...) around the if: a one-element array assigned from it becomes a string, which @kkArgs then splat character by
# character (cmake: "Unknown argument -" on every machine without Kokkos Kernels).
$kkArgs = @(if (Test-Path $kkRoot) { "-DKokkosKernels_ROOT=$kkRoot", '-DCMAKE_DISABLE_FIND_PACKAGE_KokkosKernels=OFF' } else { '-DCMAKE_DISABLE_FIND_PACKAGE_KokkosKernels=ON' })
Invoke-Checked 'cmake configure' { cmake -S $spmvSource -B (Join-Path $work 'build') -DCMAKE_BUILD_TYPE=Release "-DKokkos_ROOT=$kokkosRoot" "-DLAPIS_GENERATED_DIR=$generated" @kkArgs } | Out-Null
Invoke-Checked 'cmake build' { cmake --build (Join-Path $work 'build') -j 2 } | Out-Null
$n = 100
$laplace = Join-Path $work "laplace3d_$n.mtx"
if (-not (Test-Path $laplace)) {
    Write-Host "[bench] SpMV: generating $laplace" -ForegroundColor Cyan
    Invoke-Checked 'matrix generation' { & (Join-Path $work 'build/laplace3d_mtx') $n $laplace } | Out-Null
}
# R-MAT power-law matrix: 2^20 rows, ~10 M nonzeros after merging duplicates, longest row > 10^4, seed 11.
$powerlaw = Join-Path $work 'rmat_20.mtx'
if (-not (Test-Path $powerlaw)) {
    Write-Host "[bench] SpMV: generating $powerlaw" -ForegroundColor Cyan
    Invoke-Checked 'matrix generation' { & (Join-Path $work 'build/powerlaw_mtx') 20 12000000 11 $powerlaw } | Write-Host
}
$matrices = @(
    @{ Name = "7-point Laplacian 100^3"; File = $laplace },
    @{ Name = "R-MAT power-law 2^20 (seed 11)"; File = $powerlaw }
)
$lib = '/usr/lib/llvm-22/lib'
$lowered = Join-Path $work 'spmv_csr_bench_main.llvm.mlir'
Invoke-Checked 'mlir-opt-22 --sparsifier' { mlir-opt-22 --sparsifier (Join-Path $shared 'spmv_csr_bench_main.mlir') -o $lowered } | Out-Null
$load = ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ', '
foreach ($matrix in $matrices) {
    $mtx = $matrix.File
    Write-Host "[bench] SpMV on $($matrix.Name): MLIR default path (mlir-opt-22 --sparsifier, mlir-runner-22 -O3)" -ForegroundColor Cyan
    $env:TENSOR0 = $mtx
    $mlirOut = Invoke-Checked 'mlir-runner-22' { mlir-runner-22 -e main -entry-point-result=void -O3 "-shared-libs=$lib/libmlir_c_runner_utils.so,$lib/libmlir_runner_utils.so" $lowered }
    $mlirNumbers = @($mlirOut | Where-Object { $_ -match '^\s*-?[0-9.]+(e[-+]?[0-9]+)?\s*$' } | ForEach-Object { [double]$_ })
    if ($mlirNumbers.Count -lt 2) { $mlirOut | Write-Host; throw '[bench] spmv: no time/value in the MLIR output' }
    $mlirMs = $mlirNumbers[0] * 1000 / 50   # @main prints the time of 50 SpMVs, then y[0]

    Write-Host "[bench] SpMV on $($matrix.Name): Lapis, hand-written Kokkos, Kokkos Kernels if built (OpenMP, 2 threads)" -ForegroundColor Cyan
    $env:OMP_NUM_THREADS = '2'
    $env:OMP_PROC_BIND = 'false'
    $driverOut = Invoke-Checked 'driver' { & (Join-Path $work 'build/spmv_bench') $mtx --kokkos-threads=2 }
    function Get-Number([string]$key, [switch]$Optional) {
        $line = $driverOut | Where-Object { $_ -match "^$key " } | Select-Object -First 1
        if (-not $line) { if ($Optional) { return $null }; $driverOut | Write-Host; throw "[bench] spmv: no '$key' in the driver output" }
        return [double](($line -split ' ')[1])
    }
    $lapisMs = Get-Number 'lapis_ms'
    $lapisInPlaceMs = Get-Number 'lapis_in_place_ms'
    $rowsMs = Get-Number 'lapis_rows_ms'
    $splitMs = Get-Number 'lapis_split_ms'
    $i32Ms = Get-Number 'lapis_i32_ms'
    $kkMs = Get-Number 'kokkos_kernels_ms' -Optional
    $handMs = Get-Number 'hand_written_ms'
    $handFreshMs = Get-Number 'hand_written_fresh_output_ms'
    $y0 = Get-Number 'y0'
    # @main prints y[0] with 6 significant digits.
    if ([math]::Abs($y0 - $mlirNumbers[1]) -gt 1e-5 * [math]::Max(1, [math]::Abs($mlirNumbers[1]))) {
        throw "[bench] spmv: y[0] differs: Lapis/hand-written $y0, MLIR $($mlirNumbers[1])"
    }
    Write-Host ($driverOut | Where-Object { $_ -match '^(matrix|check) ' } | Out-String).TrimEnd()
    Write-Host "y[0] after 50 SpMVs: $y0 (MLIR: $($mlirNumbers[1])); load average before the runs: $load"
    Write-Host ''
    Write-Host "| SpMV y += A x, $($matrix.Name) | ms per SpMV | vs MLIR default | vs hand-written Kokkos |"
    Write-Host '|---|---:|---:|---:|'
    function Row([string]$what, [double]$ms) { Write-Host "| $what | $('{0:F3}' -f $ms) | $('{0:F2}' -f ($mlirMs / $ms))x | $('{0:F2}' -f ($handMs / $ms))x |" }
    Row 'MLIR default (--sparsifier, mlir-runner -O3, 1 thread)' $mlirMs
    Row 'Lapis (Kokkos OpenMP, 2 threads; row mapping chosen at run time)' $lapisMs
    Row 'Lapis, y marked writable (updated in place; chosen at run time)' $lapisInPlaceMs
    Row 'Lapis in place, row blocks (lapis.sparse_rows = "row-blocks")' $rowsMs
    Row 'Lapis in place, nonzero split (lapis.sparse_rows = "nonzero-split")' $splitMs
    Row 'Lapis in place, 32-bit positions/coordinates (posWidth = crdWidth = 32; chosen at run time)' $i32Ms
    if ($null -ne $kkMs) { Row 'Kokkos Kernels 3.4 KokkosSparse::spmv (int ordinals/offsets)' $kkMs }
    Row 'hand-written Kokkos (RangePolicy over rows, in place, 2 threads)' $handMs
    Row 'hand-written Kokkos, fresh output + copy of y as the generated function returns' $handFreshMs
    Write-Host '(ratios: speedup of the row over the column header; > 1 is faster)'
    $interleavedRatio = Get-Number 'interleaved_kokkos_kernels_over_lapis_i32' -Optional
    if ($null -ne $interleavedRatio) {
        $li = Get-Number 'interleaved_lapis_i32_ms'
        $ki = Get-Number 'interleaved_kokkos_kernels_ms'
        $format = "Interleaved in one process (15 rounds of 10 calls each, alternating): Lapis 32-bit in place {0:F3} ms, " +
            "Kokkos Kernels {1:F3} ms (median rounds); Lapis / Kokkos Kernels, median of the rounds' ratios: **{2:F2}x**"
        Write-Host ($format -f $li, $ki, $interleavedRatio)
    }
    Write-Host ''
}

# ---- SpMM with 16 right-hand sides and CG iterations per second, on the Laplacian (in memory) ----
$sparseSource = if ($env:LAPIS_BENCH_LAPLACE_N) { "laplace3d:$($env:LAPIS_BENCH_LAPLACE_N)" } else { "laplace3d:$n" }
$load = ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ', '
Write-Host "[bench] SpMM (16 right-hand sides) on $sparseSource`: Lapis, hand-written Kokkos, Kokkos Kernels if built, 16 SpMVs" -ForegroundColor Cyan
$spmmOut = Invoke-Checked 'spmm driver' { & (Join-Path $work 'build/spmm_bench') $sparseSource --kokkos-threads=2 }
function Get-Value($out, [string]$key, [switch]$Optional) {
    $line = $out | Where-Object { $_ -match "^$key " } | Select-Object -First 1
    if (-not $line) { if ($Optional) { return $null }; $out | Write-Host; throw "[bench] sparse: no '$key' in the driver output" }
    return [double](($line -split ' ')[1])
}
$spmmRange = Get-Value $spmmOut 'spmm_hand_range_ms'
$spmmSpmvs = Get-Value $spmmOut 'spmm_16_spmv_ms'
Write-Host ($spmmOut | Where-Object { $_ -match '^(matrix|check) ' } | Out-String).TrimEnd()
Write-Host "load average before the run: $load"
Write-Host ''
Write-Host "| SpMM C += A B, B n x 16, 7-point Laplacian ($sparseSource) | ms per SpMM | vs hand-written RangePolicy | vs 16 SpMVs |"
Write-Host '|---|---:|---:|---:|'
function SpmmRow([string]$what, $ms) { if ($null -ne $ms) { Write-Host "| $what | $('{0:F3}' -f $ms) | $('{0:F2}' -f ($spmmRange / $ms))x | $('{0:F2}' -f ($spmmSpmvs / $ms))x |" } }
SpmmRow 'Lapis (spmm_csr.mlir @spmm: fresh C holding a copy of the input C)' (Get-Value $spmmOut 'spmm_lapis_ms')
SpmmRow 'Lapis, C marked writable (@spmm_in_place)' (Get-Value $spmmOut 'spmm_lapis_in_place_ms')
SpmmRow 'hand-written Kokkos, RangePolicy over rows, 16 sums per thread (LayoutRight)' $spmmRange
SpmmRow 'hand-written Kokkos, TeamPolicy: threads over rows, 16 columns as vector lanes' (Get-Value $spmmOut 'spmm_hand_team_ms')
SpmmRow 'Kokkos Kernels 3.4 KokkosSparse::spmv, rank-2 LayoutLeft (instantiated)' (Get-Value $spmmOut 'spmm_kokkos_kernels_left_ms' -Optional)
SpmmRow 'Kokkos Kernels 3.4 KokkosSparse::spmv, rank-2 LayoutRight (from its templates)' (Get-Value $spmmOut 'spmm_kokkos_kernels_right_ms' -Optional)
SpmmRow '16 hand-written SpMVs (one per column, contiguous vectors)' $spmmSpmvs
Write-Host '(ratios: speedup of the row over the column header; > 1 is faster)'
Write-Host ''

$cgIterations = 100
Write-Host "[bench] CG, $cgIterations iterations, on $sparseSource`: Lapis (cg.mlir) vs hand-written Kokkos" -ForegroundColor Cyan
$cgOut = Invoke-Checked 'cg driver' { & (Join-Path $work 'build/cg_bench') $sparseSource $cgIterations --kokkos-threads=2 }
$cgLapis = Get-Value $cgOut 'cg_lapis_ms'
$cgHand = Get-Value $cgOut 'cg_hand_ms'
Write-Host ($cgOut | Where-Object { $_ -match '^(matrix|residual|check) ' } | Out-String).TrimEnd()
Write-Host ''
Write-Host "| CG, $cgIterations iterations, b = 1, 7-point Laplacian ($sparseSource) | ms per solve | iterations/s | vs hand-written Kokkos |"
Write-Host '|---|---:|---:|---:|'
Write-Host "| Lapis (cg.mlir: scf.for, CSR SpMV, dots, axpys) | $('{0:F1}' -f $cgLapis) | $('{0:F1}' -f (1000 * $cgIterations / $cgLapis)) | $('{0:F2}' -f ($cgHand / $cgLapis))x |"
Write-Host "| hand-written Kokkos CG (4 kernels per iteration) | $('{0:F1}' -f $cgHand) | $('{0:F1}' -f (1000 * $cgIterations / $cgHand)) | 1.00x |"
Write-Host ''

# ---- GEMM vs OpenBLAS (tiled kokkos.contraction) ----
if (-not $SpmvOnly) { & (Join-Path $PSScriptRoot 'gemm/run.ps1') }

#!/usr/bin/env pwsh
# GEMM against OpenBLAS, side by side in one run: for each precision and N, the generated Kokkos
# code (`lapis check --time`, OpenMP, all cores; the tiled kokkos.contraction path), the same
# through Kokkos Kernels (`lapis check --kernels kokkos-kernels --time`: KokkosBlas::gemm, OpenBLAS
# as its BLAS TPL; only when .deps/kokkos-kernels-3.4 or $LAPIS_KOKKOS_KERNELS_ROOT exists, from
# `build.ps1 setup -KokkosKernels`) and OpenBLAS (`cblas_sgemm`/`cblas_dgemm` through
# openblas_gemm.cpp, OPENBLAS_NUM_THREADS = the same thread count), median/mean ms, GFLOP/s and
# the ratios. Needs libopenblas-dev (skipped without it).
# Usage: bench/gemm/run.ps1 [-Sizes 256,512,1024,2048]   (called by bench/run.ps1; LAPIS_CLI set)
param([int[]]$Sizes = @(256, 512, 1024, 2048))
$ErrorActionPreference = 'Stop'
$root = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent
$lapis = if ($env:LAPIS_CLI) { $env:LAPIS_CLI } else { Join-Path $root 'artifacts/bin/lapis' }
$shared = if ($env:LAPIS_SHARED_INPUTS) { $env:LAPIS_SHARED_INPUTS } else { Join-Path (Split-Path $root -Parent) 'shared/inputs' }
if (-not (Test-Path '/usr/include/x86_64-linux-gnu/cblas.h') -and -not (Test-Path '/usr/include/cblas.h')) {
    Write-Host '[bench] GEMM vs OpenBLAS skipped: libopenblas-dev is not installed'
    return
}
$work = Join-Path $root 'build/bench-gemm'
New-Item -ItemType Directory -Force -Path $work | Out-Null
$driver = Join-Path $work 'openblas_gemm'
& g++ -O3 -march=native (Join-Path $PSScriptRoot 'openblas_gemm.cpp') -o $driver -lopenblas
if ($LASTEXITCODE -ne 0) { throw '[bench] gemm: building the OpenBLAS driver failed' }
$threads = if ($env:OMP_NUM_THREADS) { $env:OMP_NUM_THREADS } else { "$([Environment]::ProcessorCount)" }
$env:OPENBLAS_NUM_THREADS = $threads
$kokkosKernels = if ($env:LAPIS_KOKKOS_KERNELS_ROOT) { $env:LAPIS_KOKKOS_KERNELS_ROOT } else { Join-Path $root '.deps/kokkos-kernels-3.4' }
$withKokkosKernels = @('lib', 'lib64') | Where-Object { Test-Path (Join-Path $kokkosKernels "$_/cmake/KokkosKernels/KokkosKernelsConfig.cmake") }
if (-not $withKokkosKernels) { Write-Host "[bench] gemm: no Kokkos Kernels in $kokkosKernels (build.ps1 setup -KokkosKernels): its column is left out" }

# Median ms per call of `lapis check --time` (the outputs compared with MLIR's as well).
function Measure-Lapis([string]$file, [int]$n, [int]$reps, [string[]]$extra, [string]$what) {
    $out = & $lapis check $file --dynamic-size $n --time $reps @extra 2>&1
    if ($LASTEXITCODE -ne 0) { $out | Write-Host; throw "[bench] gemm ${n} ($what): lapis check failed" }
    $line = $out | Where-Object { $_ -match 'time per call: lapis ([0-9.]+) ms' } | Select-Object -First 1
    if (-not $line) { throw "[bench] gemm ${n} ($what): no timing in output" }
    return [double]$Matches[1]
}

$rows = @()
foreach ($precision in 's', 'd') {
    $file = if ($precision -eq 's') { "$shared/gemm_dynamic.mlir" } else { Join-Path $PSScriptRoot 'dgemm_dynamic.mlir' }
    foreach ($n in $Sizes) {
        $reps = [Math]::Max(3, [int](2e9 / ([double]$n * $n * $n)))
        Write-Host "[bench] $($precision.ToUpper())GEMM $n" -ForegroundColor Cyan
        $lapisMs = Measure-Lapis $file $n ([Math]::Min($reps, 20)) @() 'generated'
        $kkMs = if ($withKokkosKernels) { Measure-Lapis $file $n ([Math]::Min($reps, 20)) @('--kernels', 'kokkos-kernels', '--kokkos-kernels-root', $kokkosKernels) 'Kokkos Kernels' } else { $null }
        $blas = & $driver $precision $n ([Math]::Max(5, $reps))
        if ($LASTEXITCODE -ne 0 -or "$blas" -notmatch '^ms ([0-9.]+)') { throw "[bench] gemm ${n}: OpenBLAS driver failed" }
        $blasMs = [double]$Matches[1]
        $gflop = 2.0 * $n * $n * $n / 1e9
        $rows += [pscustomobject]@{ Case = "$($precision.ToUpper())GEMM $n"; Lapis = $lapisMs; Blas = $blasMs; LapisRate = $gflop / ($lapisMs / 1e3); BlasRate = $gflop / ($blasMs / 1e3)
            Kk = $kkMs; KkRate = if ($null -ne $kkMs) { $gflop / ($kkMs / 1e3) } else { $null } }
    }
}
Write-Host ''
if ($withKokkosKernels) {
    Write-Host "| GEMM (C += A B, N x N) | Lapis ms | Lapis GFLOP/s | Lapis via Kokkos Kernels ms | Lapis via Kokkos Kernels GFLOP/s | OpenBLAS ms | OpenBLAS GFLOP/s | Lapis / OpenBLAS | Lapis via Kokkos Kernels / OpenBLAS |"
    Write-Host '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
    $rows | ForEach-Object { Write-Host "| $($_.Case) | $('{0:F3}' -f $_.Lapis) | $('{0:F1}' -f $_.LapisRate) | $('{0:F3}' -f $_.Kk) | $('{0:F1}' -f $_.KkRate) | $('{0:F3}' -f $_.Blas) | $('{0:F1}' -f $_.BlasRate) | $('{0:P0}' -f ($_.LapisRate / $_.BlasRate)) | $('{0:P0}' -f ($_.KkRate / $_.BlasRate)) |" }
} else {
    Write-Host "| GEMM (C += A B, N x N) | Lapis ms | Lapis GFLOP/s | OpenBLAS ms | OpenBLAS GFLOP/s | Lapis / OpenBLAS |"
    Write-Host '|---|---:|---:|---:|---:|---:|'
    $rows | ForEach-Object { Write-Host "| $($_.Case) | $('{0:F3}' -f $_.Lapis) | $('{0:F1}' -f $_.LapisRate) | $('{0:F3}' -f $_.Blas) | $('{0:F1}' -f $_.BlasRate) | $('{0:P0}' -f ($_.LapisRate / $_.BlasRate)) |" }
}
Write-Host "(all with $threads threads; Lapis: median of lapis check --time, OpenBLAS: median of repeated calls)"

#!/usr/bin/env pwsh
# Benchmarks: each model runs through `lapis check --time N` — the generated Kokkos code (OpenMP,
# all cores) and MLIR's own JIT of the same module (-O3, one thread) on the same inputs, in one
# run, with the outputs compared — and the mean time per call is tabulated with the ratio.
# Usage: dotnet pwsh ./build.ps1 bench   (or bench/run.ps1 after a build, with LAPIS_CLI set)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
$lapis = if ($env:LAPIS_CLI) { $env:LAPIS_CLI } else { Join-Path $root 'artifacts/bin/lapis' }
$shared = Join-Path (Split-Path $root -Parent) 'shared/inputs'
$cases = @(
    @{ Name = 'MALA forward, batch 8748'; File = "$shared/mala_forward_batch8748.mlir"; Args = @('--time', '20') },
    @{ Name = 'MALA forward, 1 sample'; File = "$shared/mala_forward.mlir"; Args = @('--time', '2000') },
    @{ Name = 'GEMM 512x512 (f32)'; File = "$shared/gemm_dynamic.mlir"; Args = @('--time', '5', '--dynamic-size', '512') },
    @{ Name = 'batched GEMM 64x64x64'; File = "$shared/batched_gemm_dynamic.mlir"; Args = @('--time', '10', '--dynamic-size', '64') },
    @{ Name = 'MaxPool2d 1x3x20x30'; File = "$shared/maxpool_nchw.mlir"; Args = @('--time', '2000') },
    @{ Name = 'ResNet-18, 1x3x224x224'; File = "$shared/resnet18_torch_mlir.mlir"; Args = @('--time', '2') }
)
$rows = @()
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
$table = @("| Case | Lapis (Kokkos OpenMP, $threads threads) ms | MLIR JIT (1 thread) ms | speedup |", '|---|---:|---:|---:|')
$table += $rows | ForEach-Object { "| $($_.Case) | $('{0:F3}' -f $_.Lapis) | $('{0:F3}' -f $_.Mlir) | $('{0:F2}' -f $_.Speedup)x |" }
Write-Host "`nMachine: $cpu, $([Environment]::ProcessorCount) cores; Kokkos 3.4.01 (OpenMP), g++ -O3; MLIR 22 ExecutionEngine -O3."
$table | Write-Host

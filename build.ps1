#!/usr/bin/env pwsh
# Lapis build entry point. Usage: dotnet pwsh ./build.ps1 <setup|build|test|demo|bench> [-Configuration Release]
#   setup  install/build external dependencies (idempotent; run automatically by the others);
#          -KokkosKernels also builds Kokkos Kernels 3.4 into .deps/kokkos-kernels-3.4 (~6 min on 2 cores)
#   build  native MLIR C API shim (CMake) + .NET solution; CLI at artifacts/bin/lapis
#   test   build, then run every NUnit test (unit, FileCheck, golden, execution)
#   demo   build, then translate the bundled example and show the generated C++
#   bench  build, then time generated code against MLIR's JIT on the shared models (bench/run.ps1)
#   install  build, then install the CMake package into artifacts/install (or -Prefix)
#   fuzz   build, then run the mutation fuzzer for -Runs N cases (default 1000, -Seed S; summary in artifacts/fuzz/summary.txt)
#   onnx-conformance  build, then run ONNX's operator conformance suite (python3-onnx's node tests) and
#          PyTorch-exported models through Lapis; writes onnx-conformance.md, fails when a test of
#          conformance/onnx/passing.txt stops passing
#   pytorch-examples  build, then examples/pytorch/compile_models.py (MLP, ResNet-18, CSR SpMV through
#          lapis.compile vs PyTorch) and ResNet-18 through ONNX Runtime vs Lapis (cache: build/python-cache)
param(
    [Parameter(Position = 0)][ValidateSet('setup', 'build', 'test', 'demo', 'bench', 'install', 'fuzz', 'onnx-conformance', 'pytorch-examples', 'sparse-conformance')][string]$Task = 'build',
    [string]$Configuration = 'Release',
    [string]$Prefix = '',
    [int]$Runs = 1000,
    [int]$Seed = 1,
    # setup: also build Kokkos Kernels 3.4 (OpenBLAS as BLAS TPL) into .deps/kokkos-kernels-3.4 (for --kernels kokkos-kernels)
    [switch]$KokkosKernels,
    [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Deps = Join-Path $Root '.deps'
$KokkosPrefix = Join-Path $Deps 'kokkos-3.4'
$Kokkos5 = Join-Path $Deps 'kokkos5'
$Artifacts = Join-Path $Root 'artifacts'
$NativeBuild = Join-Path $Root 'build/native'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native([string]$What, [scriptblock]$Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "[build] $What failed (exit code $LASTEXITCODE)" }
}

function Invoke-Setup {
    Import-Module (Join-Path $Root 'third_party/Dependencies.psm1') -Force
    Install-AptPackages
    Install-Kokkos -Prefix $KokkosPrefix -WorkDir (Join-Path $Deps 'work')
    Get-Kokkos5Headers -Destination $Kokkos5 -WorkDir (Join-Path $Deps 'work')
    if ($KokkosKernels) { Install-KokkosKernels -Prefix (Join-Path $Deps 'kokkos-kernels-3.4') -KokkosPrefix $KokkosPrefix -WorkDir (Join-Path $Deps 'work') }
}

function Invoke-Build {
    Invoke-Setup
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Native 'cmake configure' { cmake -S $Root -B $NativeBuild -DCMAKE_BUILD_TYPE=Release | Out-Null }
    Invoke-Native 'cmake build' { cmake --build $NativeBuild -j ([Environment]::ProcessorCount) | Out-Null }
    New-Item -ItemType Directory -Force (Join-Path $Artifacts 'native') | Out-Null
    Copy-Item (Join-Path $NativeBuild 'Lapis.Native/libLapisMlirCApi.so') (Join-Path $Artifacts 'native') -Force
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $Root 'Lapis.sln') -c $Configuration -nologo -v q }
    Invoke-Native 'dotnet publish' { dotnet publish (Join-Path $Root 'Lapis.Translator/Lapis.Translator.csproj') -c $Configuration -o (Join-Path $Artifacts 'bin') -nologo -v q --no-build }
    Write-Host "[build] done in $([int]$sw.Elapsed.TotalSeconds) s: $(Join-Path $Artifacts 'bin/lapis')"
}

function Set-TestEnvironment {
    $env:LAPIS_CLI = Join-Path $Artifacts 'bin/lapis'
    $env:LAPIS_KOKKOS_ROOT = $KokkosPrefix
    $env:LAPIS_KOKKOS5_HEADERS = $Kokkos5
}

switch ($Task) {
    'setup' { Invoke-Setup }
    'build' { Invoke-Build }
    'test' {
        Invoke-Build
        Set-TestEnvironment
        Invoke-Native 'tests' { dotnet test (Join-Path $Root 'Lapis.Tests/Lapis.Tests.csproj') -c $Configuration --no-build -nologo --logger 'console;verbosity=normal' @Rest }
    }
    'sparse-conformance' {
        # lapis run on MLIR's sparse integration programs vs mlir-runner-22 → sparse-conformance.md, passing list
        Invoke-Build
        Set-TestEnvironment
        Invoke-Native 'sparse conformance' { /usr/bin/python3 (Join-Path $Root 'conformance/mlir-sparse-integration/run_conformance.py') --lapis $env:LAPIS_CLI @Rest }
    }
    'demo' {
        Invoke-Build
        Set-TestEnvironment
        $example = Join-Path $Root 'examples/demo/mlp.mlir'
        $out = Join-Path $Artifacts 'demo'
        New-Item -ItemType Directory -Force $out | Out-Null
        Write-Host "[demo] lapis translate examples/demo/mlp.mlir -o artifacts/demo/mlp.cpp" -ForegroundColor Cyan
        Invoke-Native 'lapis translate' { & $env:LAPIS_CLI translate $example -o (Join-Path $out 'mlp.cpp') }
        foreach ($file in 'mlp.hpp', 'mlp.cpp') {
            Write-Host "`n===== artifacts/demo/$file =====" -ForegroundColor Cyan
            Get-Content (Join-Path $out $file) | Write-Host
        }
        Write-Host "`n[demo] lapis check examples/demo/mlp.mlir  (build with Kokkos/OpenMP, run, compare with MLIR's own JIT)" -ForegroundColor Cyan
        Invoke-Native 'lapis check' { & $env:LAPIS_CLI check $example --dynamic-size 1000 }
    }
    'install' {
        Invoke-Build
        $dest = if ($Prefix) { $Prefix } else { Join-Path $Artifacts 'install' }
        Invoke-Native 'cmake install' { cmake --install $NativeBuild --prefix $dest }
        Write-Host "[install] find_package(Lapis) with -DLapis_DIR=$dest/lib/cmake/Lapis"
    }
    'fuzz' {
        Invoke-Build
        Set-TestEnvironment
        $env:LAPIS_FUZZ_RUNS = "$Runs"
        $env:LAPIS_FUZZ_SEED = "$Seed"
        Invoke-Native 'fuzz' { dotnet test (Join-Path $Root 'Lapis.Tests/Lapis.Tests.csproj') -c $Configuration --no-build -nologo --logger 'console;verbosity=normal' --filter 'FullyQualifiedName~Lapis.Tests.Fuzz' @Rest }
    }
    'onnx-conformance' {
        Invoke-Build
        Set-TestEnvironment
        $suite = Join-Path $Root 'build/onnx-conformance/suite'
        $python = '/usr/bin/python3'  # Debian's, with python3-onnx and python3-torch (build.ps1 setup)
        Invoke-Native 'node tests' { & $python (Join-Path $Root 'conformance/onnx/prepare_node_tests.py') $suite }
        Invoke-Native 'PyTorch models' { & $python (Join-Path $Root 'examples/pytorch/export_models.py') $suite small_cnn mlp resnet18 mobilenet_v2 squeezenet1_1 transformer_encoder }
        Invoke-Native 'onnx-conformance' {
            & $env:LAPIS_CLI onnx-conformance $suite --work-dir (Join-Path $Root 'build/onnx-conformance/work') `
                --report (Join-Path $Root 'onnx-conformance.md') --write-passing (Join-Path $Root 'build/onnx-conformance/passing.txt') `
                --expect-passing (Join-Path $Root 'conformance/onnx/passing.txt') @Rest
        }
    }
    'pytorch-examples' {
        Invoke-Build
        Set-TestEnvironment
        $env:LAPIS_CACHE_DIR = Join-Path $Root 'build/python-cache'
        Invoke-Native 'PyTorch examples' { & /usr/bin/python3 (Join-Path $Root 'examples/pytorch/compile_models.py') mlp spmv resnet18 }
        Invoke-Native 'ResNet-18 vs ONNX Runtime' { dotnet test (Join-Path $Root 'Lapis.Tests/Lapis.Tests.csproj') -c $Configuration --no-build -nologo --logger 'console;verbosity=normal' --filter 'FullyQualifiedName~OnnxRuntimeReferenceTests.ResNet18MatchesOnnxRuntime' }
    }
    'bench' {
        Invoke-Build
        Set-TestEnvironment
        Invoke-Native 'bench' { dotnet pwsh (Join-Path $Root 'bench/run.ps1') @Rest }
    }
}

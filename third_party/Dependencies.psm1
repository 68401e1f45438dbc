#Requires -Version 7.0
<#
.SYNOPSIS
    Idempotent recipes for Lapis' third-party dependencies (called by `build.ps1 setup`).

.DESCRIPTION
    Install-AptPackages       LLVM/MLIR 22 toolchain, Open MPI, Debian's python3-onnx/torch, and OpenBLAS (the benchmarks' GEMM anchor) from the machine's configured apt sources.
    Install-Kokkos            Kokkos 3.4.01 built from Debian bookworm's `trilinos` source package,
                              for the host's CPU architecture (Get-KokkosHostArch).
    Install-KokkosKernels     Kokkos Kernels 3.4.01 from the same source, OpenBLAS as BLAS TPL (setup -KokkosKernels).
    Get-KokkosHostArch        The Kokkos 3.4 `Kokkos_ARCH_*` option for this machine's CPU.
    Get-HostIsaFlags          The vector extensions (-mavx512f ...) this CPU has beyond that option's -march.
    Get-Kokkos5Headers        Kokkos 5.x headers unpacked (not installed) from Debian sid's libkokkos-dev .deb.
    Get-Kokkos5SyntaxCheckArgs  g++ arguments for `-fsyntax-only` checks against those headers.

    Downloads go through PRIVATE apt configurations under -WorkDir (own sources.list, lists and
    cache dirs); /etc/apt and the system package state are never modified by the Kokkos recipes.
    No third-party source is stored in the repository.
#>

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$script:SystemKeyring = '/usr/share/keyrings/debian-archive-keyring.gpg'
$script:DebianMirror = 'http://deb.debian.org/debian'
$script:Kokkos5MarkerName = '.lapis-kokkos5.json'

# ---------------------------------------------------------------------------------------------
# Helpers (not exported)
# ---------------------------------------------------------------------------------------------

function Write-Setup([string]$Message) {
    Write-Host "[setup] $Message"
}

function Format-Elapsed([TimeSpan]$Span) {
    if ($Span.TotalSeconds -lt 90) { return ('{0:N1} s' -f $Span.TotalSeconds) }
    return ('{0}m{1:00}s' -f [int][Math]::Floor($Span.TotalMinutes), $Span.Seconds)
}

function Test-IsRoot {
    if (-not $IsLinux) { return $false }
    $uid = (& id -u)
    if ($LASTEXITCODE -ne 0) { throw '[setup] `id -u` failed.' }
    return ($uid.Trim() -eq '0')
}

function Assert-Command([string[]]$Names) {
    foreach ($name in $Names) {
        if (-not (Get-Command $name -CommandType Application -ErrorAction SilentlyContinue)) {
            throw "[setup] Required tool '$name' was not found on PATH."
        }
    }
}

# For display only: collapses apt's long list of `-o Key=Value` private-config options.
function Format-CommandLine([string[]]$ArgumentList) {
    $shown = [Collections.Generic.List[string]]::new()
    $collapsed = 0
    for ($i = 0; $i -lt $ArgumentList.Count; $i++) {
        if ($ArgumentList[$i] -eq '-o' -and $i + 1 -lt $ArgumentList.Count) { $collapsed++; $i++; continue }
        $shown.Add($ArgumentList[$i])
    }
    if ($collapsed -gt 0) { $shown.Insert(0, "<private apt config: $collapsed -o options>") }
    return ($shown -join ' ')
}

# Runs a native command, echoing it; throws with a clear message on a non-zero exit code.
# -Quiet: capture output and show it only on failure (keeps logs readable).
function Invoke-Native {
    param(
        [Parameter(Mandatory)] [string]$FilePath,
        [string[]]$ArgumentList = @(),
        [Parameter(Mandatory)] [string]$What,
        [switch]$Quiet
    )
    Write-Host "[setup]   > $FilePath $(Format-CommandLine $ArgumentList)"
    if ($Quiet) {
        $output = & $FilePath @ArgumentList 2>&1
        $code = $LASTEXITCODE
        if ($code -ne 0) {
            $output | ForEach-Object { Write-Host "[setup]     $_" }
        }
    }
    else {
        & $FilePath @ArgumentList
        $code = $LASTEXITCODE
    }
    if ($code -ne 0) {
        throw "[setup] $What failed (exit code $code): $FilePath $($ArgumentList -join ' ')"
    }
}

# Runs a native command and returns its stdout lines; throws on failure.
function Get-NativeOutput {
    param(
        [Parameter(Mandatory)] [string]$FilePath,
        [string[]]$ArgumentList = @(),
        [Parameter(Mandatory)] [string]$What
    )
    $output = & $FilePath @ArgumentList 2>&1
    if ($LASTEXITCODE -ne 0) {
        $output | ForEach-Object { Write-Host "[setup]     $_" }
        throw "[setup] $What failed (exit code $LASTEXITCODE): $FilePath $($ArgumentList -join ' ')"
    }
    return @($output | ForEach-Object { "$_" })
}

# Creates (if needed) a private apt configuration rooted at $Root and returns the `-o` options
# that make apt-get/apt-cache use ONLY it: own sources.list, lists, cache, preferences and an
# empty dpkg status (so host-installed packages never influence candidate selection).
function New-PrivateAptConfig {
    param(
        [Parameter(Mandatory)] [string]$Root,
        [Parameter(Mandatory)] [string[]]$SourceLines,
        [switch]$EmptyStatus
    )
    foreach ($d in @($Root, "$Root/lists/partial", "$Root/cache/archives/partial")) {
        New-Item -ItemType Directory -Force -Path $d | Out-Null
    }
    $sourcesList = Join-Path $Root 'sources.list'
    $content = ($SourceLines -join "`n") + "`n"
    if (-not (Test-Path $sourcesList) -or (Get-Content -Raw $sourcesList) -ne $content) {
        Set-Content -NoNewline -Path $sourcesList -Value $content
    }
    $opts = @(
        '-o', "Dir::Etc::SourceList=$sourcesList",
        '-o', 'Dir::Etc::SourceParts=/dev/null',
        '-o', 'Dir::Etc::Preferences=/dev/null',
        '-o', 'Dir::Etc::PreferencesParts=/dev/null',
        '-o', "Dir::State::Lists=$Root/lists",
        '-o', "Dir::Cache=$Root/cache",
        '-o', 'Acquire::Languages=none',
        # Host apt.conf.d may add appstream (DEP-11) / Contents targets: not needed here.
        '-o', 'Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false',
        '-o', 'Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false',
        '-o', 'Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false',
        '-o', 'Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false',
        '-o', 'Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false'
    )
    if ($EmptyStatus) {
        $status = Join-Path $Root 'status'
        if (-not (Test-Path $status)) { New-Item -ItemType File -Path $status | Out-Null }
        $opts += @('-o', "Dir::State::status=$status")
    }
    return , $opts
}

# apt downloads into the current directory as the unprivileged `_apt` user; give it the
# directory so apt does not warn about (or fall back to) unsandboxed root downloads.
function Initialize-AptDownloadDir([string]$Path) {
    New-Item -ItemType Directory -Force -Path $Path | Out-Null
    if ((Test-IsRoot) -and (Get-Command chown -ErrorAction SilentlyContinue)) {
        & id -u _apt *> $null
        if ($LASTEXITCODE -eq 0) {
            & chown _apt $Path
            if ($LASTEXITCODE -ne 0) { throw "[setup] chown _apt $Path failed." }
        }
    }
}

# True if the apt-get update output shows a signature problem (missing/expired key etc.).
function Test-AptSignatureFailure([string[]]$Lines) {
    return [bool]($Lines | Where-Object {
            $_ -match 'NO_PUBKEY|EXPKEYSIG|KEYEXPIRED|BADSIG|not signed|signatures? (couldn''t|could not) be verified|is not signed|InRelease.*(invalid|not valid)'
        })
}

# Runs `apt-get update` for a private config; returns @{ Ok; Lines }. Does not throw.
function Invoke-PrivateAptUpdate([string[]]$AptOptions) {
    Write-Host "[setup]   > apt-get <private config> update"
    $lines = @(& apt-get @AptOptions update 2>&1 | ForEach-Object { "$_" })
    $code = $LASTEXITCODE
    # apt-get update exits 0 even when a source failed; treat W:/E: about our source as failure.
    $failed = ($code -ne 0) -or [bool]($lines | Where-Object { $_ -match '^(E:|W: (Failed|GPG|The repository|An error))' })
    return @{ Ok = -not $failed; Lines = $lines }
}

# ---------------------------------------------------------------------------------------------
# 1. System toolchain packages
# ---------------------------------------------------------------------------------------------

function Install-AptPackages {
    <#
    .SYNOPSIS
        Installs Debian packages (default: the LLVM/MLIR 22 toolchain, and Open MPI for
        examples/cg_mpi and its test) unless already installed.
    #>
    [CmdletBinding()]
    param(
        # python3-onnx: its onnx.proto generates the C# ONNX reader at build time, and its node tests are the
        # conformance suite; python3-torch/torchvision export the real models the ONNX tests compare against;
        # python3-scipy: lapis.compile's CSR arguments and results (scipy.sparse.csr_matrix) in the Python tests.
        [string[]]$Packages = @('libmlir-22-dev', 'mlir-22-tools', 'llvm-22-dev', 'llvm-22-tools', 'clang-22',
            'python3-onnx', 'python3-torch', 'python3-torchvision', 'python3-numpy', 'python3-scipy',
            'libopenmpi-dev', 'openmpi-bin', 'libopenblas-dev')
    )
    Assert-Command @('dpkg-query', 'apt-get')

    $missing = @(foreach ($pkg in $Packages) {
            $status = & dpkg-query -W -f='${Status}' $pkg 2>$null
            if ($LASTEXITCODE -ne 0 -or "$status" -ne 'install ok installed') { $pkg }
        })
    if ($missing.Count -eq 0) {
        Write-Setup "apt packages already installed: $($Packages -join ' ')"
        return
    }

    Write-Setup "Installing apt packages: $($missing -join ' ')"
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $savedFrontend = $env:DEBIAN_FRONTEND
    $env:DEBIAN_FRONTEND = 'noninteractive'
    try {
        if (Test-IsRoot) {
            $prefix = @()
            $exe = 'apt-get'
        }
        else {
            Assert-Command @('sudo')
            # sudo resets the environment: pass DEBIAN_FRONTEND explicitly.
            $prefix = @('DEBIAN_FRONTEND=noninteractive', 'apt-get')
            $exe = 'sudo'
        }
        Invoke-Native -FilePath $exe -ArgumentList ($prefix + @('update')) -What 'apt-get update'
        Invoke-Native -FilePath $exe -ArgumentList ($prefix + @('install', '-y', '--no-install-recommends') + $missing) `
            -What "apt-get install of '$($missing -join ' ')'"
    }
    finally { $env:DEBIAN_FRONTEND = $savedFrontend }

    $stillMissing = @(foreach ($pkg in $missing) {
            $status = & dpkg-query -W -f='${Status}' $pkg 2>$null
            if ($LASTEXITCODE -ne 0 -or "$status" -ne 'install ok installed') { $pkg }
        })
    if ($stillMissing.Count -gt 0) {
        throw "[setup] apt-get reported success but these packages are not installed: $($stillMissing -join ' ')"
    }
    Write-Setup "apt packages installed in $(Format-Elapsed $sw.Elapsed)"
}

# ---------------------------------------------------------------------------------------------
# 2. Kokkos 3.4.01 from Debian bookworm's trilinos source package
# ---------------------------------------------------------------------------------------------

function Get-KokkosHostArch {
    <#
    .SYNOPSIS
        The Kokkos 3.4 architecture option (ZEN3, SKX, HSW, ...) for the machine this runs on, or
        'NONE' (baseline x86-64) when the CPU is not one Kokkos 3.4 knows.
    .DESCRIPTION
        $env:LAPIS_KOKKOS_ARCH overrides the detection (e.g. ZEN2, SKX, or NONE for a portable build
        for another machine). Detection asks the host compiler what -march=native means
        (`g++ -march=native -Q --help=target`) and maps it to Kokkos 3.4's list, which ends at Zen 3
        and Skylake-X: newer CPUs get the closest older option of their vendor (Zen 4/5: ZEN3 — not
        SKX, whose Kokkos build also turns on Intel's transactional memory, `_xbegin` in its host
        atomic locks, which AMD cores lack; AVX-512 Intel cores: SKX; AVX2 Intel cores: HSW).
        Kokkos then adds the matching -march to every target linking Kokkos::kokkos; the vector
        extensions that -march lacks on this CPU (AVX-512 on Zen 4/5) come from Get-HostIsaFlags.
    #>
    if ($env:LAPIS_KOKKOS_ARCH) { return $env:LAPIS_KOKKOS_ARCH.ToUpperInvariant() }
    if (-not (Get-Command 'g++' -CommandType Application -ErrorAction SilentlyContinue)) { return 'NONE' }
    $lines = @(& g++ -march=native -Q --help=target 2>$null | ForEach-Object { "$_" })
    $line = $lines | Where-Object { $_ -match '^\s*-march=\s+(\S+)' } | Select-Object -First 1
    if (-not $line) { return 'NONE' }
    $null = $line -match '^\s*-march=\s+(\S+)'
    $march = $Matches[1]
    switch -Regex ($march) {
        '^znver1$' { return 'ZEN' }
        '^znver2$' { return 'ZEN2' }
        '^znver3$' { return 'ZEN3' }
        '^znver[4-9]$' { return 'ZEN3' }
        '^(skylake-avx512|cascadelake|cooperlake|icelake-server|icelake-client|tigerlake|rocketlake|sapphirerapids|emeraldrapids|graniterapids.*|diamondrapids)$' { return 'SKX' }
        '^(haswell|broadwell|skylake|kabylake|coffeelake|cannonlake|alderlake|raptorlake|meteorlake|arrowlake.*|lunarlake|gracemont|core-avx2)$' { return 'HSW' }
        '^(sandybridge|ivybridge|corei7-avx|core-avx-i)$' { return 'SNB' }
        default { return 'NONE' }
    }
}

function Get-HostIsaFlags {
    <#
    .SYNOPSIS
        The vector-extension flags (-mavx512f, ...) that `-march=native` enables on this machine and
        the -march of the Kokkos architecture option -Arch does not, as one string ('' when none).
    .DESCRIPTION
        Kokkos 3.4 knows no CPU newer than Zen 3 / Skylake-X, and GCC 12.2 calls a Zen 4 `znver3`
        with AVX-512 enabled: Kokkos' -march=znver3 alone then compiles AVX2 code for a core with
        AVX-512 (ResNet-18 batch 1 on the 2-core dev machine: 43.5 ms with -march=znver3, 37 ms with
        these flags added). Explicit -m<isa> flags keep their effect whatever -march follows them,
        so they can sit anywhere on the command line. Only vector extensions are taken (AVX-512*,
        AVX-VNNI, GFNI, VAES, VPCLMULQDQ). $env:LAPIS_HOST_ISA_FLAGS overrides the detection
        (set it to 'none' for binaries that must run on older CPUs).
    #>
    param([Parameter(Mandatory)] [string]$Arch)
    if ($env:LAPIS_HOST_ISA_FLAGS) { return $(if ($env:LAPIS_HOST_ISA_FLAGS -eq 'none') { '' } else { $env:LAPIS_HOST_ISA_FLAGS }) }
    $kokkosMarch = switch ($Arch.ToUpperInvariant()) {
        'ZEN' { 'znver1' } 'ZEN2' { 'znver2' } 'ZEN3' { 'znver3' } 'SKX' { 'skylake-avx512' }
        'HSW' { 'haswell' } 'SNB' { 'sandybridge' } 'NONE' { '' } default { $null }
    }
    if ($null -eq $kokkosMarch -or $kokkosMarch -eq '') { return '' }
    if (-not (Get-Command 'g++' -CommandType Application -ErrorAction SilentlyContinue)) { return '' }
    $enabled = {
        param([string]$March)
        @(& g++ "-march=$March" -Q --help=target 2>$null | ForEach-Object { "$_" } |
            Where-Object { $_ -match '^\s*(-m[a-z0-9]+)\s+\[enabled\]' } | ForEach-Object { ($_ -split '\s+', 3)[1] })
    }
    $native = & $enabled 'native'
    $base = & $enabled $kokkosMarch
    $extra = @($native | Where-Object { $_ -notin $base -and $_ -match '^-m(avx512\w*|avxvnni\w*|gfni|vaes|vpclmulqdq)$' } | Sort-Object)
    return ($extra -join ' ')
}

# Records in <Prefix>/.lapis-host-isa the flags of Get-HostIsaFlags for this Kokkos install:
# `lapis check`, lapis_add_kernels() and the benchmarks add them to the code they compile.
function Set-HostIsaMarker([string]$Prefix, [string]$Arch) {
    $flags = Get-HostIsaFlags -Arch $Arch
    Set-Content -Path (Join-Path $Prefix '.lapis-host-isa') -Value $flags
    Write-Setup ("host vector extensions beyond Kokkos_ARCH {0}: {1}" -f $Arch, $(if ($flags) { $flags } else { 'none' }))
}

function Install-Kokkos {
    <#
    .SYNOPSIS
        Builds and installs Kokkos 3.4.01 (Serial + OpenMP, shared libs, C++17) into -Prefix.
    .DESCRIPTION
        Source: the .orig tarball of Debian bookworm's `trilinos` 13.2.0 source package, fetched
        with `apt-get source --download-only` through a private apt config under -WorkDir (its
        checksum is verified by apt against the signed Sources index). Only packages/kokkos is
        extracted. Idempotent: returns at once when <Prefix>/lib{,64}/cmake/Kokkos/KokkosConfig.cmake
        exists. g++ 12 builds this Kokkos unmodified; no patches are applied.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string]$Prefix,
        [Parameter(Mandatory)] [string]$WorkDir,
        [int]$Jobs = [Environment]::ProcessorCount,
        [string]$ExpectedVersion = '3.4.01',
        # Kokkos_ARCH_<Arch> (default: Get-KokkosHostArch); NONE = baseline x86-64.
        [string]$Arch = (Get-KokkosHostArch)
    )
    $Prefix = [IO.Path]::GetFullPath($Prefix)
    $WorkDir = [IO.Path]::GetFullPath($WorkDir)
    $Arch = $Arch.ToUpperInvariant()
    $archMarker = Join-Path $Prefix '.lapis-kokkos-arch'

    foreach ($libdir in @('lib', 'lib64')) {
        $config = Join-Path $Prefix "$libdir/cmake/Kokkos/KokkosConfig.cmake"
        if (Test-Path $config) {
            $installedArch = if (Test-Path $archMarker) { (Get-Content -Raw $archMarker).Trim() } else { 'NONE' }
            if ($installedArch -eq $Arch) {
                Write-Setup "Kokkos already installed: $config (Kokkos_ARCH: $Arch)"
                Set-HostIsaMarker -Prefix $Prefix -Arch $Arch
                return
            }
            Write-Setup "Kokkos in $Prefix was built for Kokkos_ARCH $installedArch, this machine wants ${Arch}: rebuilding"
            Remove-Item -Recurse -Force $Prefix
            break
        }
    }
    Assert-Command @('apt-get', 'tar', 'cmake', 'gzip')

    $total = [Diagnostics.Stopwatch]::StartNew()
    Write-Setup "Installing Kokkos $ExpectedVersion into $Prefix (work dir $WorkDir)"

    # --- download --------------------------------------------------------------------------
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $aptRoot = Join-Path $WorkDir 'apt-bookworm-src'
    $apt = New-PrivateAptConfig -Root $aptRoot -SourceLines @("deb-src $script:DebianMirror bookworm main")
    $update = Invoke-PrivateAptUpdate $apt
    if (-not $update.Ok) {
        $update.Lines | ForEach-Object { Write-Host "[setup]     $_" }
        throw '[setup] apt-get update of the private bookworm deb-src configuration failed (see above).'
    }
    $downloadDir = Join-Path $WorkDir 'downloads/trilinos'
    Initialize-AptDownloadDir $downloadDir

    # Find out the exact .orig tarball name (apt prints 'URL' NAME SIZE SHA256:...).
    $uris = Get-NativeOutput -FilePath 'apt-get' -ArgumentList ($apt + @('source', '--print-uris', 'trilinos')) `
        -What 'apt-get source --print-uris trilinos'
    $origLine = $uris | Where-Object { $_ -match "^'[^']+'\s+(\S+\.orig\.tar\.\w+)\s" } | Select-Object -First 1
    if (-not $origLine) { throw '[setup] Could not find the trilinos .orig tarball in the bookworm Sources index.' }
    $null = $origLine -match "^'[^']+'\s+(\S+\.orig\.tar\.\w+)\s"
    $origName = $Matches[1]

    Push-Location $downloadDir
    try {
        # Files already present with the right checksum are skipped by apt.
        Invoke-Native -FilePath 'apt-get' -ArgumentList ($apt + @('source', '--download-only', 'trilinos')) `
            -What 'apt-get source --download-only trilinos' -Quiet
    }
    finally { Pop-Location }
    $origTarball = Join-Path $downloadDir $origName
    if (-not (Test-Path $origTarball)) { throw "[setup] Expected $origTarball after download." }
    $downloadTime = $sw.Elapsed
    Write-Setup ("download: {0} ({1:N0} MB) in {2}" -f $origName, ((Get-Item $origTarball).Length / 1MB), (Format-Elapsed $downloadTime))

    # --- extract only packages/kokkos ------------------------------------------------------
    $sw.Restart()
    $srcRoot = Join-Path $WorkDir "src/kokkos-$ExpectedVersion"
    $kokkosSrc = Join-Path $srcRoot 'packages/kokkos'
    if (Test-Path $srcRoot) { Remove-Item -Recurse -Force $srcRoot }   # stale/partial extraction
    $staging = "$srcRoot.partial"
    if (Test-Path $staging) { Remove-Item -Recurse -Force $staging }
    New-Item -ItemType Directory -Force -Path $staging | Out-Null
    # Tarball layout: Trilinos-trilinos-release-13-2-0/packages/kokkos/...; strip the top dir.
    Invoke-Native -FilePath 'tar' -ArgumentList @('-xzf', $origTarball, '-C', $staging, '--strip-components=1',
        '--wildcards', '--no-wildcards-match-slash', '*/packages/kokkos') -What 'tar extraction of packages/kokkos'
    Move-Item -Path $staging -Destination $srcRoot
    $extractTime = $sw.Elapsed
    Write-Setup "extract: packages/kokkos -> $kokkosSrc in $(Format-Elapsed $extractTime)"

    # --- verify version --------------------------------------------------------------------
    $cml = Join-Path $kokkosSrc 'CMakeLists.txt'
    if (-not (Test-Path $cml)) { throw "[setup] $cml not found: the tarball layout is not what was expected." }
    $text = Get-Content -Raw $cml
    $parts = foreach ($p in 'MAJOR', 'MINOR', 'PATCH') {
        if ($text -notmatch "set\(\s*Kokkos_VERSION_$p\s+(\d+)\s*\)") { throw "[setup] Kokkos_VERSION_$p not found in $cml." }
        $Matches[1]
    }
    $foundVersion = $parts -join '.'
    if ($foundVersion -ne $ExpectedVersion) {
        throw "[setup] Expected Kokkos $ExpectedVersion in $origName but found $foundVersion."
    }
    Write-Setup "verified: packages/kokkos is Kokkos $foundVersion"

    # --- configure, build, install ---------------------------------------------------------
    $sw.Restart()
    $buildDir = Join-Path $WorkDir "build/kokkos-$ExpectedVersion"
    if (Test-Path $buildDir) { Remove-Item -Recurse -Force $buildDir }
    $configureArgs = @(
        $kokkosSrc, '-B', $buildDir,
        '-DCMAKE_BUILD_TYPE=Release',
        '-DKokkos_ENABLE_SERIAL=ON',
        '-DKokkos_ENABLE_OPENMP=ON',
        '-DBUILD_SHARED_LIBS=ON',
        '-DCMAKE_CXX_STANDARD=17',
        "-DCMAKE_INSTALL_PREFIX=$Prefix")
    if ($Arch -ne 'NONE') { $configureArgs += "-DKokkos_ARCH_$Arch=ON" }
    Write-Setup "Kokkos_ARCH: $Arch"
    Invoke-Native -FilePath 'cmake' -What 'Kokkos CMake configure' -Quiet -ArgumentList $configureArgs
    Invoke-Native -FilePath 'cmake' -What 'Kokkos build' -Quiet -ArgumentList @('--build', $buildDir, '-j', "$Jobs")
    $buildTime = $sw.Elapsed
    Write-Setup "build: $(Format-Elapsed $buildTime) (-j $Jobs)"

    $sw.Restart()
    Invoke-Native -FilePath 'cmake' -What 'Kokkos install' -Quiet -ArgumentList @('--install', $buildDir)
    $installed = @('lib', 'lib64') | ForEach-Object { Join-Path $Prefix "$_/cmake/Kokkos/KokkosConfig.cmake" } |
        Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $installed) { throw "[setup] Kokkos install finished but KokkosConfig.cmake is missing under $Prefix." }
    Set-Content -Path $archMarker -Value $Arch
    Set-HostIsaMarker -Prefix $Prefix -Arch $Arch
    Write-Setup "install: $installed in $(Format-Elapsed $sw.Elapsed)"
    Write-Setup ("Kokkos {0} done: download {1}, extract {2}, build {3}, total {4}" -f $foundVersion,
        (Format-Elapsed $downloadTime), (Format-Elapsed $extractTime), (Format-Elapsed $buildTime), (Format-Elapsed $total.Elapsed))
}

# ---------------------------------------------------------------------------------------------
# 2b. Kokkos Kernels 3.4.01 from the same trilinos source (only with `build.ps1 setup -KokkosKernels`)
# ---------------------------------------------------------------------------------------------

function Install-KokkosKernels {
    <#
    .SYNOPSIS
        Builds and installs Kokkos Kernels 3.4.01 against the Kokkos of -KokkosPrefix into -Prefix.
    .DESCRIPTION
        Source: packages/kokkos-kernels of the trilinos .orig tarball that Install-Kokkos downloaded
        (run it first; nothing is downloaded again). Explicit instantiations only for double, int
        ordinals and offsets, LayoutLeft and the OpenMP space (other types/layouts are instantiated
        from the headers where used: a shorter build); OpenBLAS (Debian libopenblas-dev) as the BLAS
        TPL, so KokkosBlas::gemm/gemv on host Views call OpenBLAS. Tests and examples are not built.
        Idempotent: returns at once when <Prefix>/lib{,64}/cmake/KokkosKernels/KokkosKernelsConfig.cmake exists.
        About 6 minutes on 2 idle cores.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string]$Prefix,
        [Parameter(Mandatory)] [string]$KokkosPrefix,
        [Parameter(Mandatory)] [string]$WorkDir,
        [int]$Jobs = [Environment]::ProcessorCount,
        [string]$ExpectedVersion = '3.4.01'
    )
    # Real paths: a .deps that is a symbolic link must not leave the link's path in the installed
    # library's RUNPATH and in KokkosKernelsConfig.cmake (the link may go away, the target stays).
    $Prefix = (& realpath -m ([IO.Path]::GetFullPath($Prefix)))
    $KokkosPrefix = (& realpath -m ([IO.Path]::GetFullPath($KokkosPrefix)))
    $WorkDir = [IO.Path]::GetFullPath($WorkDir)
    foreach ($libdir in @('lib', 'lib64')) {
        $config = Join-Path $Prefix "$libdir/cmake/KokkosKernels/KokkosKernelsConfig.cmake"
        if (Test-Path $config) { Write-Setup "Kokkos Kernels already installed: $config"; return }
    }
    Assert-Command @('tar', 'cmake')
    $tarball = Get-ChildItem -Path (Join-Path $WorkDir 'downloads/trilinos') -Filter 'trilinos_*.orig.tar.*' -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $tarball) { throw "[setup] No trilinos .orig tarball under $WorkDir/downloads/trilinos: run Install-Kokkos first." }
    $openblas = '/usr/lib/x86_64-linux-gnu/openblas-pthread'
    if (-not (Test-Path (Join-Path $openblas 'libblas.so'))) { throw "[setup] OpenBLAS not found in $openblas (apt package libopenblas-dev)." }

    $total = [Diagnostics.Stopwatch]::StartNew()
    $srcRoot = Join-Path $WorkDir "src/kokkos-kernels-$ExpectedVersion"
    $src = Join-Path $srcRoot 'packages/kokkos-kernels'
    if (-not (Test-Path (Join-Path $src 'CMakeLists.txt'))) {
        if (Test-Path $srcRoot) { Remove-Item -Recurse -Force $srcRoot }
        $staging = "$srcRoot.partial"
        if (Test-Path $staging) { Remove-Item -Recurse -Force $staging }
        New-Item -ItemType Directory -Force -Path $staging | Out-Null
        Invoke-Native -FilePath 'tar' -ArgumentList @('-xzf', $tarball.FullName, '-C', $staging, '--strip-components=1',
            '--wildcards', '--no-wildcards-match-slash', '*/packages/kokkos-kernels') -What 'tar extraction of packages/kokkos-kernels'
        Move-Item -Path $staging -Destination $srcRoot
    }
    $text = Get-Content -Raw (Join-Path $src 'CMakeLists.txt')
    $parts = foreach ($p in 'MAJOR', 'MINOR', 'PATCH') {
        if ($text -notmatch "set\(\s*KokkosKernels_VERSION_$p\s+(\d+)\s*\)") { throw "[setup] KokkosKernels_VERSION_$p not found in $src/CMakeLists.txt." }
        $Matches[1]
    }
    $found = '{0}.{1}.{2:00}' -f [int]$parts[0], [int]$parts[1], [int]$parts[2]
    if ($found -ne $ExpectedVersion) { throw "[setup] Expected Kokkos Kernels $ExpectedVersion in $($tarball.Name) but found $found." }
    Write-Setup "verified: packages/kokkos-kernels is Kokkos Kernels $found"

    $buildDir = Join-Path $WorkDir "build/kokkos-kernels-$ExpectedVersion"
    if (Test-Path $buildDir) { Remove-Item -Recurse -Force $buildDir }
    $configureArgs = @(
        $src, '-B', $buildDir,
        '-DCMAKE_BUILD_TYPE=Release',
        "-DKokkos_ROOT=$KokkosPrefix",
        '-DBUILD_SHARED_LIBS=ON',
        '-DCMAKE_CXX_STANDARD=17',
        "-DCMAKE_INSTALL_PREFIX=$Prefix",
        # the installed libkokkoskernels.so finds libkokkoscore and OpenBLAS through its RUNPATH
        '-DCMAKE_INSTALL_RPATH_USE_LINK_PATH=ON',
        '-DKokkosKernels_INST_DOUBLE=ON', '-DKokkosKernels_INST_FLOAT=OFF', '-DKokkosKernels_INST_EXECSPACE_SERIAL=OFF',
        '-DKokkosKernels_INST_ORDINAL_INT=ON', '-DKokkosKernels_INST_ORDINAL_INT64_T=OFF',
        '-DKokkosKernels_INST_OFFSET_INT=ON', '-DKokkosKernels_INST_OFFSET_SIZE_T=OFF',
        '-DKokkosKernels_INST_LAYOUTLEFT=ON', '-DKokkosKernels_INST_LAYOUTRIGHT=OFF',
        '-DKokkosKernels_ENABLE_TPL_BLAS=ON', "-DBLAS_LIBRARY_DIRS=$openblas", '-DBLAS_LIBRARIES=blas',
        '-DKokkosKernels_ENABLE_TESTS=OFF', '-DKokkosKernels_ENABLE_EXAMPLES=OFF')
    Invoke-Native -FilePath 'cmake' -What 'Kokkos Kernels CMake configure' -Quiet -ArgumentList $configureArgs
    Invoke-Native -FilePath 'cmake' -What 'Kokkos Kernels build' -Quiet -ArgumentList @('--build', $buildDir, '-j', "$Jobs")
    Invoke-Native -FilePath 'cmake' -What 'Kokkos Kernels install' -Quiet -ArgumentList @('--install', $buildDir)
    Write-Setup "Kokkos Kernels $found installed into $Prefix in $(Format-Elapsed $total.Elapsed) (-j $Jobs)"
}

# ---------------------------------------------------------------------------------------------
# 3. Kokkos 5 headers from Debian sid (unpacked, never installed)
# ---------------------------------------------------------------------------------------------

# Fetches a newer debian-archive-keyring through suites whose Release files still verify with
# the system keyring (chain of trust), and returns the path of the extracted keyring file.
function Get-NewerArchiveKeyring([string]$WorkDir, [string]$BaseKeyring) {
    $root = Join-Path $WorkDir 'apt-keyring'
    $lines = @('bookworm-updates', 'trixie', 'trixie-updates', 'forky') |
        ForEach-Object { "deb [signed-by=$BaseKeyring] $script:DebianMirror $_ main" }
    $apt = New-PrivateAptConfig -Root $root -SourceLines $lines -EmptyStatus
    $apt += @('-o', 'APT::Architecture=amd64', '-o', 'APT::Architectures=amd64')
    # Some suites may not verify either; apt then ignores them and uses the others.
    $null = Invoke-PrivateAptUpdate $apt
    $debDir = Join-Path $root 'debs'
    if (Test-Path $debDir) { Remove-Item -Recurse -Force $debDir }
    Initialize-AptDownloadDir $debDir
    Push-Location $debDir
    try {
        Invoke-Native -FilePath 'apt-get' -ArgumentList ($apt + @('download', 'debian-archive-keyring')) `
            -What 'download of debian-archive-keyring' -Quiet
    }
    finally { Pop-Location }
    $deb = Get-ChildItem -Path $debDir -Filter 'debian-archive-keyring_*.deb' | Select-Object -First 1
    if (-not $deb) { throw '[setup] debian-archive-keyring .deb was not downloaded.' }
    $x = Join-Path $root 'extracted'
    if (Test-Path $x) { Remove-Item -Recurse -Force $x }
    Invoke-Native -FilePath 'dpkg-deb' -ArgumentList @('-x', $deb.FullName, $x) -What 'dpkg-deb -x debian-archive-keyring'
    $keyring = Join-Path $x 'usr/share/keyrings/debian-archive-keyring.gpg'
    if (-not (Test-Path $keyring)) {
        # Newer packages ship the keyring as a directory of per-release .pgp/.asc files only.
        $files = @(Get-ChildItem -Path (Join-Path $x 'usr/share/keyrings') -Recurse -File -Include '*.gpg', '*.pgp' |
                Where-Object { $_.Name -notmatch 'removed' })
        if ($files.Count -eq 0) { throw "[setup] No keyring found in $($deb.Name)." }
        $keyring = Join-Path $root 'merged-archive-keyring.gpg'
        $bytes = [Collections.Generic.List[byte]]::new()
        foreach ($f in $files) { $bytes.AddRange([IO.File]::ReadAllBytes($f.FullName)) }
        [IO.File]::WriteAllBytes($keyring, $bytes.ToArray())
    }
    Write-Setup "using newer archive keyring from $($deb.Name) (verified through the system keyring)"
    return $keyring
}

function Get-Kokkos5Headers {
    <#
    .SYNOPSIS
        Unpacks Debian's libkokkos-dev (Kokkos >= 4, currently 5.x from sid) into -Destination.
    .DESCRIPTION
        Uses `apt-get download` through a private apt config under -WorkDir (signed-by the Debian
        archive keyring, amd64 only, empty dpkg status), then `dpkg-deb -x` of libkokkos-dev and
        its libkokkos* runtime dependency. Nothing is installed into the system. The runtime
        libraries are NOT linkable on bookworm (built against glibc >= 2.38 / newer libstdc++):
        use the headers for syntax checks only (see Get-Kokkos5SyntaxCheckArgs).
        Idempotent: returns at once if <Destination>/.lapis-kokkos5.json and the headers exist.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string]$Destination,
        [Parameter(Mandatory)] [string]$WorkDir,
        [string]$Suite = 'sid',
        # Pin an exact Debian version (e.g. '5.2.2-2'); default: the suite's current candidate.
        [string]$Version,
        [int]$MinimumMajor = 4,
        # Initial keyring for the suite's Release signature (a newer one is fetched on failure).
        [string]$Keyring = $script:SystemKeyring,
        # LAST RESORT: mark the private sid source [trusted=yes] if no keyring verifies it.
        [switch]$AllowUnauthenticated
    )
    $Destination = [IO.Path]::GetFullPath($Destination)
    $WorkDir = [IO.Path]::GetFullPath($WorkDir)
    $marker = Join-Path $Destination $script:Kokkos5MarkerName

    if ((Test-Path $marker) -and (Test-Path (Join-Path $Destination 'usr/include/kokkos/Kokkos_Core.hpp'))) {
        $info = Get-Content -Raw $marker | ConvertFrom-Json
        if (-not $Version -or $info.DebianVersion -eq $Version) {
            Write-Setup "Kokkos $($info.KokkosVersion) headers already present in $Destination (Debian $($info.Suite) $($info.DebianVersion))"
            return
        }
        Write-Setup "Kokkos headers in $Destination are $($info.DebianVersion), $Version requested: refetching"
    }
    elseif ((Test-Path $Destination) -and (Get-ChildItem -Force $Destination | Select-Object -First 1)) {
        throw "[setup] $Destination exists, is not empty and holds no $script:Kokkos5MarkerName: remove it first."
    }
    Assert-Command @('apt-get', 'dpkg-deb')

    $total = [Diagnostics.Stopwatch]::StartNew()
    Write-Setup "Fetching Kokkos headers (libkokkos-dev) from Debian $Suite into $Destination"
    $aptRoot = Join-Path $WorkDir "apt-$Suite"
    $archOpts = @('-o', 'APT::Architecture=amd64', '-o', 'APT::Architectures=amd64')

    # Trust options tried in order: the given keyring; a newer debian-archive-keyring obtained
    # through suites that verify with the system keyring; [trusted=yes] only if explicitly allowed.
    $trust = "signed-by=$Keyring"
    $apt = $null
    for ($attempt = 1; ; $attempt++) {
        $apt = (New-PrivateAptConfig -Root $aptRoot -EmptyStatus -SourceLines @("deb [$trust] $script:DebianMirror $Suite main")) + $archOpts
        $update = Invoke-PrivateAptUpdate $apt
        if ($update.Ok) { break }
        $update.Lines | ForEach-Object { Write-Host "[setup]     $_" }
        if (-not (Test-AptSignatureFailure $update.Lines)) {
            throw "[setup] apt-get update of the private Debian $Suite configuration failed (see above)."
        }
        $next = $null
        if ($attempt -eq 1) {
            Write-Setup "Release signature of $Suite did not verify with $Keyring; fetching a newer debian-archive-keyring"
            try {
                $next = 'signed-by=' + (Get-NewerArchiveKeyring -WorkDir $WorkDir -BaseKeyring $script:SystemKeyring)
            }
            catch {
                Write-Setup "could not obtain a newer keyring: $($_.Exception.Message)"
            }
        }
        if (-not $next -and $AllowUnauthenticated -and $trust -ne 'trusted=yes') {
            Write-Warning "[setup] Using [trusted=yes] for the PRIVATE $Suite source only: downloads are NOT authenticated."
            $next = 'trusted=yes'
        }
        if (-not $next) {
            throw "[setup] Could not verify the Debian $Suite Release signature. Re-run with -AllowUnauthenticated to accept an unauthenticated private source (last resort)."
        }
        $trust = $next
    }
    if ($trust -eq 'trusted=yes') { Write-Warning "[setup] Kokkos headers were fetched WITHOUT signature verification." }

    # Candidate version and its libkokkos* runtime dependency.
    $pkgSpec = if ($Version) { "libkokkos-dev=$Version" } else { 'libkokkos-dev' }
    # apt-cache exits 100 ("No packages found") or prints nothing when the package/version is absent.
    $show = @(& apt-cache @apt show --no-all-versions $pkgSpec 2>$null | ForEach-Object { "$_" })
    $debVersion = ($show | Where-Object { $_ -match '^Version:\s*(\S+)' } | Select-Object -First 1) -replace '^Version:\s*', ''
    if (-not $debVersion) {
        throw "[setup] $pkgSpec is not available in Debian $Suite (as of this run: only sid carries libkokkos-dev; old versions leave the archive)."
    }
    $upstream = ($debVersion -replace '^\d+:', '') -replace '-[^-]+$', ''
    if ([int]($upstream.Split('.')[0]) -lt $MinimumMajor) {
        throw "[setup] Debian $Suite has libkokkos-dev $debVersion; Kokkos >= $MinimumMajor is required. Try -Suite sid."
    }
    $depends = ($show | Where-Object { $_ -match '^Depends:' } | Select-Object -First 1) -replace '^Depends:\s*', ''
    $extra = @($depends -split ',' | ForEach-Object { ($_.Trim() -split '\s')[0] } | Where-Object { $_ -like 'libkokkos*' })
    $packages = @("libkokkos-dev=$debVersion") + @($extra | ForEach-Object { "$_=$debVersion" })

    $sw = [Diagnostics.Stopwatch]::StartNew()
    $debDir = Join-Path $WorkDir "downloads/kokkos-$Suite"
    if (Test-Path $debDir) { Remove-Item -Recurse -Force $debDir }
    Initialize-AptDownloadDir $debDir
    Push-Location $debDir
    try {
        Invoke-Native -FilePath 'apt-get' -ArgumentList ($apt + @('download') + $packages) `
            -What "apt-get download $($packages -join ' ')" -Quiet
    }
    finally { Pop-Location }
    $debs = @(Get-ChildItem -Path $debDir -Filter '*.deb')
    if ($debs.Count -ne $packages.Count) { throw "[setup] Expected $($packages.Count) .deb files in $debDir, got $($debs.Count)." }
    Write-Setup "download: $($debs.Name -join ', ') in $(Format-Elapsed $sw.Elapsed)"

    # Unpack into a staging dir, then move into place (no half-populated Destination).
    $sw.Restart()
    $staging = "$Destination.partial"
    if (Test-Path $staging) { Remove-Item -Recurse -Force $staging }
    New-Item -ItemType Directory -Force -Path $staging | Out-Null
    foreach ($deb in $debs) {
        Invoke-Native -FilePath 'dpkg-deb' -ArgumentList @('-x', $deb.FullName, $staging) -What "dpkg-deb -x $($deb.Name)"
    }
    $configH = Join-Path $staging 'usr/include/kokkos/KokkosCore_config.h'
    if (-not (Test-Path $configH)) { throw "[setup] KokkosCore_config.h not found in the unpacked libkokkos-dev." }
    $cfg = Get-Content -Raw $configH
    $null = $cfg -match '#define\s+KOKKOS_VERSION\s+(\d+)'
    $num = [int]$Matches[1]
    $kokkosVersion = '{0}.{1}.{2}' -f [Math]::Floor($num / 10000), ([Math]::Floor($num / 100) % 100), ($num % 100)
    $backends = @([regex]::Matches($cfg, '(?m)^#define\s+KOKKOS_ENABLE_(SERIAL|OPENMP|THREADS|HPX|CUDA|HIP|SYCL|OPENACC)\b') |
            ForEach-Object { $_.Groups[1].Value })
    [ordered]@{
        Suite         = $Suite
        DebianVersion = $debVersion
        KokkosVersion = $kokkosVersion
        Backends      = $backends
        Debs          = @($debs.Name)
        FetchedUtc    = [DateTime]::UtcNow.ToString('o')
    } | ConvertTo-Json | Set-Content -Path (Join-Path $staging $script:Kokkos5MarkerName)
    if (Test-Path $Destination) { Remove-Item -Recurse -Force $Destination }
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Destination) | Out-Null
    Move-Item -Path $staging -Destination $Destination
    Write-Setup "unpack: $Destination in $(Format-Elapsed $sw.Elapsed)"
    Write-Setup "Kokkos $kokkosVersion headers (Debian $Suite $debVersion; backends: $($backends -join ', ')) ready in $(Format-Elapsed $total.Elapsed)"
}

function Get-Kokkos5SyntaxCheckArgs {
    <#
    .SYNOPSIS
        Returns the g++ arguments for a `-fsyntax-only` check against the headers unpacked by
        Get-Kokkos5Headers (add the source file(s) after them).
    .DESCRIPTION
        Debian's libkokkos-dev installs its headers in /usr/include/kokkos (not /usr/include), and
        its KokkosCore_config.h enables only the OpenMP backend (+ KOKKOS_ENABLE_CXX20), so
        -fopenmp is required (Kokkos_OpenMP_Instance.hpp #errors without _OPENMP) and the
        translation unit must be C++20. KOKKOS_ENABLE_SERIAL is NOT defined by that build.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string]$Destination
    )
    $Destination = [IO.Path]::GetFullPath($Destination)
    $inc = Join-Path $Destination 'usr/include/kokkos'
    if (-not (Test-Path (Join-Path $inc 'KokkosCore_config.h'))) {
        throw "[setup] $inc/KokkosCore_config.h not found: run Get-Kokkos5Headers first."
    }
    $gxxArgs = @('-std=c++20', '-fsyntax-only', "-I$inc")
    $cfg = Get-Content -Raw (Join-Path $inc 'KokkosCore_config.h')
    if ($cfg -match '(?m)^#define\s+KOKKOS_ENABLE_OPENMP\b') { $gxxArgs += '-fopenmp' }
    return , $gxxArgs
}

Export-ModuleMember -Function Install-AptPackages, Install-Kokkos, Install-KokkosKernels, Get-KokkosHostArch, Get-HostIsaFlags, Get-Kokkos5Headers, Get-Kokkos5SyntaxCheckArgs

#!/usr/bin/env python3
"""Conformance of `lapis run` on MLIR's own sparse integration programs.

For every program in the shared directory (../shared/inputs/mlir-sparse-integration by default):
the reference is `mlir-opt-22 --sparsifier="enable-runtime-library=false" FILE | mlir-runner-22
-e ENTRY -entry-point-result=void -shared-libs=<c_runner_utils>,<runner_utils>` (ENTRY from the
file's RUN lines), ours is `lapis run FILE -e ENTRY`. TENSOR<i> is set for both as the RUN lines set it; a data file
they name that is not here is generated (tensor_data.py) under the build folder. Each file is classified as
pass (byte-identical stdout), differ, unsupported input (the reference itself cannot run it:
an absent TENSOR0 data file, syntax LLVM 22 rejects), unsupported op (Lapis names it), error
(another located error of Lapis) or crash (Lapis or the built program died).

Writes a markdown table (--table) and the list of passing files (--passing).
Usage: run_conformance.py --lapis artifacts/bin/lapis [--dir DIR] [--build DIR] [--jobs 2] [--only a.mlir,b.mlir]
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

import tensor_data

LIBS = "/usr/lib/llvm-22/lib/libmlir_c_runner_utils.so,/usr/lib/llvm-22/lib/libmlir_runner_utils.so"


def entry_of(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"run_opts\}\s*=\s*-e\s+(\w+)", text)
    return m.group(1) if m else "main"


def reference(path, entry, timeout, env):
    opt = subprocess.run(["mlir-opt-22", path, "--sparsifier=enable-runtime-library=false"],
                         capture_output=True, timeout=timeout)
    if opt.returncode != 0:
        first = opt.stderr.decode(errors="replace").strip().splitlines()[0]
        return None, "mlir-opt-22 rejects it: " + first.split("error: ", 1)[-1]
    run = subprocess.run(["mlir-runner-22", "-e", entry, "-entry-point-result=void", "-shared-libs=" + LIBS],
                         input=opt.stdout, capture_output=True, timeout=timeout, env=env)
    if run.returncode != 0:
        err = run.stderr.decode(errors="replace").strip()
        return None, "mlir-runner-22 fails: " + (err.splitlines()[0] if err else f"exit code {run.returncode}")
    return run.stdout, None


def ours(lapis, path, entry, timeout, env):
    try:
        p = subprocess.run([lapis, "run", path, "-e", entry], capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "crash", f"timeout after {timeout} s"
    err = p.stderr.decode(errors="replace")
    if p.returncode == 0:
        return p.stdout, None, None
    lines = [l for l in err.splitlines() if "error" in l] or err.splitlines() or [f"exit code {p.returncode}"]
    first = re.sub(r"^/\S*/", "", lines[0].strip())
    if "internal compiler error" in err or "crashed" in err or "internal error" in err:
        return None, "crash", first
    m = re.search(r"unsupported operation '([\w.]+)'", err)
    if m:
        return None, "unsupported op", m.group(1) + ": " + first
    m = re.search(r"unsupported call of '@([\w.]+)'", err)
    if m:
        return None, "unsupported op", "call of @" + m.group(1) + ": " + first
    if "unsupported type" in err:
        return None, "unsupported op", first
    return None, "error", first


# Why a program that differs is not a Lapis bug (shown in front of the first differing line).
KNOWN_DIFFERENCES = {
    "sparse_pack.mlir": "the reference prints uninitialized memory (the tail of a buffer the program never "
                        "wrote: a different garbage value in every run), ours zeros",
}


# Program -> [(data file, description)] of the data files generated for it.
GENERATED = {}


def classify(args, name):
    path = os.path.join(args.dir, name)
    entry = entry_of(path)
    data = os.path.join(args.build, "data", os.path.splitext(name)[0])
    try:
        tensors, generated = tensor_data.environment(path, data, [args.dir, os.path.join(args.dir, "data")])
    except ValueError as e:
        return name, "unsupported input", f"no data file can be generated: {e}"
    GENERATED[name] = generated
    env = dict(os.environ, TENSOR0="")
    env.update(tensors)
    expected, why = reference(path, entry, args.timeout, env)
    if expected is None:
        return name, "unsupported input", why
    got, kind, why = ours(args.lapis, path, entry, args.timeout, env)
    if got is None:
        return name, kind, why
    # printMemref's base@ is an address that differs in every run (upstream's CHECK lines skip it).
    got, expected = (re.sub(rb"base@ = 0x[0-9a-f]+", b"base@ = 0x?", x) for x in (got, expected))
    if got == expected:
        return name, "pass", ""
    known = KNOWN_DIFFERENCES[name] + ": " if name in KNOWN_DIFFERENCES else ""
    exp_lines, got_lines = expected.decode(errors="replace").splitlines(), got.decode(errors="replace").splitlines()
    for i, (a, b) in enumerate(zip(exp_lines, got_lines)):
        if a != b:
            return name, "differ", known + f"line {i + 1}: expected `{a[:80]}`, got `{b[:80]}`"
    return name, "differ", known + f"{len(exp_lines)} lines expected, {len(got_lines)} printed"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("--lapis", default=os.path.join(root, "artifacts", "bin", "lapis"))
    ap.add_argument("--dir", default=os.path.join(root, "..", "shared", "inputs", "mlir-sparse-integration"))
    ap.add_argument("--build", default=os.path.join(root, "artifacts", "sparse-conformance"),
                    help="where generated tensor data files go")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=900)
    ap.add_argument("--only", default="")
    ap.add_argument("--table", default=os.path.join(root, "sparse-conformance.md"))
    ap.add_argument("--passing", default=os.path.join(here, "passing.txt"))
    args = ap.parse_args()
    if not os.path.isdir(args.dir):
        print(f"skipped: {args.dir} is absent (the shared inputs are not part of the repository)")
        return 0
    names = sorted(f for f in os.listdir(args.dir) if f.endswith(".mlir"))
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda n: classify(args, n), names))
    for name, kind, why in rows:
        print(f"{name}: {kind}{' — ' + why if why else ''}", flush=True)
    if args.only:
        return 0
    counts = {}
    for _, kind, _ in rows:
        counts[kind] = counts.get(kind, 0) + 1
    with open(args.table, "w", encoding="utf-8") as t:
        t.write("# `lapis run` on MLIR's sparse integration programs\n\n")
        t.write("Generated by `dotnet pwsh ./build.ps1 sparse-conformance` "
                "(`conformance/mlir-sparse-integration/run_conformance.py`): each program of "
                "`../shared/inputs/mlir-sparse-integration/` through `lapis run` against "
                "`mlir-opt-22 --sparsifier=enable-runtime-library=false | mlir-runner-22` (stdout byte for byte, "
                "except the buffer address after printMemref's `base@ =`, which differs in every run).\n\n")
        t.write("TENSOR<i> is set as the program's RUN lines set it. Upstream's data files "
                "(`%mlir_src_dir/test/Integration/data/`) are not here: those the programs name are generated with "
                "the same name and format, seeded, with a shape that fits the `sparse_tensor.new` reading them "
                "(`conformance/mlir-sparse-integration/tensor_data.py`; under `artifacts/sparse-conformance/data/`).\n\n")
        t.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f" (of {len(rows)})\n\n")
        t.write("| File | Result | Reason |\n|---|---|---|\n")
        for name, kind, why in rows:
            t.write(f"| `{name}` | {kind} | {why.replace('|', '/')} |\n")
        generated = [(n, f, d) for n in sorted(GENERATED) for f, d in GENERATED[n]]
        if generated:
            t.write("\nGenerated data files:\n\n| Program | File | Shape, entries, header |\n|---|---|---|\n")
            for n, f, d in generated:
                t.write(f"| `{n}` | `{f}` | {d} |\n")
    with open(args.passing, "w", encoding="utf-8") as p:
        p.write("# Programs of ../shared/inputs/mlir-sparse-integration whose `lapis run` output equals mlir-runner-22's\n")
        p.write("# (written by build.ps1 sparse-conformance; SparseIntegrationProgramTests runs them in CI).\n")
        for name, kind, _ in rows:
            if kind == "pass":
                p.write(name + "\n")
    print(f"{counts} -> {args.table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Tensor data files for MLIR's sparse integration programs whose upstream files are absent.

A program's RUN lines set TENSOR<i> (`%{env} = TENSOR0="%mlir_src_dir/test/Integration/data/x.mtx"`);
the program reads it with `call @getTensorFilename(%c<i>)` and `sparse_tensor.new`. Upstream's data
directory is not here, so for a named file that is not present this writes a seeded file of the same
name and format (.mtx Matrix Market, .tns extended FROSTT) whose shape fits the `sparse_tensor.new`
result types it feeds: static sizes as written, `?` sizes drawn (multiples of the block sizes the
encoding's map names), distinct coordinates in a shuffled order (so the reader's unsorted path and
the sparsifier's sort run), values with a fractional part for floating tensors and integers for
integer ones; a matrix of free square shape gets a symmetric header for some programs (MLIR's
reader then gives only the listed triangle). An empty TENSOR<i> (`TENSOR0=`, sparse_tensor.out to
stdout) stays empty.

Used by run_conformance.py and by SparseIntegrationProgramTests (through `--env`):
  tensor_data.py --env PROGRAM.mlir --out DIR   prints the TENSOR<i>=value lines for PROGRAM
"""
import argparse
import math
import os
import random
import re
import sys
import zlib

ENV_ASSIGNMENT = re.compile(r"\bTENSOR(\d+)=(\"[^\"]*\"|\S*)")
FILENAME_CALL = re.compile(r"(%[\w.$-]+)\s*=\s*(?:func\.)?call\s+@getTensorFilename\((%[\w.$-]+)\)")
INDEX_CONSTANT = re.compile(r"(%[\w.$-]+)\s*=\s*arith\.constant\s+(\d+)\s*:\s*index")
NEW_OP = re.compile(r"sparse_tensor\.new\s+(%[\w.$-]+)\s*:\s*[^\n]*?\bto\s+tensor<([^>]*)>")
ENCODING_DEF = re.compile(r"^(#\w+)\s*=\s*#sparse_tensor\.encoding<\{(.*?)\}>", re.S | re.M)
INTEGER_TYPES = {"i8", "i16", "i32", "i64"}
FLOAT_TYPES = {"f16", "bf16", "f32", "f64"}


def run_env(text):
    """TENSOR<i> -> value as the RUN lines last set it (DEFINE/REDEFINE of %{env}, or a RUN line itself)."""
    env = {}
    for line in text.splitlines():
        if not re.match(r"\s*//\s*(RUN|DEFINE|REDEFINE):", line):
            continue
        for i, value in ENV_ASSIGNMENT.findall(line):
            env[int(i)] = value.strip('"')
    return env


def new_types(text, index):
    """The result types (dims, element type, encoding name) of the sparse_tensor.new ops TENSOR<index> feeds."""
    constants = {name: int(v) for name, v in INDEX_CONSTANT.findall(text)}
    filenames = {name: constants.get(arg) for name, arg in FILENAME_CALL.findall(text)}
    indices = {i for i in filenames.values() if i is not None}
    types = []
    for operand, body in NEW_OP.findall(text):
        # A filename passed on through calls (sparse_permute's @foo1(%fileName)) is the only one when there is one.
        feeds = filenames.get(operand, next(iter(indices)) if len(indices) == 1 else None)
        if feeds != index:
            continue
        parts = [p.strip() for p in body.split(",")]
        shape = parts[0].split("x")
        types.append(([None if d == "?" else int(d) for d in shape[:-1]], shape[-1], parts[1] if len(parts) > 1 else None))
    return types


def block_multiple(text, encoding):
    """The lcm of the floordiv/mod constants in the encoding's map (dims of a BSR tensor are multiples of the block)."""
    for name, body in ENCODING_DEF.findall(text):
        if name == encoding:
            constants = [int(c) for c in re.findall(r"(?:floordiv|mod)\s+(\d+)", body)]
            return math.lcm(*constants) if constants else 1
    return 1


def generate(program, name, index, out_dir):
    """Writes out_dir/name for TENSOR<index> of program; returns (path, a description for the report)."""
    text = open(program, encoding="utf-8").read()
    types = new_types(text, index)
    if not types:
        raise ValueError(f"{os.path.basename(program)}: no sparse_tensor.new reads TENSOR{index}")
    rank = len(types[0][0])
    if any(len(t[0]) != rank for t in types):
        raise ValueError(f"{os.path.basename(program)}: the sparse_tensor.new ops of TENSOR{index} disagree on the rank")
    element = types[0][1]
    multiple = math.lcm(*(block_multiple(text, t[2]) for t in types))
    rng = random.Random(zlib.crc32(f"{os.path.basename(program)}:{name}".encode()))
    static = [next((t[0][d] for t in types if t[0][d] is not None), None) for d in range(rank)]
    matrix = name.endswith(".mtx")
    if matrix and rank != 2:
        raise ValueError(f"{os.path.basename(program)}: {name} is a Matrix Market file, but the tensor has rank {rank}")
    free_square = matrix and static == [None, None]
    symmetric = free_square and element in FLOAT_TYPES and zlib.crc32(name.encode()) % 2 == 0
    if symmetric:
        low = -(-5 // multiple)
        size = multiple * rng.randint(low, max(low, 9 // multiple))
        dims = [size, size]
    else:
        dims = [s if s is not None else multiple * rng.randint(max(1, -(-3 // multiple)), max(1, 8 // multiple)) for s in static]
    # Distinct coordinates: the lower triangle of a symmetric matrix, else every position.
    total = math.prod(dims)
    candidates = [(i, j) for i in range(dims[0]) for j in range(i + 1)] if symmetric else None
    count = len(candidates) if symmetric else total
    nse = min(count, max(min(count, 10), round(count * rng.uniform(0.3, 0.6))))
    if symmetric:
        coords = rng.sample(candidates, nse)
    else:
        flat = rng.sample(range(total), nse)
        coords = []
        for f in flat:
            c = []
            for d in reversed(dims):
                c.append(f % d)
                f //= d
            coords.append(tuple(reversed(c)))
    integer = element in INTEGER_TYPES
    values = [rng.randint(1, 99) if integer else round(rng.uniform(0.5, 99.5), rng.choice([0, 1, 2])) for _ in coords]
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, name)
    with open(path, "w", encoding="utf-8") as f:
        if matrix:
            f.write(f"%%MatrixMarket matrix coordinate {'integer' if integer else 'real'} {'symmetric' if symmetric else 'general'}\n")
            f.write(f"% generated by conformance/mlir-sparse-integration/tensor_data.py for {os.path.basename(program)}\n")
            f.write(f"{dims[0]} {dims[1]} {nse}\n")
        else:
            f.write(f"# extended FROSTT format, generated by conformance/mlir-sparse-integration/tensor_data.py for {os.path.basename(program)}\n")
            f.write(f"{rank} {nse}\n{' '.join(map(str, dims))}\n")
        for c, v in zip(coords, values):
            f.write(" ".join(str(x + 1) for x in c) + f" {v}\n")
    header = ("symmetric " if symmetric else "general ") + ("integer" if integer else "real") if matrix else "FROSTT"
    return path, f"{'x'.join(map(str, dims))}, {nse} entries, {header}"


def environment(program, out_dir, search_dirs=()):
    """(TENSOR<i> -> value for both runs, [(file name, description)] of the generated files)."""
    text = open(program, encoding="utf-8").read()
    env, generated = {}, []
    for index, value in sorted(run_env(text).items()):
        if value == "":
            env[f"TENSOR{index}"] = ""
            continue
        name = os.path.basename(value)
        present = [os.path.join(d, name) for d in search_dirs if os.path.isfile(os.path.join(d, name))]
        if present:
            env[f"TENSOR{index}"] = present[0]
            continue
        path, description = generate(program, name, index, out_dir)
        env[f"TENSOR{index}"] = path
        generated.append((name, description))
    return env, generated


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--env", required=True, help="the program (.mlir)")
    ap.add_argument("--out", required=True, help="where generated data files go")
    ap.add_argument("--search", action="append", default=[], help="a folder where present data files are looked for")
    args = ap.parse_args()
    env, _ = environment(args.env, args.out, args.search)
    for k, v in env.items():
        print(f"{k}={v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

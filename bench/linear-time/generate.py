#!/usr/bin/env python3
"""Writes a valid MLIR module of N small functions (about 350 bytes each: one scf.parallel
loop over memrefs), for profiling how `lapis translate` time grows with module size
(issue 13: 143,552 functions = 50 MB). Usage: generate.py N OUT.mlir"""
import sys

FUNC = """func.func @kernel_{i}(%a: memref<{n}xf32>, %b: memref<{n}xf32>, %s: f32) {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cn = arith.constant {n} : index
  scf.parallel (%i) = (%c0) to (%cn) step (%c1) {{
    %x = memref.load %a[%i] : memref<{n}xf32>
    %y = arith.mulf %x, %s : f32
    memref.store %y, %b[%i] : memref<{n}xf32>
    scf.reduce
  }}
  return
}}
"""

def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w") as f:
        f.write("module {\n")
        for i in range(count):
            f.write(FUNC.format(i=i, n=16 + i % 7))
        f.write("}\n")

if __name__ == "__main__":
    main()

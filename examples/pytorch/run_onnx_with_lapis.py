#!/usr/bin/python3
"""Runs an exported model folder (export_models.py: model.onnx, input_0.pb) through lapis.compile and
writes, next to it, input_0.f32 and lapis_output_0.f32 (raw little-endian float32, row-major) and
input_0.shape: what the ONNX Runtime test (Lapis.Tests/Python/OnnxRuntimeReferenceTests.cs) feeds
ONNX Runtime and compares with.

Usage: run_onnx_with_lapis.py MODEL_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
import lapis  # noqa: E402

d = sys.argv[1]
x = numpy_helper.to_array(onnx.load_tensor(os.path.join(d, "input_0.pb")))
compiled = lapis.compile(os.path.join(d, "model.onnx"))
y = compiled(np.ascontiguousarray(x))
np.ascontiguousarray(x, dtype="<f4").tofile(os.path.join(d, "input_0.f32"))
with open(os.path.join(d, "input_0.shape"), "w") as f:
    f.write(" ".join(str(s) for s in x.shape) + "\n")
np.ascontiguousarray(y, dtype="<f4").tofile(os.path.join(d, "lapis_output_0.f32"))
print(f"{d}: lapis output {tuple(y.shape)} ({'cached build' if compiled.cached else 'built'})")

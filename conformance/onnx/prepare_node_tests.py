#!/usr/bin/python3
"""Writes ONNX's operator conformance suite (the node tests of Debian's python3-onnx) for Lapis.

For every node test: <out>/<test>/model.onnx, input_N.pb (the inputs left to the call) and
output_N.pb (ONNX's reference outputs), from its first data set. Inputs that fix the shape of the
result (a Reshape's shape, a Slice's starts, reduction axes, pads...) become initializers, since
Lapis compiles for shapes known at import time; manifest.json records which.

Usage: prepare_node_tests.py OUT_DIR
"""
import json
import os
import shutil
import sys

import warnings

import numpy as np

warnings.simplefilter("ignore", FutureWarning)

# ONNX 1.12's test generators still use the aliases NumPy 1.24 removed.
for alias, target in (("float", float), ("int", int), ("bool", bool), ("object", object)):
    if not hasattr(np, alias):
        setattr(np, alias, target)

import onnx  # noqa: E402
from onnx import numpy_helper  # noqa: E402
import onnx.backend.test.case.node as node_test  # noqa: E402

# Per op: input positions that determine the result's shape (frozen as initializers).
SHAPE_INPUTS = {
    "Reshape": [1], "Expand": [1], "Slice": [1, 2, 3, 4], "Squeeze": [1], "Unsqueeze": [1],
    "Pad": [1, 3], "Tile": [1], "ConstantOfShape": [0], "Range": [0, 1, 2], "Split": [1],
    "ReduceSum": [1], "ReduceMean": [1], "ReduceMax": [1], "ReduceMin": [1], "ReduceProd": [1],
    "ReduceL1": [1], "ReduceL2": [1], "ReduceLogSum": [1], "ReduceLogSumExp": [1], "ReduceSumSquare": [1],
    "Resize": [1, 2, 3], "Upsample": [1], "TopK": [1], "OneHot": [1], "Dropout": [1, 2],
    "CenterCropPad": [1], "CumSum": [1], "Trilu": [1], "Compress": [1], "NonMaxSuppression": [2, 3, 4],
    # CastLike reads only the element type of its second input (the suite's data for it does not even have the declared shape).
    "CastLike": [1],
    # The window functions' size input fixes the result's extent.
    "HannWindow": [0], "HammingWindow": [0], "BlackmanWindow": [0],
}


def shape_inputs(graph):
    """Names of the graph's values that SHAPE_INPUTS says fix a result's shape."""
    frozen = set()
    for node in graph.node:
        for pos in SHAPE_INPUTS.get(node.op_type, []):
            if pos < len(node.input) and node.input[pos]:
                frozen.add(node.input[pos])
    return frozen


def matches_declared_shape(info, value):
    """False when the data set's value does not have the input's declared static shape (CastLike's "like" in
    the _expanded tests: only its type matters); such an input becomes an initializer of its own shape."""
    dims = info.type.tensor_type.shape.dim
    if not info.type.tensor_type.HasField("shape") or any(not d.HasField("dim_value") for d in dims):
        return True
    return tuple(d.dim_value for d in dims) == np.asarray(value).shape


def main(out):
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    manifest = []
    cases = [case for case in node_test.collect_testcases(None) if case.data_sets]
    frozen_by_case = {case.name: shape_inputs(case.model.graph) for case in cases}
    for case in cases:
        model = case.model
        inputs, outputs = case.data_sets[0]
        graph = model.graph
        frozen = set(frozen_by_case[case.name])
        if case.name.endswith("_expanded"):  # the op's function body: freeze what the op itself would
            frozen |= frozen_by_case.get(case.name[:-len("_expanded")], set())
        graph_inputs = list(graph.input)
        kept = []
        kept_values = []
        frozen_names = []
        ok = True
        for info, value in zip(graph_inputs, inputs):
            if info.type.HasField("tensor_type") and (info.name in frozen or not matches_declared_shape(info, value)):
                tensor = numpy_helper.from_array(np.asarray(value), info.name)
                if info.type.tensor_type.elem_type == onnx.TensorProto.BFLOAT16 and tensor.data_type == onnx.TensorProto.UINT16:
                    tensor.data_type = onnx.TensorProto.BFLOAT16  # the suite holds bfloat16 data as its uint16 bits
                graph.initializer.append(tensor)
                frozen_names.append(info.name)
            else:
                kept.append(info)
                kept_values.append(value)
        del graph.input[:]
        graph.input.extend(kept)
        d = os.path.join(out, case.name)
        if os.path.exists(d):  # a few names are generated twice; the last one wins, as in onnx's generate-data
            shutil.rmtree(d)
            manifest = [m for m in manifest if m["name"] != case.name]
        os.makedirs(d)
        with open(os.path.join(d, "model.onnx"), "wb") as f:
            f.write(model.SerializeToString())
        for j, (info, value) in enumerate(zip(kept, kept_values)):
            if not info.type.HasField("tensor_type"):
                ok = False
                continue
            with open(os.path.join(d, f"input_{j}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(np.asarray(value), info.name).SerializeToString())
        for j, (info, value) in enumerate(zip(graph.output, outputs)):
            if not info.type.HasField("tensor_type"):
                ok = False
                continue
            with open(os.path.join(d, f"output_{j}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(np.asarray(value), info.name).SerializeToString())
        ops = sorted({n.op_type for n in graph.node})
        opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)
        manifest.append({"name": case.name, "ops": ops, "opset": opset, "tensors_only": ok,
                         "inputs": len(kept), "outputs": len(graph.output), "frozen": frozen_names,
                         "rtol": getattr(case, "rtol", 1e-3), "atol": getattr(case, "atol", 1e-7)})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    print(f"{len(manifest)} node tests written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])

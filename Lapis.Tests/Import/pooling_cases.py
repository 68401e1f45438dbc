#!/usr/bin/python3
"""Writes 2-D MaxPool / AveragePool / global pool node tests for `lapis onnx-conformance` (OnnxPoolingTests).

Every case pools x: [2, 3, 13, 17] (sizes that are multiples of no tile) and is written as
<out>/<case>/model.onnx, input_0.pb and output_N.pb. The reference outputs come from PyTorch
(max_pool2d / avg_pool2d with the same pads, strides, dilations, ceil_mode and count_include_pad)
or, for asymmetric and auto_pad padding, from the pooling helper of ONNX's own backend tests
(onnx.backend.test.case.node.pool_op_common, as its test_*pool_2d_pads / _same_* cases use it).

Usage: pooling_cases.py OUT_DIR
"""
import os
import shutil
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper
from onnx.backend.test.case.node.pool_op_common import get_output_shape, get_pad_shape, pool

SHAPE = (2, 3, 13, 17)


def torch_max(x, k, s, p, d=1, ceil=False):
    return F.max_pool2d(torch.from_numpy(x), k, s, p, dilation=d, ceil_mode=ceil).numpy()


def torch_avg(x, k, s, p, ceil=False, include=False):
    return F.avg_pool2d(torch.from_numpy(x), k, s, p, ceil_mode=ceil, count_include_pad=include).numpy()


def onnx_pool(x, kind, k, s, pads=None, auto_pad=None, include=0):
    """ONNX's backend-test helper: pads (begin..., end...) or auto_pad; NaN padding is left out of the window."""
    spatial = x.shape[2:]
    if auto_pad:
        out = get_output_shape(auto_pad, spatial, k, s)
        total = get_pad_shape(auto_pad, spatial, k, s, out)
        begin = [t // 2 if auto_pad == "SAME_UPPER" else t - t // 2 for t in total]
        pads = begin + [t - b for t, b in zip(total, begin)]
    else:
        out = [(spatial[i] + pads[i] + pads[i + 2] - k[i]) // s[i] + 1 for i in range(2)]
    value = 0 if include else np.nan
    padded = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])), constant_values=value)
    return pool(padded, x.shape, k, s, out, [pads[0] + pads[2], pads[1] + pads[3]], kind, include)


def max_with_indices(x, k, s, p):
    """MaxPool's values and Indices (flat over the whole tensor, row-major), from PyTorch's per-plane indices."""
    y, i = F.max_pool2d(torch.from_numpy(x), k, s, p, return_indices=True)
    planes = np.arange(SHAPE[0] * SHAPE[1]).reshape(SHAPE[0], SHAPE[1], 1, 1) * SHAPE[2] * SHAPE[3]
    return y.numpy(), i.numpy().astype(np.int64) + planes


def cases(x):
    """(name, op, attributes, reference outputs)."""
    k3 = {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1]}
    # ceil_mode adds an output row (13 → 5 rows, not 4) whose window ends past the padding: the columns (17 → 6) come out exact.
    k4 = {"kernel_shape": [4, 4], "strides": [3, 3], "pads": [1, 1, 1, 1], "ceil_mode": 1}
    return [
        ("pool_max_k3_s2_p1", "MaxPool", k3, [torch_max(x, 3, 2, 1)]),
        ("pool_max_k4_s3_p1_ceil", "MaxPool", k4, [torch_max(x, 4, 3, 1, ceil=True)]),
        ("pool_max_k2_s1_p1_dilations", "MaxPool", {"kernel_shape": [2, 2], "pads": [1, 1, 1, 1], "dilations": [2, 2]}, [torch_max(x, 2, 1, 1, d=2)]),
        ("pool_max_k3_s1_pads_asymmetric", "MaxPool", {"kernel_shape": [3, 3], "pads": [1, 0, 2, 1]},
         [onnx_pool(x, "MAX", [3, 3], [1, 1], pads=[1, 0, 2, 1])]),
        ("pool_max_k4_s2_same_upper", "MaxPool", {"kernel_shape": [4, 4], "strides": [2, 2], "auto_pad": "SAME_UPPER"},
         [onnx_pool(x, "MAX", [4, 4], [2, 2], auto_pad="SAME_UPPER")]),
        ("pool_avg_k3_s2_p1_exclude", "AveragePool", k3, [torch_avg(x, 3, 2, 1)]),
        ("pool_avg_k3_s2_p1_include", "AveragePool", {**k3, "count_include_pad": 1}, [torch_avg(x, 3, 2, 1, include=True)]),
        ("pool_avg_k4_s3_p1_ceil_exclude", "AveragePool", k4, [torch_avg(x, 4, 3, 1, ceil=True)]),
        ("pool_avg_k4_s3_p1_ceil_include", "AveragePool", {**k4, "count_include_pad": 1}, [torch_avg(x, 4, 3, 1, ceil=True, include=True)]),
        ("pool_avg_k2_s2", "AveragePool", {"kernel_shape": [2, 2], "strides": [2, 2]}, [torch_avg(x, 2, 2, 0)]),
        ("pool_avg_k3_s1_pads_asymmetric_exclude", "AveragePool", {"kernel_shape": [3, 3], "pads": [1, 0, 2, 1]},
         [onnx_pool(x, "AVG", [3, 3], [1, 1], pads=[1, 0, 2, 1])]),
        ("pool_avg_k3_s1_pads_asymmetric_include", "AveragePool", {"kernel_shape": [3, 3], "pads": [1, 0, 2, 1], "count_include_pad": 1},
         [onnx_pool(x, "AVG", [3, 3], [1, 1], pads=[1, 0, 2, 1], include=1)]),
        ("pool_avg_k4_s2_same_lower", "AveragePool", {"kernel_shape": [4, 4], "strides": [2, 2], "auto_pad": "SAME_LOWER"},
         [onnx_pool(x, "AVG", [4, 4], [2, 2], auto_pad="SAME_LOWER")]),
        ("pool_global_avg", "GlobalAveragePool", {}, [np.mean(x, axis=(2, 3), keepdims=True)]),
        ("pool_global_max", "GlobalMaxPool", {}, [np.max(x, axis=(2, 3), keepdims=True)]),
        # The fallback: with Indices, MaxPool stays the linalg.generic that computes both.
        ("pool_max_k3_s2_p1_indices", "MaxPool", k3, list(max_with_indices(x, 3, 2, 1))),
    ]


def main(out):
    if os.path.exists(out):
        shutil.rmtree(out)
    x = np.random.default_rng(10).standard_normal(SHAPE).astype(np.float32)
    for name, op, attributes, outputs in cases(x):
        names = ["y", "indices"][:len(outputs)]
        node = helper.make_node(op, ["x"], names, **attributes)
        infos = [helper.make_tensor_value_info(n, onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], v.shape) for n, v in zip(names, outputs)]
        graph = helper.make_graph([node], name, [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, SHAPE)], infos)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        onnx.checker.check_model(model)
        d = os.path.join(out, name)
        os.makedirs(d)
        onnx.save(model, os.path.join(d, "model.onnx"))
        with open(os.path.join(d, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(x, "x").SerializeToString())
        for i, (n, v) in enumerate(zip(names, outputs)):
            with open(os.path.join(d, f"output_{i}.pb"), "wb") as f:
                f.write(numpy_helper.from_array(np.ascontiguousarray(v), n).SerializeToString())
    print(f"{len(cases(x))} pooling cases written to {out}")


if __name__ == "__main__":
    main(sys.argv[1])

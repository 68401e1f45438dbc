#!/usr/bin/python3
"""Exports PyTorch models to ONNX with PyTorch's own output as the reference, for Lapis' tests.

For each model: OUT/<name>/model.onnx (torch.onnx.export, opset 13), input_0.pb (a seeded random
input) and output_0.pb (what the model returns in PyTorch), plus normwise_tolerance (the
normwise error max|ours - torch| / max|torch| allowed). The folder layout is the one
`lapis onnx-conformance` runs.

Usage: export_models.py OUT [name ...]   (names: small_cnn mlp resnet18 mobilenet_v2 squeezenet1_1 transformer_encoder)
"""
import os
import sys

import numpy as np
import torch
from onnx import numpy_helper


def small_cnn():
    # Every op family a torchvision CNN uses, small: conv (grouped too), batchnorm, relu, pooling, residual add, linear.
    class SmallCnn(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
            self.bn1 = torch.nn.BatchNorm2d(8)
            self.pool = torch.nn.MaxPool2d(3, stride=2, padding=1)
            self.depthwise = torch.nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False)
            self.bn2 = torch.nn.BatchNorm2d(8)
            self.fc = torch.nn.Linear(8, 5)

        def forward(self, x):
            x = self.pool(torch.relu(self.bn1(self.conv1(x))))
            x = torch.relu(x + self.bn2(self.depthwise(x)))
            x = torch.nn.functional.adaptive_avg_pool2d(x, 1).flatten(1)
            return torch.softmax(self.fc(x), dim=1)
    return SmallCnn(), torch.randn(2, 3, 17, 13)


def mlp():
    model = torch.nn.Sequential(torch.nn.Linear(7, 31), torch.nn.Tanh(), torch.nn.Linear(31, 31), torch.nn.GELU(), torch.nn.Linear(31, 3))
    return model, torch.randn(5, 7)


def torchvision_model(name):
    import torchvision
    def make():
        return getattr(torchvision.models, name)(weights=None), torch.randn(1, 3, 224, 224)
    return make


def transformer_encoder():
    layer = torch.nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, dropout=0.0, batch_first=True)
    return layer, torch.randn(2, 7, 32)


MODELS = {
    "small_cnn": small_cnn,
    "mlp": mlp,
    "resnet18": torchvision_model("resnet18"),
    "mobilenet_v2": torchvision_model("mobilenet_v2"),
    "squeezenet1_1": torchvision_model("squeezenet1_1"),
    "transformer_encoder": transformer_encoder,
}


def export(out, name):
    torch.manual_seed(0)
    model, x = MODELS[name]()
    model.eval()
    # Non-trivial batch-norm statistics, so that the test sees them.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    with torch.no_grad():
        y = model(x)
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    torch.onnx.export(model, (x,), os.path.join(d, "model.onnx"), opset_version=13, input_names=["x"], output_names=["y"])
    with open(os.path.join(d, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x.numpy(), "x").SerializeToString())
    with open(os.path.join(d, "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(y.numpy(), "y").SerializeToString())
    with open(os.path.join(d, "normwise_tolerance"), "w") as f:
        f.write("1e-4\n")


if __name__ == "__main__":
    out = sys.argv[1]
    for name in sys.argv[2:] or ["small_cnn", "mlp"]:
        export(out, name)
        print(f"exported {name} to {os.path.join(out, name)}")

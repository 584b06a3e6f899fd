"""Golden values for dev.nabla.nn.ConvGoldenTest: the image layers against PyTorch, in float64.

Run:   /usr/bin/python3 nabla-core/src/test/resources/golden/conv.py   (Debian's python3-torch)
Writes conv.json beside this file. Each case names a Nabla layer config, the PyTorch module that is the
same layer, a random input, the module's state dict (weights and buffers, PyTorch's names), and a random
G; it records the output, the gradients of sum(output * G) with respect to the input and every parameter,
and the state dict after the forward pass (batch norm's running statistics move in training).
"""
import json
import os

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
torch.manual_seed(13)


class GlobalAvg(nn.Module):
    def forward(self, x):
        return x.mean((2, 3))


class Reshape(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


# (name, Nabla layer config, PyTorch module, input shape, mode)
CASES = [
    ("conv2d 3x3", {"type": "Conv2D", "out_channels": 4, "kernel_size": 3},
     nn.Conv2d(3, 4, 3), [2, 3, 7, 6], "train"),
    ("conv2d stride 2 padding [1, 2] dilation [2, 1]",
     {"type": "Conv2D", "out_channels": 5, "kernel_size": [3, 2], "stride": 2, "padding": [1, 2], "dilation": [2, 1]},
     nn.Conv2d(2, 5, (3, 2), stride=2, padding=(1, 2), dilation=(2, 1)), [3, 2, 9, 8], "train"),
    ("conv2d same, even kernel (asymmetric padding)", {"type": "Conv2D", "out_channels": 3, "kernel_size": [4, 2], "padding": "same"},
     nn.Conv2d(2, 3, (4, 2), padding="same"), [2, 2, 6, 5], "train"),
    ("conv2d same with dilation 2", {"type": "Conv2D", "out_channels": 3, "kernel_size": 3, "padding": "same", "dilation": 2},
     nn.Conv2d(3, 3, 3, padding="same", dilation=2), [2, 3, 8, 8], "train"),
    ("conv2d groups 2 without bias", {"type": "Conv2D", "out_channels": 6, "kernel_size": 3, "groups": 2, "use_bias": False, "padding": 1},
     nn.Conv2d(4, 6, 3, groups=2, bias=False, padding=1), [2, 4, 5, 5], "train"),
    ("conv2d depthwise", {"type": "Conv2D", "out_channels": 6, "kernel_size": 3, "groups": 3, "stride": [1, 2]},
     nn.Conv2d(3, 6, 3, groups=3, stride=(1, 2)), [2, 3, 7, 7], "train"),
    ("conv2d 1x1", {"type": "Conv2D", "out_channels": 5, "kernel_size": 1},
     nn.Conv2d(4, 5, 1), [3, 4, 3, 5], "train"),
    ("conv1d", {"type": "Conv1D", "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1},
     nn.Conv1d(3, 4, 3, stride=2, padding=1), [2, 3, 11], "train"),
    ("conv1d same dilation 3 groups 2", {"type": "Conv1D", "out_channels": 4, "kernel_size": 2, "padding": "same", "dilation": 3, "groups": 2},
     nn.Conv1d(2, 4, 2, padding="same", dilation=3, groups=2), [2, 2, 9], "train"),
    ("max pool 2x2", {"type": "MaxPool2D", "kernel_size": 2},
     nn.MaxPool2d(2), [2, 3, 6, 7], "train"),
    ("max pool 3x3 stride 2 padding 1", {"type": "MaxPool2D", "kernel_size": 3, "stride": 2, "padding": 1},
     nn.MaxPool2d(3, stride=2, padding=1), [2, 2, 7, 8], "train"),
    ("max pool dilation 2", {"type": "MaxPool2D", "kernel_size": [2, 3], "stride": [1, 2], "dilation": 2},
     nn.MaxPool2d((2, 3), stride=(1, 2), dilation=2), [1, 2, 8, 9], "train"),
    ("avg pool 2x2", {"type": "AvgPool2D", "kernel_size": 2},
     nn.AvgPool2d(2), [2, 3, 6, 7], "train"),
    ("avg pool 3x3 stride 2 padding 1", {"type": "AvgPool2D", "kernel_size": 3, "stride": 2, "padding": 1},
     nn.AvgPool2d(3, stride=2, padding=1), [2, 2, 7, 8], "train"),
    ("avg pool without padded positions", {"type": "AvgPool2D", "kernel_size": [3, 2], "stride": 1, "padding": 1, "count_include_pad": False},
     nn.AvgPool2d((3, 2), stride=1, padding=1, count_include_pad=False), [2, 2, 5, 4], "train"),
    ("global average pool", {"type": "GlobalAvgPool2D"}, GlobalAvg(), [3, 4, 5, 6], "train"),
    ("reshape", {"type": "Reshape", "shape": [2, -1, 3]}, Reshape([2, -1, 3]), [2, 12], "train"),
    ("batch norm 2d, training", {"type": "BatchNorm2d"}, nn.BatchNorm2d(3), [4, 3, 5, 4], "train"),
    ("batch norm 2d, momentum 0.3 eps 1e-3, training", {"type": "BatchNorm2d", "momentum": 0.3, "eps": 1e-3},
     nn.BatchNorm2d(2, momentum=0.3, eps=1e-3), [3, 2, 4, 4], "train"),
    ("batch norm 2d, evaluation", {"type": "BatchNorm2d"}, nn.BatchNorm2d(3), [4, 3, 5, 4], "eval"),
    ("batch norm 2d without affine or running statistics, evaluation",
     {"type": "BatchNorm2d", "affine": False, "track_running_stats": False},
     nn.BatchNorm2d(3, affine=False, track_running_stats=False), [4, 3, 3, 3], "eval"),
    ("batch norm 1d over features, training", {"type": "BatchNorm1d"}, nn.BatchNorm1d(5), [6, 5], "train"),
    ("batch norm 1d over a sequence, training", {"type": "BatchNorm1d"}, nn.BatchNorm1d(3), [4, 3, 7], "train"),
    ("batch norm 1d, evaluation", {"type": "BatchNorm1d"}, nn.BatchNorm1d(5), [6, 5], "eval"),
]


def tensor(t):
    dtype = "int32" if t.dtype in (torch.int64, torch.int32) else "float64"
    return {"shape": list(t.shape), "dtype": dtype, "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def randomise(module):
    """Random weights and, for batch norm, random running statistics, so that nothing is at its default."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.empty_like(p).uniform_(-1, 1))
        if getattr(module, "running_mean", None) is not None:
            module.running_mean.copy_(torch.empty_like(module.running_mean).uniform_(-0.5, 0.5))
            module.running_var.copy_(torch.empty_like(module.running_var).uniform_(0.5, 2))
            module.num_batches_tracked.fill_(3)


cases = []
for name, config, module, shape, mode in CASES:
    randomise(module)
    module.train(mode == "train")
    before = {k: tensor(v) for k, v in module.state_dict().items()}
    x = torch.empty(shape).uniform_(-2, 2).requires_grad_(True)
    y = module(x)
    g = torch.empty_like(y).uniform_(-1, 1)
    (y * g).sum().backward()
    cases.append({
        "name": name, "layer": config, "mode": mode, "x": tensor(x), "state": before, "g": tensor(g),
        "y": tensor(y), "dx": tensor(x.grad),
        "grads": {k: tensor(p.grad) for k, p in module.named_parameters()},
        "state_after": {k: tensor(v) for k, v in module.state_dict().items()},
    })

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {out}")

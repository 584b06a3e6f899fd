"""Loads a state dict that `nabla export MODEL --torch-weights OUT` wrote into a PyTorch nn.Sequential and prints its
outputs on an .npy input, to compare with Nabla's (`nabla predict`) by hand:

    /usr/bin/python3 check_torch_weights.py torch.safetensors input.npy 4,8,relu,8,tanh,2

The layout is in_features, then per layer its width and optionally an activation (relu, tanh, sigmoid), written
the Nabla way (activations as their own layers, so the indexes match Nabla's). The safetensors file is read
by the small reader below, so the `safetensors` package is not needed.
"""
import json
import struct
import sys

import numpy as np
import torch
from torch import nn


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    types = {"F32": np.float32, "F64": np.float64, "I32": np.int32, "I64": np.int64}
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[b:end], dtype=types[e["dtype"]]).reshape(e["shape"]).copy())
    return out


def main():
    weights, inputs, layout = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    width, modules = int(layout[0]), []
    for item in layout[1:]:
        if item.isdigit():
            modules.append(nn.Linear(width, int(item)))
            width = int(item)
        else:
            modules.append({"relu": nn.ReLU(), "tanh": nn.Tanh(), "sigmoid": nn.Sigmoid()}[item])
    model = nn.Sequential(*modules)
    model.load_state_dict(read_safetensors(weights))
    with torch.no_grad():
        print(model(torch.from_numpy(np.load(inputs))).numpy())


if __name__ == "__main__":
    main()

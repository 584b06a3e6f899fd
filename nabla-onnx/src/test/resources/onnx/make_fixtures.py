"""Writes the PyTorch-made fixtures the nabla-onnx tests read: small models exported to ONNX by
torch.onnx.export (opset 17, dynamic batch axis), an nn.Sequential state dict as safetensors, and for each
an input batch and PyTorch's outputs as .npy.

Run from this folder with Debian's python3-torch (torch 1.13; the exporter needs no onnx package):
    /usr/bin/python3 make_fixtures.py
The safetensors file is written by the small writer below (the format is an 8-byte little-endian header
length, a JSON header of dtype, shape and byte offsets per tensor, then the raw bytes), so the
`safetensors` package is not needed.
"""
import json
import struct

import numpy as np
import torch
from torch import nn

torch.manual_seed(0)


class Skip(nn.Module):
    """A residual block: a skip connection (Add), a concatenation, and nn.Linear written as MatMul + Add."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.fc2 = nn.Linear(8, 8)
        self.w = nn.Parameter(torch.randn(16, 4) * 0.3)
        self.b = nn.Parameter(torch.randn(4) * 0.1)

    def forward(self, x):
        h = torch.relu(self.fc1(x))
        s = torch.tanh(self.fc2(h)) + h
        c = torch.cat([s, h], dim=1)
        return torch.matmul(c, self.w) + self.b


def models():
    return {
        "mlp": (nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 3)), (6,)),
        "mlp_activations": (nn.Sequential(nn.Linear(6, 8), nn.GELU(), nn.Linear(8, 8), nn.LeakyReLU(0.2),
                                          nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 8), nn.ELU(),
                                          nn.Linear(8, 4), nn.Softmax(dim=1)), (6,)),
        "mlp_bn": (nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 3)), (6,)),
        "cnn": (nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(4, 8, 3, stride=2, padding=1), nn.ReLU(), nn.AvgPool2d(2),
                              nn.Flatten(), nn.Linear(8, 3)), (1, 8, 8)),
        "cnn_global": (nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU(),
                                     nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 2)), (3, 6, 6)),
        "conv1d": (nn.Sequential(nn.Conv1d(2, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(40, 3)), (2, 10)),
        "skip": (Skip(), (6,)),
    }


def warm(model, shape):
    """A few training batches, so BatchNorm's running statistics are not its initial zeros and ones."""
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.randn(8, *shape) * 2 + 0.5)
    model.eval()


def write_safetensors(path, tensors):
    names = {torch.float32: "F32", torch.float64: "F64", torch.int32: "I32", torch.int64: "I64"}
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    for name, (model, shape) in models().items():
        warm(model, shape)
        x = torch.randn(5, *shape)
        with torch.no_grad():
            y = model(x)
        torch.onnx.export(model, x, name + ".onnx", opset_version=17, input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
        np.save(name + "_input.npy", x.numpy())
        np.save(name + "_output.npy", y.numpy())
    # an nn.Sequential state dict, for `nabla import-weights`: keys 0.weight, 0.bias, 2.weight, ...
    seq = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2))
    write_safetensors("sequential_state.safetensors", seq.state_dict())
    x = torch.randn(5, 4)
    with torch.no_grad():
        np.save("sequential_state_input.npy", x.numpy())
        np.save("sequential_state_output.npy", seq(x).numpy())
    # with BatchNorm: running statistics and the int64 num_batches_tracked, as PyTorch writes them
    bn = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))
    warm(bn, (4,))
    write_safetensors("sequential_bn_state.safetensors", bn.state_dict())
    with torch.no_grad():
        np.save("sequential_bn_state_output.npy", bn(x).numpy())


if __name__ == "__main__":
    main()

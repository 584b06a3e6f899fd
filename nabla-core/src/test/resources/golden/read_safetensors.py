#!/usr/bin/env python3
"""Reads a Nabla-written safetensors file independently of Nabla, as a cross-check of the format.

Parses the header with struct + json only (no `safetensors` package needed), checks the layout rules
the spec sets (length prefix, space padding, contiguous offsets covering the data), then turns each
tensor into a torch tensor (numpy if torch is missing) and prints its name, dtype, shape and sum.

    python3 read_safetensors.py model.safetensors [more.safetensors ...]
    python3 read_safetensors.py --forward model.safetensors   # also run torch on an all-ones input

With --forward, a Nabla Sequential of Dense / Dropout / Flatten / ActivationLayer layers (relu, tanh,
sigmoid or linear) is rebuilt as a torch module whose `layers` field holds the same dotted names, its
weights loaded with load_state_dict(strict=True), and its eval-mode output on ones(1, *input_shape)
printed, to compare with Nabla's output for the same input.

No Nabla test depends on this script; run it by hand when the format code changes.
"""
import json
import struct
import sys

DTYPES = {"F32": ("<f4", 4), "F64": ("<f8", 8), "I32": ("<i4", 4)}


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    assert 8 + n <= len(blob), f"header length {n} past the end ({len(blob)} bytes)"
    text = blob[8:8 + n].decode("utf-8")
    assert text.startswith("{"), "header is not a JSON object"
    header = json.loads(text)
    data = blob[8 + n:]
    meta = header.pop("__metadata__", {})
    assert all(isinstance(v, str) for v in meta.values()), "metadata values must be strings"
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    expected = 0
    for name, e in entries:
        begin, end = e["data_offsets"]
        assert begin == expected, f"{name}: starts at {begin}, expected {expected}"
        count = 1
        for d in e["shape"]:
            count *= d
        assert end - begin == count * DTYPES[e["dtype"]][1], f"{name}: byte count disagrees with shape"
        expected = end
    assert expected == len(data), f"tensors cover {expected} of {len(data)} data bytes"
    return n, meta, header, data


def to_tensor(e, data):
    begin, end = e["data_offsets"]
    fmt, _ = DTYPES[e["dtype"]]
    try:
        import numpy as np
        arr = np.frombuffer(data[begin:end], dtype=np.dtype(fmt)).reshape(e["shape"])
    except ImportError:
        arr = None
    try:
        import torch
        return torch.from_numpy(arr.copy()) if arr is not None else None
    except ImportError:
        return arr


def forward(meta, header, data):
    import torch
    acts = {"linear": torch.nn.Identity, "relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}
    arch = json.loads(meta["architecture"])
    assert arch["type"] == "Sequential", "--forward handles Sequential models"
    layers = []
    shape = json.loads(meta["input_shape"])
    size = 1
    for d in shape:
        size *= d
    for cfg in arch["layers"]:
        kind = cfg["type"]
        if kind == "Dense":
            layers.append(torch.nn.Sequential(torch.nn.Linear(size, cfg["units"], bias=cfg["use_bias"]),
                                              acts[cfg["activation"]["name"]]()))
            size = cfg["units"]
        elif kind == "Dropout":
            layers.append(torch.nn.Dropout(cfg["p"]))
        elif kind == "Flatten":
            layers.append(torch.nn.Flatten())
        elif kind == "ActivationLayer":
            layers.append(acts[cfg["activation"]["name"]]())
        else:
            raise ValueError(f"--forward cannot rebuild {kind}")
    dtype = torch.float64 if meta["dtype"] == "float64" else torch.float32
    model = torch.nn.Module()
    model.layers = torch.nn.ModuleList(layers)
    # Nabla's Dense holds weight/bias itself; torch's sits one level down, in the Linear at index 0
    state = {}
    for name, e in header.items():
        parts = name.split(".")
        state[".".join(parts[:2] + ["0"] + parts[2:])] = to_tensor(e, data)
    model.to(dtype).load_state_dict(state, strict=True)
    model.eval()
    x = torch.ones(1, *shape, dtype=dtype)
    with torch.no_grad():
        for layer in model.layers:
            x = layer(x)
    print(f"   forward(ones(1, {shape})) = {x.flatten().tolist()}")


def main(args):
    run_forward = "--forward" in args
    paths = [a for a in args if a != "--forward"]
    for path in paths:
        n, meta, header, data = read(path)
        print(f"== {path}: header {n} bytes (multiple of 8: {n % 8 == 0}), data {len(data)} bytes")
        for k, v in meta.items():
            shown = v if len(v) <= 100 else v[:97] + "..."
            print(f"   meta {k} = {shown}")
        if "architecture" in meta:
            arch = json.loads(meta["architecture"])
            print(f"   architecture type {arch['type']}, {len(arch.get('layers', []))} layers")
        for name, e in header.items():
            t = to_tensor(e, data)
            total = float(t.double().sum()) if hasattr(t, "double") else float(t.astype("f8").sum())
            print(f"   {name:<20} {e['dtype']} shape={list(e['shape'])} sum={total!r} ({type(t).__module__})")
        if run_forward and "architecture" in meta:
            forward(meta, header, data)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/python3
"""`nabla bench --device cuda`'s protocol in PyTorch eager, on the GPU, for the same run.

784-256-128-10 ReLU, cross-entropy, Adam lr 1e-3, inputs divided by 255, data resident on the GPU, a
fresh shuffle every epoch (torch.randperm on the device), batches gathered by index; samples/s of each
whole epoch, reported as the mean of the epochs after the first (as `nabla bench`). Runs each batch size
with PyTorch's default Adam (foreach) in float32, then at its best: fused Adam, and fused Adam with TF32.

    python3 nabla-bench/pytorch/fashion_mlp_cuda.py --data DIR --batches 128,8192 --epochs 5
Random data of the same shape if --data is missing or empty (throughput does not depend on the values).
"""
import argparse, gzip, json, os, sys, time
import numpy as np
import torch
from torch import nn


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        raw = f.read()
    rank = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def load(d):
    for stem in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"):
        if not any(os.path.exists(os.path.join(d or "", stem + s)) for s in (".gz", "")):
            return None
    pick = lambda stem: next(os.path.join(d, stem + s) for s in (".gz", "") if os.path.exists(os.path.join(d, stem + s)))
    x = read_idx(pick("train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    y = read_idx(pick("train-labels-idx1-ubyte")).astype(np.int64)
    return x, y


def run(x, y, batch, epochs, fused, tf32):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.manual_seed(0)
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)).cuda()
    opt = torch.optim.Adam(m.parameters(), 1e-3, fused=True) if fused else torch.optim.Adam(m.parameters(), 1e-3)
    lossf = nn.CrossEntropyLoss()
    n = x.shape[0]
    rates, loss = [], None
    for e in range(epochs):
        torch.cuda.synchronize()
        t = time.perf_counter()
        perm = torch.randperm(n, device="cuda")
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            opt.zero_grad(set_to_none=True)
            loss = lossf(m(x[idx]), y[idx])
            loss.backward()
            opt.step()
        torch.cuda.synchronize()
        rates.append(n / (time.perf_counter() - t))
    after = rates[1:] if len(rates) > 1 else rates
    return {"batch": batch, "adam": "fused" if fused else "foreach", "tf32": tf32,
            "epoch_samples_per_s": [round(r) for r in rates], "mean_after_first_samples_per_s": round(sum(after) / len(after)),
            "final_loss": float(loss)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=None)
    p.add_argument("--batches", default="128,8192")
    p.add_argument("--epochs", type=int, default=5)
    a = p.parse_args()
    data = load(a.data)
    if data is None:
        g = np.random.default_rng(0)
        data = (g.random((60000, 784), dtype=np.float32), g.integers(0, 10, 60000))
    x, y = torch.tensor(data[0], device="cuda"), torch.tensor(data[1], device="cuda")
    out = {"torch": torch.__version__, "cuda": torch.version.cuda, "gpu": torch.cuda.get_device_name(0), "runs": []}
    for b in (int(v) for v in a.batches.split(",")):
        epochs = a.epochs if b < 4096 else a.epochs * 4
        for fused, tf32 in ((False, False), (True, False), (True, True)):
            r = run(x, y, b, epochs, fused, tf32)
            print(json.dumps(r), file=sys.stderr, flush=True)
            out["runs"].append(r)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

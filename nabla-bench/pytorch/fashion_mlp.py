#!/usr/bin/python3
"""The Fashion-MNIST MLP benchmark of `nabla bench`, in PyTorch, with the same protocol.

784-256-128-10 ReLU, cross-entropy, Adam lr 1e-3, batch 128, inputs divided by 255, a fresh shuffle
every epoch; samples/s of each whole epoch (shuffling and batching included), test accuracy after
training, then single-sample inference latency ([1, 784], model.eval(), torch.no_grad(), 20,000 warm-up
calls, nearest-rank percentiles). The thread counts run one after another in this process, each with
a fresh model: torch.set_num_threads(t) sets the intra-op pool (inter-op threads are not used here).

glibc's malloc is told to keep the memory PyTorch frees first (heap.py): this script used to get that
by accident (freeing a 31 MB copy of the test images lifts glibc's thresholds), suite.py did not and its
Adam steps ran four times slower. Reads the IDX files with gzip + numpy (no torchvision). Prints one
JSON object on stdout; progress goes to stderr. Needs Debian's python3-torch: run it with /usr/bin/python3.

    /usr/bin/python3 nabla-bench/pytorch/fashion_mlp.py --epochs 3 --threads 1,2
"""
import argparse
import gzip
import json
import math
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

DEFAULT_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """An IDX file (gzipped or not) as a numpy array of its declared shape."""
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        sys.exit(f"{path}: not an unsigned-byte IDX file")
    rank = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def find(directory, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(directory, candidate)
        if os.path.isfile(path):
            return path
    sys.exit(f"Fashion-MNIST not found in {directory}: install it with 'apt-get install dataset-fashion-mnist'"
             f" (missing: {name}.gz)")


def load(directory, prefix):
    x = read_idx(find(directory, f"{prefix}-images-idx3-ubyte"))
    y = read_idx(find(directory, f"{prefix}-labels-idx1-ubyte"))
    x = torch.from_numpy(x.reshape(len(x), -1).astype(np.float32)) / 255
    return x, torch.from_numpy(y.astype(np.int64))


def model():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))


def train(net, x, y, epochs, batch, seed, threads):
    """Trains in place; returns samples/s of each epoch and the last epoch's mean loss."""
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    shuffle = torch.Generator().manual_seed(seed)
    rates, loss_sum = [], 0.0
    for epoch in range(epochs):
        begin = time.perf_counter()
        loss_sum = 0.0
        order = torch.randperm(len(x), generator=shuffle)
        for start in range(0, len(x), batch):
            idx = order[start:start + batch]
            xb, yb = x[idx], y[idx]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(net(xb), yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(idx)
        rates.append(len(x) / (time.perf_counter() - begin))
        print(f"pytorch threads {threads}: epoch {epoch + 1}/{epochs}  {rates[-1]:,.0f} samples/s"
              f"  loss {loss_sum / len(x):.4f}", file=sys.stderr, flush=True)
    return rates, loss_sum / len(x)


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        correct = sum(int((net(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum()) for i in range(0, len(x), 1000))
    return correct / len(x)


def latency(net, x, samples, warmup):
    """Single-sample forward times in microseconds: p50/p90/p99 by nearest rank, and the mean."""
    inputs = [x[i % len(x)].unsqueeze(0).clone() for i in range(samples)]
    net.eval()
    times = []
    with torch.no_grad():
        for i in range(warmup):
            net(inputs[i % samples])
        for inp in inputs:
            t0 = time.perf_counter_ns()
            net(inp)
            times.append(time.perf_counter_ns() - t0)
    times.sort()
    def rank(p):  # as MlpBench.rank: the smallest time with at least p of the samples at or below it
        return times[min(len(times), max(1, math.ceil(p * len(times)))) - 1] / 1e3
    return {"p50": rank(0.50), "p90": rank(0.90), "p99": rank(0.99), "mean": sum(times) / len(times) / 1e3,
            "samples": samples, "warmup": warmup}


def run(threads, data, args, build=None):
    torch.set_num_threads(threads)
    torch.manual_seed(args.seed)
    net = (build or model)()
    train_x, train_y, test_x, test_y = data
    begin = time.perf_counter()
    rates, loss = train(net, train_x, train_y, args.epochs, args.batch, args.seed, threads)
    seconds = time.perf_counter() - begin
    return {"threads": torch.get_num_threads(), "epoch_samples_per_s": rates, "best_epoch_samples_per_s": max(rates),
            "mean_after_first_samples_per_s": sum(rates[1:]) / (len(rates) - 1) if len(rates) > 1 else rates[0],
            "train_seconds": seconds, "final_train_loss": loss, "test_accuracy": accuracy(net, test_x, test_y),
            "max_rss_mb_so_far": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "latency_us": latency(net, test_x, args.latency_samples, args.latency_warmup)}


def backends():
    """Where PyTorch's CPU work goes: oneDNN for convolutions, the BLAS for dense layers."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import blas_check  # the BLAS and the kernels OpenBLAS picked (its core name)
    return {"mkldnn_available": torch.backends.mkldnn.is_available(), "mkldnn_enabled": torch.backends.mkldnn.enabled,
            **blas_check.blas(), "cpu_capability": torch.backends.cpu.get_cpu_capability()
            if hasattr(torch.backends, "cpu") else None}


def main(benchmark="fashion-mnist-mlp", build=None, view=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", default="1,2", help="intra-op thread counts, comma-separated")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--data", default=DEFAULT_DIR, help="Fashion-MNIST directory")
    p.add_argument("--latency-samples", type=int, default=2000)
    p.add_argument("--latency-warmup", type=int, default=20000, help="untimed calls first, as nabla bench")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import heap  # before the data: what it frees must not decide how malloc behaves
    malloc = heap.keep_freed_memory()
    data = (*load(args.data, "train"), *load(args.data, "t10k"))
    if view is not None:
        data = (view(data[0]), data[1], view(data[2]), data[3])
    load_before = os.getloadavg()[0]
    runs = [run(int(t), data, args, build) for t in args.threads.split(",")]
    best = max(runs, key=lambda r: r["mean_after_first_samples_per_s"])
    print(json.dumps({"benchmark": benchmark, "framework": f"pytorch {torch.__version__}", "backends": backends(),
                      "malloc": malloc,
                      "epochs": args.epochs, "batch": args.batch, "train_samples": len(data[0]),
                      "test_samples": len(data[2]), "cpus": os.cpu_count(), "load_average_before": load_before,
                      "load_average_after": os.getloadavg()[0], "runs": runs, "best_threads": best["threads"],
                      "best_samples_per_s": best["mean_after_first_samples_per_s"]}, indent=2))


if __name__ == "__main__":
    main()

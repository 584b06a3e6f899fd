#!/usr/bin/python3
"""Why PyTorch's Adam.step was ten times slower in suite.py than in fashion_mlp.py: a minimal reproduction.

Each run is a fresh process (a heap's history is the point) that trains the suite's 784-256-128-10 ReLU
MLP with Adam lr 1e-3, batch 128, on one thread (PyTorch's and OpenBLAS's), for --steps steps, and
prints per step: forward+backward and opt.step() in ms (perf_counter around each) and the page faults
during opt.step() (getrusage). The
runs cross two data sets with three malloc settings, interleaved and repeated:
  data   synthetic: the suite's (uniform [0, 1) inputs, random labels); fashion: the first 24,000
         Fashion-MNIST training images / 255 and their labels (only the training file is read)
  malloc default: glibc as it starts; freed31: a 31 MB block allocated and freed first, as
         fashion_mlp.py's loading of the test images does (glibc then lifts its thresholds to that
         size); keep: heap.keep_freed_memory(), what the benchmark scripts now do
The malloc setting decides the speed and the data does not (see heap.py for the mechanism). Runs without
OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, as compare-pytorch.sh runs PyTorch.

    /usr/bin/python3 nabla-bench/pytorch/heap_probe.py [--steps 128] [--repeat 2]
"""
import argparse
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def child(data, malloc, steps):
    import numpy as np
    import torch
    from torch import nn
    sys.path.insert(0, HERE)
    import fashion_mlp
    import heap
    if malloc == "freed31":
        block = np.ones(10000 * 784, dtype=np.float32)  # the test images as float32: 31.4 MB
        del block
    elif malloc == "keep":
        heap.keep_freed_memory()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    if data == "fashion":
        d = fashion_mlp.DEFAULT_DIR
        x = fashion_mlp.read_idx(fashion_mlp.find(d, "train-images-idx3-ubyte"))[:24000]
        x = torch.from_numpy(x.reshape(len(x), -1).astype(np.float32)) / 255
        y = fashion_mlp.read_idx(fashion_mlp.find(d, "train-labels-idx1-ubyte"))[:24000]
        y = torch.from_numpy(y.astype(np.int64))
    else:
        g = torch.Generator().manual_seed(0)
        x, y = torch.rand(24000, 784, generator=g), torch.randint(0, 10, (24000,), generator=g)
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    fb = st = 0.0
    faults = 0
    for i in range(steps):
        b = slice((i * 128) % 23936, (i * 128) % 23936 + 128)
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x[b]), y[b])
        loss.backward()
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        t1 = time.perf_counter()
        opt.step()
        t2 = time.perf_counter()
        faults += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
        loss.item()
        fb, st = fb + t1 - t0, st + t2 - t1
    print(f"{data:10} {malloc:8} {1e3 * fb / steps:8.2f} {1e3 * st / steps:8.2f} {faults / steps:9.0f}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--steps", type=int, default=128)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--child", nargs=2, metavar=("DATA", "MALLOC"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(*args.child, args.steps)
        return
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["OPENBLAS_NUM_THREADS"] = "1"  # no BLAS pool spinning next to the step: one thread in all
    print(f"{'data':10} {'malloc':8} {'fwd+bwd':>8} {'step':>8} {'faults':>9}   (ms per step; page faults per"
          f" opt.step(); {args.steps} steps; load average {os.getloadavg()[0]:.2f})", flush=True)
    for _ in range(args.repeat):
        for data in ("synthetic", "fashion"):
            for malloc in ("default", "freed31", "keep"):
                subprocess.run([sys.executable, __file__, "--steps", str(args.steps), "--child", data, malloc],
                               env=env, check=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

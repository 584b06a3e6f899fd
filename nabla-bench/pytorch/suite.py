#!/usr/bin/python3
"""`nabla bench --suite` in PyTorch: the same rows, the same protocol (nabla-cli's SuiteRow and SuiteBench).

Thread settings: each count with as many OpenBLAS threads, and each with the most (see configs); the
best is reported, its setting named (e.g. "1+blas2"). Each training row is fitted untimed, whole fits
for at least WARMUP_SECONDS (the first training row FIRST_WARMUP_SECONDS; as Nabla's suite does, for
its JIT), then fits a fresh model on synthetic data (inputs uniform in [0, 1), 10 random classes, or a
normal target for the regression row) for 3 epochs with a fresh shuffle each epoch and reports the mean
samples/s of epochs 2 and 3; the inference row times 30 passes over 10,000 rows in batches of 1,000
(model.eval(), torch.no_grad()) after untimed passes for at least WARMUP_SECONDS (and at least
INFER_WARMUP). Each row runs at every thread count
(torch.set_num_threads) back to back. One JSON object on stdout; progress on stderr. Run it with Debian's
/usr/bin/python3 (python3-torch), without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (compare-pytorch.sh does).

glibc's malloc is told to keep the memory PyTorch frees (heap.py) before any data is made: left as it
starts, it handed Adam's per-step temporaries back to the kernel every step, and the page faults to get
them again made the Adam rows run at a quarter to a fifth of PyTorch's speed (heap_probe.py reproduces
it). --malloc default leaves glibc as it is, to show the difference.

    /usr/bin/python3 nabla-bench/pytorch/suite.py --threads 1,2 [--rows mlp-tanh,inference]
"""
import argparse
import ctypes
import json
import os
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blas_check  # noqa: E402
import fashion_cnn_bn  # noqa: E402  (the batch-norm CNN example's network)
import heap  # noqa: E402

EPOCHS, INFER_WARMUP, INFER_PASSES = 3, 10, 30
WARMUP_SECONDS = 4.0
FIRST_WARMUP_SECONDS = 8.0  # the first training row's: Nabla's JVM warms up on top of the row


def mlp(act):
    return lambda: nn.Sequential(nn.Linear(784, 256), act(), nn.Linear(256, 128), act(), nn.Linear(128, 10))


def deep():
    layers, width = [], 784
    for _ in range(10):
        layers += [nn.Linear(width, 64), nn.Sigmoid()]
        width = 64
    return nn.Sequential(*layers, nn.Linear(64, 10))


def cnn():
    def conv(cin, cout):
        return [nn.Conv2d(cin, cout, 3, padding="same"), nn.ReLU()]
    return nn.Sequential(*conv(1, 32), *conv(32, 32), nn.MaxPool2d(2), *conv(32, 64), *conv(64, 64), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Dropout(0.4), nn.Linear(3136, 10))


def adam(p):
    return torch.optim.Adam(p, lr=1e-3)


# name: (build, batch, samples, input shape, dtype, optimizer, loss) -- nabla-cli's SuiteRow, row for row
ROWS = {
    "mlp-relu": (mlp(nn.ReLU), 128, 24000, (784,), torch.float32, adam, "ce"),
    "mlp-sigmoid": (mlp(nn.Sigmoid), 128, 24000, (784,), torch.float32, adam, "ce"),
    "mlp-tanh": (mlp(nn.Tanh), 128, 24000, (784,), torch.float32, adam, "ce"),
    "batch-32": (mlp(nn.ReLU), 32, 12000, (784,), torch.float32, adam, "ce"),
    "batch-512": (mlp(nn.ReLU), 512, 24000, (784,), torch.float32, adam, "ce"),
    "deep-sigmoid": (deep, 128, 24000, (784,), torch.float32, adam, "ce"),
    "wide": (lambda: nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(),
                                   nn.Linear(1024, 10)), 128, 6000, (784,), torch.float32, adam, "ce"),
    "sgd-momentum": (mlp(nn.ReLU), 128, 24000, (784,), torch.float32,
                     lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9), "ce"),
    "float64": (mlp(nn.ReLU), 128, 12000, (784,), torch.float64, adam, "ce"),
    "regression": (lambda: nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1)),
                   32, 24000, (8,), torch.float32, adam, "mse"),
    "inference": (mlp(nn.ReLU), 1000, 10000, (784,), torch.float32, adam, "infer"),
    "cnn": (cnn, 128, 1536, (1, 28, 28), torch.float32, adam, "ce"),
    "cnn-bn": (fashion_cnn_bn.model, 128, 1536, (1, 28, 28), torch.float32, adam, "ce"),
}


def data(name, seed):
    build, batch, n, shape, dtype, _, loss = ROWS[name]
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, *shape, generator=g, dtype=dtype)
    y = torch.randn(n, 1, generator=g, dtype=dtype) if loss == "mse" else torch.randint(0, 10, (n,), generator=g)
    return x, y


def train(name, net, x, y, seed):
    _, batch, n, _, _, make_opt, loss = ROWS[name]
    opt = make_opt(net.parameters())
    loss_fn = nn.MSELoss() if loss == "mse" else nn.CrossEntropyLoss()
    shuffle = torch.Generator().manual_seed(seed)
    rates = []
    for _ in range(EPOCHS):
        begin = time.perf_counter()
        order = torch.randperm(n, generator=shuffle)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            opt.zero_grad(set_to_none=True)
            out = loss_fn(net(x[idx]), y[idx])
            out.backward()
            opt.step()
            out.item()  # as Nabla's fit reads each batch's loss
        rates.append(n / (time.perf_counter() - begin))
    return sum(rates[1:]) / (len(rates) - 1)


def infer(net, x):
    net.eval()
    batches = [x[i:i + 1000] for i in range(0, len(x), 1000)]
    with torch.no_grad():
        warm_end, passes = time.perf_counter() + WARMUP_SECONDS, 0
        while passes < INFER_WARMUP or time.perf_counter() < warm_end:
            for b in batches:
                net(b)
            passes += 1
        begin = time.perf_counter()
        for _ in range(INFER_PASSES):
            for b in batches:
                net(b)
        return INFER_PASSES * len(x) / (time.perf_counter() - begin)


def configs(counts):
    """(intra-op threads, OpenBLAS threads) to try: each count with as many BLAS threads, and each with the
    most BLAS threads. torch.set_num_threads does not reach OpenBLAS's own pthread pool (Debian's
    libopenblas0-pthread), which otherwise runs every GEMM on all cores: "1 thread" would not be one, and
    on a loaded machine its spinning threads slowed PyTorch tenfold. Every setting runs; the best counts."""
    top = max(counts)
    return list(dict.fromkeys([(t, t) for t in counts] + [(t, top) for t in counts]))


def set_blas_threads(n):
    try:
        lib = ctypes.CDLL(blas_check.blas()["libblas_so_3"])  # the library PyTorch loaded (same soname)
        lib.openblas_set_num_threads(ctypes.c_int(n))
    except (OSError, AttributeError):
        pass  # not OpenBLAS: its thread count is not ours to set


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", default="1,2")
    p.add_argument("--rows", default=",".join(ROWS))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--malloc", choices=("keep", "default"), default="keep",
                   help="keep: glibc keeps freed memory (the fair setting); default: glibc as it starts")
    args = p.parse_args()
    malloc = (heap.keep_freed_memory() if args.malloc == "keep"
              else {"malloc": "glibc as it starts (--malloc default)"})
    counts = [int(t) for t in args.threads.split(",")]
    load_before = os.getloadavg()[0]
    results = []
    warmed = False
    for name in args.rows.split(","):
        if name not in ROWS:
            sys.exit(f"suite.py: no row '{name}' (rows: {', '.join(ROWS)})")
        x, y = data(name, args.seed)
        if ROWS[name][6] != "infer":  # untimed fits first, as Nabla's suite does
            warm_end = time.perf_counter() + (WARMUP_SECONDS if warmed else FIRST_WARMUP_SECONDS)
            warmed = True
            while True:
                torch.manual_seed(args.seed)
                train(name, ROWS[name][0]().to(ROWS[name][4]), x, y, args.seed)
                if time.perf_counter() >= warm_end:
                    break
        rates = {}
        for t, b in configs(counts):
            torch.set_num_threads(t)
            set_blas_threads(b)
            torch.manual_seed(args.seed)
            net = ROWS[name][0]().to(ROWS[name][4])
            key = f"{t}" if b == t else f"{t}+blas{b}"
            rates[key] = infer(net, x) if ROWS[name][6] == "infer" else train(name, net, x, y, args.seed)
            print(f"pytorch suite {name:13} threads {key}: {rates[key]:,.0f} samples/s", file=sys.stderr, flush=True)
        best = max(rates, key=rates.get)
        results.append({"row": name, "batch": ROWS[name][1], "samples_per_s": rates, "best_threads": best,
                        "best_samples_per_s": rates[best]})
    print(json.dumps({"benchmark": "suite", "framework": f"pytorch {torch.__version__}", "blas": blas_check.blas(),
                      "malloc": malloc, "mkldnn_enabled": torch.backends.mkldnn.enabled, "epochs": EPOCHS,
                      "cpus": os.cpu_count(),
                      "load_average_before": load_before, "load_average_after": os.getloadavg()[0], "rows": results},
                     indent=1))


if __name__ == "__main__":
    main()

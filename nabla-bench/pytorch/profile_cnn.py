#!/usr/bin/python3
"""Where PyTorch's CNN training step goes, op by op: the peer's side of the README's per-op comparison.

The network of fashion_cnn.py (examples/fashion-mnist-cnn.json's), batch 128, cross-entropy, Adam lr 1e-3,
on one synthetic batch (inputs uniform in [0, 1), 10 random classes: the ops' times do not depend on the
values). Untimed steps first, then the step's rate over timed steps, then torch.profiler's table of ops by
their own CPU time over profiled steps (the profiler adds its own cost to those). glibc's malloc keeps
what PyTorch frees (heap.py), as in every benchmark script here: left as it starts, fresh pages made this
step run three times slower. Run it with Debian's /usr/bin/python3 (python3-torch), without
OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE (compare-pytorch.sh says why).

    /usr/bin/python3 nabla-bench/pytorch/profile_cnn.py --threads 1
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import heap  # noqa: E402  (before any tensor is made)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    p.add_argument("--warmup", type=int, default=30, help="untimed steps first")
    p.add_argument("--steps", type=int, default=30, help="timed steps, then as many profiled")
    p.add_argument("--rows", type=int, default=15, help="ops in the table")
    args = p.parse_args()
    malloc = heap.keep_freed_memory()

    import torch
    from torch import nn
    from torch.profiler import ProfilerActivity, profile
    import fashion_cnn

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    net = fashion_cnn.model()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    x, y = torch.rand(128, 1, 28, 28), torch.randint(0, 10, (128,))

    def step():
        opt.zero_grad()
        loss(net(x), y).backward()
        opt.step()

    for _ in range(args.warmup):
        step()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    ms = (time.perf_counter() - start) / args.steps * 1e3
    print(f"PyTorch {torch.__version__}, {args.threads} thread(s), mkldnn {torch.backends.mkldnn.is_available()}, "
          f"{malloc['malloc']}: {ms:.1f} ms a step, {128e3 / ms:,.0f} samples/s")
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(args.steps):
            step()
    print(f"ops by own CPU time over {args.steps} profiled steps (divide by {args.steps} for a step's):")
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=args.rows))


if __name__ == "__main__":
    main()

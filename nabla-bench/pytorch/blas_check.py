#!/usr/bin/python3
"""Is PyTorch fairly configured? Which BLAS it runs its dense layers on, and how fast its own GEMM is.

Prints one JSON object: the library libblas.so.3 resolves to (Debian's update-alternatives), OpenBLAS's
core name and build config when it is OpenBLAS (the kernels it picked for this CPU: 'Haswell' means
AVX2 only, 'SkylakeX'/'Cooperlake' AVX-512), the OpenBLAS override variables this process sees, and
PyTorch's GEMM GFLOP/s on the MLP's first layer (x[128, 784] · W[256, 784]ᵀ, what nn.Linear runs) at
1 and 2 threads. Exits 3 when the best of those is under the floor (--floor, GFLOP/s, default 60) or
OPENBLAS_CORETYPE is set: the reference BLAS gives about 3 here, OpenBLAS held to AVX2 70-85, OpenBLAS
on its AVX-512 kernels 120-135 (this machine, loaded).
compare-pytorch.sh refuses to report ratios then: a ratio against a crippled peer flatters us.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 nabla-bench/pytorch/blas_check.py
"""
import argparse
import ctypes
import json
import os
import sys
import time

import torch

LIBBLAS = "/usr/lib/x86_64-linux-gnu/libblas.so.3"


def blas():
    path = os.path.realpath(LIBBLAS)
    info = {"libblas_so_3": path, "openblas_corename": None, "openblas_config": None,
            "env": {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "GOTO", "MKL_"))}}
    try:
        lib = ctypes.CDLL(path)  # the object PyTorch already loaded (same soname), so its state is PyTorch's
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        info["openblas_corename"] = lib.openblas_get_corename().decode()
        info["openblas_config"] = lib.openblas_get_config().decode()
    except (OSError, AttributeError):
        pass  # not OpenBLAS: the reference BLAS has no such functions
    return info


def gemm_gflops(threads, seconds=0.5):
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(0)
    x, w = torch.rand(128, 784, generator=g), torch.rand(256, 784, generator=g)
    for _ in range(50):
        torch.nn.functional.linear(x, w)
    reps, begin = 0, time.perf_counter()
    while time.perf_counter() - begin < seconds:
        for _ in range(20):
            torch.nn.functional.linear(x, w)
        reps += 20
    return 2 * 128 * 784 * 256 * reps / (time.perf_counter() - begin) / 1e9


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--floor", type=float, default=60.0, help="refuse below this GEMM GFLOP/s (default: 60)")
    args = p.parse_args()
    import heap  # as the benchmarks run PyTorch (heap.py): the check must measure the GEMM, not page faults
    heap.keep_freed_memory()
    report = blas()
    report["torch"] = torch.__version__
    report["cpu_capability"] = torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else None
    # best of three tries: on a shared machine one try can land on a busy moment
    report["fc1_gemm_gflops"] = {str(t): round(max(gemm_gflops(t, 0.3) for _ in range(3)), 1) for t in (1, 2)}
    report["floor_gflops"] = args.floor
    best = max(report["fc1_gemm_gflops"].values())
    # OPENBLAS_CORETYPE pins the kernels whatever the CPU has (this machine's environment sets Haswell)
    report["fair"] = best >= args.floor and "OPENBLAS_CORETYPE" not in report["env"]
    print(json.dumps(report))
    sys.exit(0 if report["fair"] else 3)


if __name__ == "__main__":
    main()

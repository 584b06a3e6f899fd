#!/usr/bin/python3
"""glibc's malloc for the PyTorch peer: keep the memory PyTorch frees instead of handing it back every step.

Why. PyTorch 1.13 (Debian's python3-torch) allocates CPU tensors with glibc's malloc. Blocks over the mmap
threshold (128 KiB at first) are mmapped and unmapped one by one, and the heap's free top is given back
to the kernel (brk) whenever it exceeds the trim threshold; glibc raises both thresholds by itself only
when the process frees an mmapped block of up to 32 MiB, and then only to that block's size. Adam's step
allocates two temporaries as large as each parameter (exp_avg_sq.sqrt() and its division by the bias
correction; fc1's 784 x 256 weights: 784 KiB), so on the suite's MLP the memory went back and came again
every step: about 350 page faults per step, 160 in the sqrt and 200 in the division, and 5 extra brk
calls. A first touch of a page costs 15-25 us on this machine (a Firecracker VM; a few tenths of a us on
bare metal), so Adam.step took 5-10 ms where it takes 0.5-0.9 ms once the memory is kept, and the Adam
rows ran at a quarter of PyTorch's speed (heap_probe.py reproduces it; README, "The suite"). Not the
data, the threads or subnormals: whether a script was hit depended on its heap's history. fashion_mlp.py
frees a 31 MB float32 copy of the test images while loading them, which happens to lift the thresholds, so it
trained at about 88k samples/s while suite.py's synthetic rows, which free nothing of that size, ran at
about 20k. Forward and backward make temporaries over 128 KiB too, so every row of suite.py was slower as
the first row of its process (SGD with momentum 1.6x, float64 4.5x, the CNN 3.5x) and less so after rows
that had freed large enough blocks: a row's speed depended on the rows run before it.

The fix is what the loading accident did, on purpose and for every script: the mmap threshold at glibc's
ceiling (32 MiB on 64-bit; it refuses more) and a trim threshold of 1 GiB, set before any data is made.
Nabla's side has had the same fix since its first benchmark: ./nabla caps the JVM's young generation
(-XX:MaxNewSize=256m), so that its step's garbage reuses warm memory instead of fresh pages.
"""
import ctypes

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # <malloc.h>
MMAP_THRESHOLD = 32 << 20  # DEFAULT_MMAP_THRESHOLD_MAX on 64-bit: mallopt refuses a higher one
TRIM_THRESHOLD = 1 << 30


def keep_freed_memory():
    """Sets the two thresholds in this process; returns what was set, for the report."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own malloc, the one PyTorch's allocator calls
    except (OSError, AttributeError):
        return {"malloc": "not glibc: left as it is"}
    ok = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
    return {"malloc": "glibc, keeps freed memory" if ok else "glibc refused mallopt: left as it is",
            "mmap_threshold": MMAP_THRESHOLD, "trim_threshold": TRIM_THRESHOLD}

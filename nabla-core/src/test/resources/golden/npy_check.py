"""Golden files for Nabla's .npy/.npz reader, written by NumPy itself (run once, commit the output).

    python3 npy_check.py write nabla-core/src/test/resources/golden/npy
        writes the fixtures that NpyGoldenTest reads and checks value by value
    python3 npy_check.py check FILE...
        loads files written by Nabla's Npy.write / Npz.write with NumPy and prints dtype, shape, values

The Java tests never run Python: they read the committed files. The values below are the ones the test
expects; change both together.
"""
import sys

import numpy as np


def write(out):
    # float32, C order, rank 2: v[i, j] = (3 i + j) / 4 - 0.5
    np.save(f"{out}/f4_c.npy", (np.arange(6, dtype="<f4").reshape(2, 3) / 4 - 0.5).astype("<f4"))
    # int64, Fortran order, rank 3: v[i, j, k] = 12 i + 4 j + k - 5 (the reader must transpose back)
    np.save(f"{out}/i8_fortran.npy", np.asfortranarray(np.arange(24, dtype="<i8").reshape(2, 3, 4) - 5))
    # float64, big-endian
    np.save(f"{out}/f8_be.npy", np.array([1.5, -2.25, 1e300], dtype=">f8"))
    # np.savez (stored entries, zip64 records): float32 [2, 2], uint8 [3], bool [2]
    np.savez(f"{out}/mixed.npz",
             x=np.array([[1, 2], [3, 4]], dtype="<f4"),
             y=np.array([0, 128, 255], dtype="|u1"),
             b=np.array([True, False]))


def check(paths):
    for p in paths:
        data = np.load(p)
        items = data.items() if isinstance(data, np.lib.npyio.NpzFile) else [(p, data)]
        for name, a in items:
            print(f"{name}: dtype={a.dtype.str} shape={a.shape} fortran={np.isfortran(a)}")
            print(a)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "check":
        check(sys.argv[2:])
    else:
        sys.exit(__doc__)

#!/usr/bin/env python3
"""Writes the two data sets of the uncertainty examples, deterministically (stdlib only, fixed seeds).

heteroscedastic.csv  x ~ U(0, 1); y = sin(2 pi x) + sigma(x) * e, sigma(x) = 0.05 + 0.3 x, e ~ N(0, 1):
                     noise that grows with x (examples/heteroscedastic.json; HeteroscedasticExampleTest checks
                     the predicted sigma against this sigma(x)).
mdn-inverse.csv      x ~ U(0, 1); y = x + 0.3 sin(2 pi x) + e, e ~ N(0, 0.05^2), written as columns y, x: the
                     model predicts x from y, a multi-valued inverse (Bishop 1994; examples/mdn-inverse.json).

Run from this folder: python3 make_uncertainty_data.py. Values are rounded to 6 decimals, so the files are
the same on every machine that runs it with a Python 3 (random.Random's Mersenne Twister and gauss are fixed).
"""
import math
import random

N = 2000
N_HETEROSCEDASTIC = 4000  # twice as many: sigma is estimated from the spread, which needs more points than a mean


def heteroscedastic(rng):
    rows = []
    for _ in range(N_HETEROSCEDASTIC):
        x = rng.random()
        y = math.sin(2 * math.pi * x) + (0.05 + 0.3 * x) * rng.gauss(0, 1)
        rows.append((x, y))
    return rows


def inverse(rng):
    rows = []
    for _ in range(N):
        x = rng.random()
        y = x + 0.3 * math.sin(2 * math.pi * x) + rng.gauss(0, 0.05)
        rows.append((y, x))
    return rows


def write(name, header, rows):
    with open(name, "w", newline="\n") as f:
        f.write(header + "\n")
        for a, b in rows:
            f.write(f"{a:.6f},{b:.6f}\n")


write("heteroscedastic.csv", "x,y", heteroscedastic(random.Random(15)))
write("mdn-inverse.csv", "y,x", inverse(random.Random(1994)))

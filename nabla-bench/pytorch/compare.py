#!/usr/bin/env python3
"""Compares a `nabla bench --out` report with a fashion_mlp.py report (both JSON) against the targets.

Throughput: each framework's best thread setting, by the mean samples/s of the epochs after the first
(epoch 1 carries warm-up); the best single epoch is shown too. Latency: each framework's lowest p50
over its thread settings. Targets: Nabla >= 2x PyTorch's throughput, Nabla's p50 <= 0.5x PyTorch's.

    python3 nabla-bench/pytorch/compare.py nabla.json pytorch.json
"""
import json
import sys


def summary(report):
    runs = report["runs"]
    steady = max(runs, key=lambda r: r["mean_after_first_samples_per_s"])
    fastest = min(runs, key=lambda r: r["latency_us"]["p50"])
    return {"steady": steady["mean_after_first_samples_per_s"], "steady_threads": steady["threads"],
            "best_epoch": max(r["best_epoch_samples_per_s"] for r in runs), "p50": fastest["latency_us"]["p50"],
            "p50_threads": fastest["threads"], "accuracy": steady["test_accuracy"],
            "load": (report["load_average_before"], report["load_average_after"])}


def main(nabla_path, torch_path):
    with open(nabla_path) as f:
        nabla = json.load(f)
    with open(torch_path) as f:
        torch = json.load(f)
    if nabla.get("benchmark") != torch.get("benchmark"):
        sys.exit(f"compare.py: the reports are of different benchmarks: {nabla.get('benchmark')} and {torch.get('benchmark')}")
    n, t = summary(nabla), summary(torch)
    print(f"benchmark: {nabla['benchmark']}; PyTorch backends: {torch.get('backends')}")
    print(f"Nabla kernels: {nabla.get('kernels')}; GEMM: Nabla's own Java kernels ({nabla.get('gemm')})")
    print(f"{'':34}{'Nabla':>14}{torch['framework']:>22}")
    for label, key, fmt in [("samples/s (best threads, ep. 2+)", "steady", "{:,.0f}"),
                            ("  at threads", "steady_threads", "{}"),
                            ("samples/s (best single epoch)", "best_epoch", "{:,.0f}"),
                            ("latency p50 us (best threads)", "p50", "{:.1f}"),
                            ("  at threads", "p50_threads", "{}"),
                            ("test accuracy", "accuracy", "{:.4f}")]:
        print(f"{label:34}{fmt.format(n[key]):>14}{fmt.format(t[key]):>22}")
    print(f"{'load average (before -> after)':34}{'%.2f -> %.2f' % n['load']:>14}{'%.2f -> %.2f' % t['load']:>22}")
    throughput = n["steady"] / t["steady"]
    latency = n["p50"] / t["p50"]
    print(f"\nthroughput Nabla / PyTorch: {throughput:.2f}x  (target >= 2x: {'met' if throughput >= 2 else 'NOT met'})")
    print(f"latency p50 Nabla / PyTorch: {latency:.2f}x  (PyTorch / Nabla {1 / latency:.2f}x;"
          f" target <= 0.5x: {'met' if latency <= 0.5 else 'NOT met'})")
    print(f"Nabla bit-identical across thread counts: {'yes' if nabla['bit_identical_across_threads'] else 'no'}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: compare.py NABLA.json PYTORCH.json")
    main(sys.argv[1], sys.argv[2])

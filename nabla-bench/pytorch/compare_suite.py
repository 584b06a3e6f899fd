#!/usr/bin/env python3
"""The suite's table: `nabla bench --suite --out` reports against suite.py reports, one or more rounds each.

Per row and side: the best thread count's samples/s in each round (the thread count that wins most
rounds is shown), then the median over rounds and the spread (lowest-highest); the ratio is Nabla's
median over PyTorch's. Target: every row >= 2x. Nabla's weights must be bit-identical across thread
counts in every round.

The bound: Nabla's report gives each row's floating-point operations per sample (its dense and
convolution products, a multiply-add counting two) and the machine's float32 FMA peak measured in the same
run. The last column is what 2x PyTorch would need in GFLOP/s over the whole step, as a share of that
peak (half of it for the float64 row: its vectors hold half the lanes): no kernel gets near 100% on a whole step (its GEMMs alone reach 60-85% here), so a row whose 2x
needs most of the peak is bounded by the hardware, not by the code.

    python3 compare_suite.py --nabla n1.json n2.json --torch t1.json t2.json
"""
import argparse
import json
import statistics
from collections import Counter


def rows(paths):
    """row name -> list over rounds of (best samples/s, best threads, bit-identical or None)."""
    out, meta = {}, None
    for path in paths:
        with open(path) as f:
            report = json.load(f)
        meta = meta or report
        for r in report["rows"]:
            out.setdefault(r["row"], []).append((r["best_samples_per_s"], r["best_threads"],
                                                 r.get("bit_identical_across_threads"), r.get("flops_per_sample"),
                                                 r.get("dtype", "float32")))
    return out, meta


def cell(values):
    rates = [v[0] for v in values]
    threads = Counter(v[1] for v in values).most_common(1)[0][0]
    med = statistics.median(rates)
    spread = f"{min(rates):,.0f}-{max(rates):,.0f}" if len(rates) > 1 else "-"
    return med, f"{med:,.0f} @{threads}", spread  # PyTorch's setting may read 1+blas2: 1 op thread, 2 BLAS


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--nabla", nargs="+", required=True)
    p.add_argument("--torch", nargs="+", required=True)
    args = p.parse_args()
    nabla, n_meta = rows(args.nabla)
    torch, t_meta = rows(args.torch)
    print(f"Nabla: {n_meta['jvm']}; kernels: {n_meta['kernels']}; GEMM: Nabla's own Java kernels ({n_meta['gemm']})")
    blas = t_meta.get("blas", {})
    print(f"PyTorch: {t_meta['framework']}; BLAS {blas.get('libblas_so_3')} (OpenBLAS core {blas.get('openblas_corename')});"
          f" oneDNN for convolutions: {t_meta.get('mkldnn_enabled')}; OPENBLAS_* seen: {blas.get('env')};"
          f" malloc: {t_meta.get('malloc', {}).get('malloc', 'glibc as it starts (a report from before heap.py)')}")
    print(f"rounds: {len(args.nabla)} Nabla, {len(args.torch)} PyTorch; medians of each round's best thread count\n")
    peaks = [v for v in (n_meta.get("fma_peak_gflops") or {}).values() if v]
    peak = max(peaks) if peaks else None
    if peak:
        print(f"float32 FMA peak measured by Nabla's run: {n_meta['fma_peak_gflops']} GFLOP/s by thread count\n")
    head = (f"{'row':14}{'Nabla samples/s':>20}{'spread':>20}{'PyTorch samples/s':>20}{'spread':>20}{'ratio':>8}  2x?  bits"
            f"{'Nabla GF/s':>12}{'2x needs GF/s (of peak)':>26}")
    print(head)
    print("-" * len(head))
    ratios = []
    for name, values in nabla.items():
        n_med, n_cell, n_spread = cell(values)
        bits = "same" if all(v[2] for v in values) else "DIFFER"
        if name not in torch:
            print(f"{name:14}{n_cell:>20}{n_spread:>20}{'(no row)':>20}")
            continue
        t_med, t_cell, t_spread = cell(torch[name])
        ratio = n_med / t_med
        ratios.append(ratio)
        flops = values[0][3]
        bound = ""
        if flops:
            need = 2 * t_med * flops / 1e9
            # the peak is float32's; float64 vectors hold half the lanes
            row_peak = peak / 2 if peak and values[0][4] == "float64" else peak
            share = f" ({100 * need / row_peak:.0f}%)" if row_peak else ""
            bound = f"{n_med * flops / 1e9:>12.1f}{need:>19.1f}{share:>7}"
        print(f"{name:14}{n_cell:>20}{n_spread:>20}{t_cell:>20}{t_spread:>20}{ratio:>7.2f}x  {'yes' if ratio >= 2 else 'no ':3}  {bits:6}{bound}")
    if ratios:
        print(f"\nrows at >= 2x: {sum(r >= 2 for r in ratios)} of {len(ratios)}; geometric mean ratio "
              f"{statistics.geometric_mean(ratios):.2f}x")
    print(f"load average: Nabla {n_meta['load_average_before']:.2f} -> {n_meta['load_average_after']:.2f},"
          f" PyTorch {t_meta['load_average_before']:.2f} -> {t_meta['load_average_after']:.2f}")


if __name__ == "__main__":
    main()

package dev.nabla.kernel;

/**
 * Reductions over {@code float[]} viewed as {@code [outer, r, inner]}: the middle axis is reduced,
 * giving {@code [outer, inner]}. Any axis of a contiguous tensor can be put in that form.
 *
 * <p>The summation order depends only on the shape and the kernel mode, never on the thread count.
 * The vector loops live in {@link ReduceSimdF32} (see {@link ElementwiseF32} for why).
 */
public final class ReduceF32 {

    private ReduceF32() {}

    /** out[o*inner + i] = reduce_j x[(o*r + j)*inner + i]. */
    public static void reduce(ReduceOp op, float[] x, int outer, int r, int inner, float[] out) {
        if (r == 0) {
            throw new IllegalArgumentException("cannot reduce an empty axis with " + op);
        }
        if (inner == 1) {
            Parallel.forRange(outer, r, (from, to) -> {
                for (int o = from; o < to; o++) {
                    out[o] = reduceContiguous(op, x, o * r, r);
                }
            });
            return;
        }
        Parallel.forRange(outer, (long) r * inner, (from, to) -> {
            for (int o = from; o < to; o++) {
                int base = o * r * inner;
                System.arraycopy(x, base, out, o * inner, inner);
                for (int j = 1; j < r; j++) {
                    accumulate(op, out, o * inner, x, base + j * inner, inner);
                }
            }
        });
    }

    /** Whether x[off .. off+n) holds no NaN and no infinity. */
    public static boolean allFinite(float[] x, int off, int n) {
        int i = KernelMode.vector() ? ReduceSimdF32.finitePrefix(x, off, n) : 0;
        if (i < 0) {
            return false;
        }
        for (; i < n; i++) {
            if (!Float.isFinite(x[off + i])) {
                return false;
            }
        }
        return true;
    }

    /** Index along the middle axis of the first maximum (or minimum) of each [outer, inner] fibre. */
    public static void argReduce(boolean max, float[] x, int outer, int r, int inner, int[] out) {
        if (r == 0) {
            throw new IllegalArgumentException("cannot take the " + (max ? "argmax" : "argmin") + " of an empty axis");
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * r * inner + i;
                int best = 0;
                float bestValue = x[base];
                for (int j = 1; j < r && bestValue == bestValue; j++) {
                    float v = x[base + j * inner];
                    // NaN wins, as in PyTorch and NumPy: a NaN anywhere must not be hidden by argmax.
                    if (v != v || (max ? v > bestValue : v < bestValue)) {
                        best = j;
                        bestValue = v;
                    }
                }
                out[o * inner + i] = best;
            }
        }
    }

    /** Reduction of x[off .. off+n). */
    public static float reduceContiguous(ReduceOp op, float[] x, int off, int n) {
        if (n == 0 && op != ReduceOp.SUM) {
            throw new IllegalArgumentException("cannot reduce an empty range with " + op);
        }
        float first = op == ReduceOp.SUM ? 0f : x[off];
        return KernelMode.vector() ? ReduceSimdF32.reduceContiguous(op, x, off, n, first)
                : rest(op, x, off, 0, n, first);
    }

    /** acc op x[off + i] op ... op x[off + n - 1], in that order: the scalar loop, and the SIMD path's tail. */
    static float rest(ReduceOp op, float[] x, int off, int i, int n, float acc) {
        for (; i < n; i++) {
            float v = x[off + i];
            acc = switch (op) {
                case SUM -> acc + v;
                case MAX -> Math.max(acc, v);
                case MIN -> Math.min(acc, v);
            };
        }
        return acc;
    }

    /**
     * acc[i] = acc[i] op x[i]. One loop per op: a switch inside a vector loop would merge vector values
     * through it, and C2 then boxes them (an allocation per vector).
     */
    private static void accumulate(ReduceOp op, float[] acc, int ao, float[] x, int xo, int n) {
        switch (op) {
            case SUM -> addInto(acc, ao, x, xo, n);
            case MAX -> maxInto(acc, ao, x, xo, n);
            case MIN -> minInto(acc, ao, x, xo, n);
        }
    }

    private static void addInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = KernelMode.vector() ? ReduceSimdF32.addInto(acc, ao, x, xo, n) : 0;
        for (; i < n; i++) {
            acc[ao + i] += x[xo + i];
        }
    }

    private static void maxInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = KernelMode.vector() ? ReduceSimdF32.maxInto(acc, ao, x, xo, n) : 0;
        for (; i < n; i++) {
            acc[ao + i] = Math.max(acc[ao + i], x[xo + i]);
        }
    }

    private static void minInto(float[] acc, int ao, float[] x, int xo, int n) {
        int i = KernelMode.vector() ? ReduceSimdF32.minInto(acc, ao, x, xo, n) : 0;
        for (; i < n; i++) {
            acc[ao + i] = Math.min(acc[ao + i], x[xo + i]);
        }
    }
}

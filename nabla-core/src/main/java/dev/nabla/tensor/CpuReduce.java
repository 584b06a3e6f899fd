package dev.nabla.tensor;

import dev.nabla.kernel.Parallel;
import dev.nabla.kernel.ReduceF32;
import dev.nabla.kernel.ReduceF64;
import dev.nabla.kernel.ReduceOp;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The CPU's reductions ({@link CpuBackend}'s): over one axis, arg-reductions, the all-finite check, and
 * cross-entropy's per-row log-sum-exp and its gradient.
 */
final class CpuReduce {
    /** Elements per task of the all-finite check. */
    private static final int FINITE_CHUNK = 1 << 14;

    private CpuReduce() {}

    static void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        Shape s = x.shape();
        int outer = s.span(0, axis);
        int r = s.dim(axis);
        int inner = s.span(axis + 1, s.rank());
        if (x.data() instanceof float[] xf) {
            ReduceF32.reduce(op, xf, outer, r, inner, out.f32());
        } else {
            ReduceF64.reduce(op, x.f64(), outer, r, inner, out.f64());
        }
    }

    static void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        Shape s = x.shape();
        int outer = s.span(0, axis);
        int r = s.dim(axis);
        int inner = s.span(axis + 1, s.rank());
        if (x.data() instanceof float[] xf) {
            ReduceF32.argReduce(max, xf, outer, r, inner, out.i32());
        } else {
            ReduceF64.argReduce(max, x.f64(), outer, r, inner, out.i32());
        }
    }

    /** One pass over t, split across the pool (the trainer reads every gradient so each step). */
    static boolean allFinite(Tensor t) {
        int n = t.size(), chunks = (n + FINITE_CHUNK - 1) / FINITE_CHUNK;
        AtomicBoolean ok = new AtomicBoolean(true);
        Parallel.forRange(chunks, FINITE_CHUNK, (c0, c1) -> {
            int from = c0 * FINITE_CHUNK, len = Math.min(n, c1 * FINITE_CHUNK) - from;
            boolean f = t.data() instanceof float[] a ? ReduceF32.allFinite(a, from, len)
                    : ReduceF64.allFinite(t.f64(), from, len);
            if (!f) {
                ok.set(false);
            }
        });
        return ok.get();
    }

    /** One pass per row (its max, the sum of exp(z - max), a log) in float64, rows split across threads. */
    static void crossEntropyRows(Tensor logits, int[] y, double[] lse, double[] rowLoss) {
        int n = logits.dim(0), c = logits.dim(1);
        Object z = logits.data();
        Parallel.forRange(n, 8L * c, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (z instanceof float[] f) {
                    lse[i] = logSumExp(f, i * c, c);
                    rowLoss[i] = lse[i] - f[i * c + y[i]];
                } else {
                    double[] zd = (double[]) z;
                    lse[i] = logSumExp(zd, i * c, c);
                    rowLoss[i] = lse[i] - zd[i * c + y[i]];
                }
            }
        });
    }

    static void crossEntropyGrad(Tensor logits, int[] labels, double[] lse, double gs, Tensor dz) {
        int n = logits.dim(0), c = logits.dim(1);
        Object z = logits.data(), d = dz.data();
        Parallel.forRange(n, 8L * c, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (z instanceof float[] f) {
                    float[] out = (float[]) d;
                    for (int j = 0, k = i * c; j < c; j++, k++) {
                        out[k] = (float) ((Math.exp(f[k] - lse[i]) - (j == labels[i] ? 1 : 0)) * gs);
                    }
                } else {
                    double[] zd = (double[]) z, out = (double[]) d;
                    for (int j = 0, k = i * c; j < c; j++, k++) {
                        out[k] = (Math.exp(zd[k] - lse[i]) - (j == labels[i] ? 1 : 0)) * gs;
                    }
                }
            }
        });
    }

    /** log(sum(exp(z[off .. off+c)))) with the row's max taken out first; NaN anywhere gives NaN. */
    private static double logSumExp(float[] z, int off, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = off; j < off + c; j++) {
            max = Math.max(max, z[j]);
        }
        if (Double.isInfinite(max)) {
            return max;  // all -inf, or a +inf: the sum below would be inf - inf = NaN
        }
        double sum = 0;
        for (int j = off; j < off + c; j++) {
            sum += Math.exp(z[j] - max);
        }
        return max + Math.log(sum);
    }

    private static double logSumExp(double[] z, int off, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = off; j < off + c; j++) {
            max = Math.max(max, z[j]);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double sum = 0;
        for (int j = off; j < off + c; j++) {
            sum += Math.exp(z[j] - max);
        }
        return max + Math.log(sum);
    }
}

package dev.nabla.kernel;

/**
 * Batch normalisation over x {@code [N, C, inner]} (inner: the spatial positions, 1 for BatchNorm1d on
 * [N, C]), one channel at a time: the forward pass is one kernel (the channel's mean, its centred
 * variance, then {@code y = x·a + b} with {@code a = weight/√(var + ε)}, {@code b = bias − mean·a}), the
 * backward pass another (Σg and Σg·(x − mean) in one sweep, then dx in a second). Nothing is allocated
 * but the per-plane lane sums. With {@code relu} a ReLU follows in the same passes: the forward writes
 * {@code max(x·a + b, 0)}, and the backward masks g by {@code x·a + b > 0}, recomputed from x with the
 * forward's own a and b (so the same bits), instead of reading a saved output: the pre-activation is never
 * stored and the masked gradient never written.
 *
 * <p>Threads split the channels, and a channel's sums run in a fixed order (each plane's vector sum,
 * the planes added in double in batch order), so the bits do not depend on the thread count. The
 * vector loops live in {@link BatchNormSimdF32} (see {@link ElementwiseF32} for why).
 */
public final class BatchNormF32 {
    private BatchNormF32() {}

    /**
     * y = (x − mean) / √(var + ε) · w + b per channel. With {@code batchStats} the batch's mean and biased
     * variance are written into {@code mean} and {@code var}; else theirs (the running statistics) are used.
     * {@code w} and {@code b} may be null (1 and 0). With {@code relu}, y = max(that, 0).
     */
    public static void forward(float[] x, int batch, int channels, int inner, float[] w, float[] b, float[] mean,
                               float[] var, boolean batchStats, double eps, boolean relu, float[] y) {
        Parallel.forRange(channels, 4L * batch * inner, (from, to) -> {
            for (int c = from; c < to; c++) {
                if (batchStats) {
                    statistics(x, batch, channels, inner, c, mean, var);
                }
                double invStd = 1.0 / Math.sqrt(var[c] + eps);
                double a = (w == null ? 1.0 : w[c]) * invStd;
                float scale = (float) a, shift = shift(b, mean, c, a);
                for (int n = 0; n < batch; n++) {
                    int off = (n * channels + c) * inner;
                    affine(x, off, inner, scale, shift, relu, y);
                }
            }
        });
    }

    /**
     * The gradients of {@link #forward} given g shaped like y: dx (or null), dw and db (or null). With
     * {@code batchStats} the statistics were the batch's, so dx includes their gradient:
     * {@code dx = w·invStd·(g − Σg/M − (x − mean)·invStd²·Σg(x − mean)/M)}, M = batch·inner. With
     * {@code relu} the forward's ReLU is undone first, g masked where its input was not above 0; {@code b}
     * (the forward's bias, or null) is read only then.
     */
    public static void backward(float[] g, float[] x, int batch, int channels, int inner, float[] w, float[] b,
                                float[] mean, float[] var, boolean batchStats, double eps, boolean relu, float[] dx,
                                float[] dw, float[] db) {
        double count = (double) batch * inner;
        Parallel.forRange(channels, 4L * batch * inner, (from, to) -> {
            double[] sums = new double[2];
            for (int c = from; c < to; c++) {
                float m = mean[c];
                double invStd = 1.0 / Math.sqrt(var[c] + eps);
                double k = (w == null ? 1.0 : w[c]) * invStd, k2 = 0, k3 = 0;
                // The forward's scale and shift (k is its a): with relu they recompute its mask
                float scale = (float) k, shift = relu ? shift(b, mean, c, k) : 0f;
                sums[0] = 0;
                sums[1] = 0;
                for (int n = 0; n < batch; n++) {
                    int off = (n * channels + c) * inner;
                    if (relu) {
                        maskedGradSums(g, x, off, inner, m, scale, shift, sums);
                    } else {
                        planeGradSums(g, x, off, inner, m, sums);
                    }
                }
                if (dw != null) {
                    dw[c] = (float) (sums[1] * invStd);
                }
                if (db != null) {
                    db[c] = (float) sums[0];
                }
                if (dx == null) {
                    continue;
                }
                if (batchStats) {
                    k2 = -k * invStd * invStd * sums[1] / count;
                    k3 = -k * sums[0] / count - m * k2;
                }
                float fk = (float) k, fk2 = (float) k2, fk3 = (float) k3;
                for (int n = 0; n < batch; n++) {
                    int off = (n * channels + c) * inner;
                    if (relu) {
                        maskedInputGrad(g, x, off, inner, scale, shift, fk, fk2, fk3, dx);
                    } else {
                        inputGrad(g, x, off, inner, fk, fk2, fk3, dx);
                    }
                }
            }
        });
    }

    /** Channel c's shift {@code b − mean·a} (b null: 0), a its scale in double. */
    private static float shift(float[] b, float[] mean, int c, double a) {
        return (float) ((b == null ? 0.0 : b[c]) - mean[c] * a);
    }

    /** The channel's mean and biased variance (two sweeps: the variance of the centred values). */
    private static void statistics(float[] x, int batch, int channels, int inner, int c, float[] mean, float[] var) {
        double sum = 0;
        for (int n = 0; n < batch; n++) {
            sum += ReduceF32.reduceContiguous(ReduceOp.SUM, x, (n * channels + c) * inner, inner);
        }
        double count = (double) batch * inner;
        float m = (float) (sum / count);
        double squares = 0;
        for (int n = 0; n < batch; n++) {
            squares += squaredDeviations(x, (n * channels + c) * inner, inner, m);
        }
        mean[c] = m;
        var[c] = (float) (squares / count);
    }

    /** Σ (x[off + i] − m)² over one plane. */
    static double squaredDeviations(float[] x, int off, int n, float m) {
        double sum = 0;
        int i = 0;
        if (KernelMode.vector()) {
            i = BatchNormSimdF32.vectorPart(n);
            sum = BatchNormSimdF32.squaredDeviations(x, off, i, m);
        }
        float rest = 0f;
        for (; i < n; i++) {
            float d = x[off + i] - m;
            rest = Math.fma(d, d, rest);
        }
        return sum + rest;
    }

    /** y[off ..] = fma(x, a, b) over one plane; with relu, max(that, 0). */
    static void affine(float[] x, int off, int n, float a, float b, boolean relu, float[] y) {
        int i = KernelMode.vector() ? BatchNormSimdF32.affine(x, off, n, a, b, relu, y) : 0;
        for (; i < n; i++) {
            float v = Math.fma(x[off + i], a, b);
            y[off + i] = relu ? Math.max(v, 0f) : v;
        }
    }

    /** sums[0] += Σ g, sums[1] += Σ g·(x − m) over one plane. */
    static void planeGradSums(float[] g, float[] x, int off, int n, float m, double[] sums) {
        int i = 0;
        if (KernelMode.vector()) {
            i = BatchNormSimdF32.vectorPart(n);
            BatchNormSimdF32.gradSums(g, x, off, i, m, sums);
        }
        float sg = 0f, sgx = 0f;
        for (; i < n; i++) {
            sg += g[off + i];
            sgx = Math.fma(g[off + i], x[off + i] - m, sgx);
        }
        sums[0] += sg;
        sums[1] += sgx;
    }

    /**
     * {@link #planeGradSums} of g·[fma(x, a, b) &gt; 0] (ReLU's backward as {@link ElementwiseF32#reluBackward}
     * computes it: a product with 0 or 1, so a masked NaN stays NaN and the bits match the two ops').
     */
    static void maskedGradSums(float[] g, float[] x, int off, int n, float m, float a, float b, double[] sums) {
        int i = 0;
        if (KernelMode.vector()) {
            i = BatchNormSimdF32.vectorPart(n);
            BatchNormSimdF32.maskedGradSums(g, x, off, i, m, a, b, sums);
        }
        float sg = 0f, sgx = 0f;
        for (; i < n; i++) {
            float xi = x[off + i], gi = g[off + i] * (Math.fma(xi, a, b) > 0f ? 1f : 0f);
            sg += gi;
            sgx = Math.fma(gi, xi - m, sgx);
        }
        sums[0] += sg;
        sums[1] += sgx;
    }

    /** {@link #inputGrad} of g·[fma(x, a, b) &gt; 0]. */
    static void maskedInputGrad(float[] g, float[] x, int off, int n, float a, float b, float k, float k2, float k3,
                                float[] dx) {
        int i = KernelMode.vector() ? BatchNormSimdF32.maskedInputGrad(g, x, off, n, a, b, k, k2, k3, dx) : 0;
        for (; i < n; i++) {
            float xi = x[off + i], gi = g[off + i] * (Math.fma(xi, a, b) > 0f ? 1f : 0f);
            dx[off + i] = Math.fma(gi, k, Math.fma(xi, k2, k3));
        }
    }

    /** dx[off ..] = fma(g, k, fma(x, k2, k3)) over one plane. */
    static void inputGrad(float[] g, float[] x, int off, int n, float k, float k2, float k3, float[] dx) {
        int i = KernelMode.vector() ? BatchNormSimdF32.inputGrad(g, x, off, n, k, k2, k3, dx) : 0;
        for (; i < n; i++) {
            dx[off + i] = Math.fma(g[off + i], k, Math.fma(x[off + i], k2, k3));
        }
    }
}

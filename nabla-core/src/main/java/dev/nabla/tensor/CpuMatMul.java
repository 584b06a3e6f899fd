package dev.nabla.tensor;

import dev.nabla.kernel.GemmF32;
import dev.nabla.kernel.GemmF64;
import dev.nabla.kernel.KernelMode;
import dev.nabla.kernel.NativeBlas;
import dev.nabla.kernel.Parallel;

/**
 * The CPU's products ({@link CpuBackend}'s) through the GEMM kernels. Transposed operands are read in
 * place by the kernel, never copied, which is what backprop's Aᵀ·G and G·Bᵀ need.
 */
final class CpuMatMul {
    /** Products with at most this many rows may use a packed copy of the weight ({@link PackedWeights}). */
    private static final int PACKED_MAX_ROWS = 16;
    /** A float vector's lanes on AVX-512: the batch sizes {@link #transposedPays} takes are one or two of it. */
    private static final int TRANSPOSED_ROWS = 16;
    /** Rows of y written per sweep of the transpose: a block of the transposed product's lines stays in L1. */
    private static final int TRANSPOSE_BLOCK = 16;

    private CpuMatMul() {}

    static void matmul(Tensor a, boolean transA, Tensor b, boolean transB, int[] aMap, int[] bMap, Tensor out) {
        Shape as = a.shape(), bs = b.shape();
        int ra = as.dim(-2), ca = as.dim(-1), rb = bs.dim(-2), cb = bs.dim(-1);
        int m = transA ? ca : ra;
        int k = transA ? ra : ca;
        int n = transB ? rb : cb;
        int batches = aMap.length;
        int aMat = ra * ca, bMat = rb * cb, cMat = m * n;
        Parallel.RangeBody body = (from, to) -> {
            for (int t = from; t < to; t++) {
                gemm(transA, transB, m, n, k, a.data(), aMap[t] * aMat, ca, b.data(), bMap[t] * bMat, cb,
                        out.data(), t * cMat);
            }
        };
        if (batches > 1 && (long) m * n * k < (1 << 16)) {
            // Many small products: one per task is better than splitting each one's rows.
            Parallel.forRange(batches, (long) m * n * Math.max(k, 1), body);
        } else {
            body.run(0, batches);
        }
    }

    static void matmul2d(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        int m = a.shape().dim(transA ? 1 : 0), k = a.shape().dim(transA ? 0 : 1);
        int n = b.shape().dim(transB ? 0 : 1);
        gemm(transA, transB, m, n, k, a.data(), 0, a.shape().dim(1), b.data(), 0, b.shape().dim(1), out.data(), 0);
    }

    /**
     * With {@code fixedWeights} inside a {@link PackedWeights} scope, a product of a few rows reads a
     * packed copy of w kept between calls; the bits are the same.
     */
    static void linear(Tensor x, Tensor w, Tensor b, boolean fixedWeights, Tensor out) {
        int m = x.shape().dim(0), k = x.shape().dim(1), n = w.shape().dim(0);
        boolean packed = fixedWeights && m <= PACKED_MAX_ROWS && PackedWeights.active() && KernelMode.vector()
                && !NativeBlas.enabled();
        if (!packed && !NativeBlas.enabled() && transposedPays(m, n, k)) {
            linearTransposed(x, w, b, out, m, n, k);
            return;
        }
        if (x.data() instanceof float[] xf) {
            if (packed) {
                GemmF32.gemmPacked(false, m, xf, 0, k, PackedWeights.f32(w), b.f32(), 0, out.f32(), 0, n);
            } else {
                GemmF32.gemmBias(false, true, m, n, k, xf, 0, k, w.f32(), 0, k, b.f32(), 0, out.f32(), 0, n);
            }
        } else if (packed) {
            GemmF64.gemmPacked(false, m, x.f64(), 0, k, PackedWeights.f64(w), b.f64(), 0, out.f64(), 0, n);
        } else {
            GemmF64.gemmBias(false, true, m, n, k, x.f64(), 0, k, w.f64(), 0, k, b.f64(), 0, out.f64(), 0, n);
        }
    }

    /**
     * Whether {@code y = x·wᵀ + b} is cheaper as {@code yᵀ = w·xᵀ + b}: the GEMM packs its B operand on
     * every call, and as written that is the whole weight [n×k], re-packed every training step, where the
     * transposed product packs x [m×k] instead and adds two passes over y [m×n] (the bias rows, the
     * transpose back). At batch 32 the pack of the MLP's 256 × 784 weight was an eighth of the step. Each
     * element of y is the same FMA chain either way (from the bias, over k in order; fma(a, b, c) =
     * fma(b, a, c)), so the bits do not change (CpuMatMulTest), and the choice is only about speed.
     * Measured (direct against transposed, medians of alternating blocks in one JVM, 2026-12-06): on two
     * threads 32 × 256 × 784 0.68–0.94 of the time, 16 × 256 × 784 0.64–0.90, 32 × 1024 × 1024 0.73–0.81;
     * but 48 and 64 rows 1.20–1.26 (the transposed product's row split has both cores read all of
     * the packed x), 20 and 24 rows 1.37–1.39 (a partial vector of columns), and small weights such as
     * 32 × 128 × 256 1.09–1.40 (too little pack to save). Hence one or two vectors of rows and a weight of
     * 2^17 elements or more, at least four times as wide as the batch.
     */
    static boolean transposedPays(int m, int n, int k) {
        return (m == TRANSPOSED_ROWS || m == 2 * TRANSPOSED_ROWS) && n >= 4 * m && (long) n * k >= 1 << 17;
    }

    private static void linearTransposed(Tensor x, Tensor w, Tensor b, Tensor out, int m, int n, int k) {
        Tensor yt = Tensor.uninitialized(x.dtype(), Shape.of(n, m));
        if (x.data() instanceof float[] xf) {
            float[] c = yt.f32(), bias = b.f32(), y = out.f32();
            for (int j = 0; j < n; j++) {
                java.util.Arrays.fill(c, j * m, (j + 1) * m, bias[j]); // beta = 1 below: each sum starts here
            }
            GemmF32.gemm(false, true, n, m, k, w.f32(), 0, k, xf, 0, k, 1f, c, 0, m);
            for (int i0 = 0; i0 < m; i0 += TRANSPOSE_BLOCK) {
                for (int j = 0; j < n; j++) {
                    for (int i = i0, end = Math.min(m, i0 + TRANSPOSE_BLOCK); i < end; i++) {
                        y[i * n + j] = c[j * m + i];
                    }
                }
            }
        } else {
            double[] c = yt.f64(), bias = b.f64(), y = out.f64();
            for (int j = 0; j < n; j++) {
                java.util.Arrays.fill(c, j * m, (j + 1) * m, bias[j]);
            }
            GemmF64.gemm(false, true, n, m, k, w.f64(), 0, k, x.f64(), 0, k, 1d, c, 0, m);
            for (int i0 = 0; i0 < m; i0 += TRANSPOSE_BLOCK) {
                for (int j = 0; j < n; j++) {
                    for (int i = i0, end = Math.min(m, i0 + TRANSPOSE_BLOCK); i < end; i++) {
                        y[i * n + j] = c[j * m + i];
                    }
                }
            }
        }
    }

    private static void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                             Object b, int bOff, int ldb, Object c, int cOff) {
        if (a instanceof float[] af) {
            GemmF32.gemm(ta, tb, m, n, k, af, aOff, lda, (float[]) b, bOff, ldb, 0f, (float[]) c, cOff, n);
        } else {
            GemmF64.gemm(ta, tb, m, n, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, 0d, (double[]) c, cOff, n);
        }
    }
}

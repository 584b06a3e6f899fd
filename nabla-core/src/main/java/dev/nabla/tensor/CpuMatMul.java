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
    /** The fewest rows for which {@link #transposedPays} may choose the transposed product. */
    private static final int TRANSPOSED_MIN_ROWS = 16;
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
     * transpose back). With a batch much smaller than the layer's width, as the MLP's 32 rows against its
     * first layer's 256 × 784 weight, the pack of the weight was an eighth of the step. Each element of y
     * is the same FMA chain either way (from the bias, over k in order; fma(a, b, c) = fma(b, a, c)), so
     * the bits do not change (CpuMatMulTest). From a vector of rows up: fewer rows leave the transposed
     * product's columns (the batch) a partial vector.
     */
    static boolean transposedPays(int m, int n, int k) {
        return m >= TRANSPOSED_MIN_ROWS && (long) (n - m) * k > 4L * m * n;
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

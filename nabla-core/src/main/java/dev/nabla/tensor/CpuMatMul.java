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

    private static void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                             Object b, int bOff, int ldb, Object c, int cOff) {
        if (a instanceof float[] af) {
            GemmF32.gemm(ta, tb, m, n, k, af, aOff, lda, (float[]) b, bOff, ldb, 0f, (float[]) c, cOff, n);
        } else {
            GemmF64.gemm(ta, tb, m, n, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, 0d, (double[]) c, cOff, n);
        }
    }
}

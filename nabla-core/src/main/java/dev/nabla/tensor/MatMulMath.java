package dev.nabla.tensor;

import dev.nabla.kernel.GemmF32;
import dev.nabla.kernel.GemmF64;
import dev.nabla.kernel.KernelMode;
import dev.nabla.kernel.NativeBlas;
import dev.nabla.kernel.Parallel;

/**
 * Forward math of (batched) matrix products on tensors of rank 2 or more. The last two axes are the
 * matrices; leading axes are batch axes and broadcast as in NumPy. Transposed operands are read in
 * place by the GEMM kernel, never copied, which is what backprop's Aᵀ·G and G·Bᵀ need.
 */
public final class MatMulMath {
    private MatMulMath() {}

    /**
     * {@code op(a) · op(b)} where {@code op} transposes the last two axes when its flag is set.
     * Both tensors must have rank &ge; 2 and a common dtype.
     */
    public static Tensor matmul(Tensor left, boolean transA, Tensor right, boolean transB) {
        DType dtype = DType.promote("matmul", left.dtype(), right.dtype());
        Tensor a = ElementwiseMath.cast(left, dtype);
        Tensor b = ElementwiseMath.cast(right, dtype);
        Shape as = a.shape(), bs = b.shape();
        if (as.rank() < 2 || bs.rank() < 2) {
            throw new IllegalArgumentException("matmul: needs tensors of rank >= 2 here, got " + as + " and " + bs);
        }
        int ra = as.dim(-2), ca = as.dim(-1), rb = bs.dim(-2), cb = bs.dim(-1);
        int m = transA ? ca : ra;
        int k = transA ? ra : ca;
        int k2 = transB ? cb : rb;
        int n = transB ? rb : cb;
        if (k != k2) {
            throw new IllegalArgumentException("matmul: cannot multiply " + describe(as, transA) + " and "
                    + describe(bs, transB) + " (inner sizes " + k + " and " + k2 + " differ)");
        }
        Shape aBatch = Shape.of(java.util.Arrays.copyOf(as.dims(), as.rank() - 2));
        Shape bBatch = Shape.of(java.util.Arrays.copyOf(bs.dims(), bs.rank() - 2));
        Shape batch;
        try {
            batch = Shape.broadcast("matmul", aBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: cannot multiply " + describe(as, transA) + " and "
                    + describe(bs, transB) + " (batch axes " + aBatch + " and " + bBatch + " do not broadcast)", e);
        }
        int[] outDims = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        Tensor out = Tensor.uninitialized(dtype, Shape.of(outDims)); // every product writes all of C
        int batches = batch.size();
        int[] aMap = LayoutMath.expandMap(aBatch, batch);
        int[] bMap = LayoutMath.expandMap(bBatch, batch);
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
        return out;
    }

    /**
     * {@code op(a)·op(b)} of two matrices into {@code out} when it is a [m, n] tensor of their dtype
     * (overwritten, whatever it held), else into a new tensor; returns the one written.
     */
    public static Tensor matmulInto(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        int m = a.shape().dim(transA ? 1 : 0), k = a.shape().dim(transA ? 0 : 1);
        int n = b.shape().dim(transB ? 0 : 1);
        if (out == null || a.dtype() != b.dtype() || out.dtype() != a.dtype() || !out.shape().equals(Shape.of(m, n))
                || a.shape().rank() != 2 || b.shape().rank() != 2 || b.shape().dim(transB ? 1 : 0) != k) {
            return matmul(a, transA, b, transB);
        }
        gemm(transA, transB, m, n, k, a.data(), 0, a.shape().dim(1), b.data(), 0, b.shape().dim(1), out.data(), 0);
        out.markModified();
        return out;
    }

    /** Products with at most this many rows may use a packed copy of the weight ({@link PackedWeights}). */
    private static final int PACKED_MAX_ROWS = 16;

    /**
     * {@code x·wᵀ + b}, a dense layer's product: x [m, k], w [n, k] read transposed in place, b [n]
     * added as each sum's starting value (no pass of its own). All three must share one floating dtype.
     * With {@code fixedWeights} (nothing records) inside a {@link PackedWeights} scope, a product of a
     * few rows reads a packed copy of w kept between calls; the bits are the same.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b, boolean fixedWeights) {
        int m = x.shape().dim(0), k = x.shape().dim(1), n = w.shape().dim(0);
        Tensor out = Tensor.uninitialized(x.dtype(), Shape.of(m, n)); // the product writes all of it
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
        return out;
    }

    private static void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda,
                             Object b, int bOff, int ldb, Object c, int cOff) {
        if (a instanceof float[] af) {
            GemmF32.gemm(ta, tb, m, n, k, af, aOff, lda, (float[]) b, bOff, ldb, 0f, (float[]) c, cOff, n);
        } else {
            GemmF64.gemm(ta, tb, m, n, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, 0d, (double[]) c, cOff, n);
        }
    }

    private static String describe(Shape s, boolean transposed) {
        return transposed ? s + "ᵀ" : s.toString();
    }
}

package dev.nabla.tensor;

/**
 * Forward math of (batched) matrix products on tensors of rank 2 or more. The last two axes are the
 * matrices; leading axes are batch axes and broadcast as in NumPy. Shapes, batch maps and errors are
 * worked out here; the device's {@link Backend} multiplies, reading transposed operands in place.
 */
public final class MatMulMath {
    private MatMulMath() {}

    /**
     * {@code op(a) · op(b)} where {@code op} transposes the last two axes when its flag is set.
     * Both tensors must have rank &ge; 2 and a common dtype.
     */
    public static Tensor matmul(Tensor left, boolean transA, Tensor right, boolean transB) {
        Backend be = Backend.of("matmul", left, right);
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
        Tensor out = Tensor.uninitialized(be, dtype, Shape.of(outDims)); // every product writes all of C
        be.matmul(a, transA, b, transB, LayoutMath.expandMap(aBatch, batch), LayoutMath.expandMap(bBatch, batch), out);
        return out;
    }

    /**
     * {@code op(a)·op(b)} of two matrices into {@code out} when it is a [m, n] tensor of their dtype
     * (overwritten, whatever it held), else into a new tensor; returns the one written.
     */
    public static Tensor matmulInto(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        int m = a.shape().dim(transA ? 1 : 0), k = a.shape().dim(transA ? 0 : 1);
        int n = b.shape().dim(transB ? 0 : 1);
        Backend be = Backend.of("matmul", a, b);
        if (out == null || a.dtype() != b.dtype() || out.dtype() != a.dtype() || !out.shape().equals(Shape.of(m, n))
                || a.shape().rank() != 2 || b.shape().rank() != 2 || b.shape().dim(transB ? 1 : 0) != k
                || Backend.of(out) != be) {
            return matmul(a, transA, b, transB);
        }
        be.matmul2d(a, transA, b, transB, out);
        out.markModified();
        return out;
    }

    /**
     * {@code x·wᵀ + b}, a dense layer's product: x [m, k], w [n, k] read transposed in place, b [n]
     * added as each sum's starting value (no pass of its own). All three must share one floating dtype.
     * With {@code fixedWeights} (nothing records) inside a {@link PackedWeights} scope, the CPU reads a
     * packed copy of w kept between calls for a product of a few rows; the bits are the same.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b, boolean fixedWeights) {
        Backend be = Backend.of("linear", x, w, b);
        int m = x.shape().dim(0), n = w.shape().dim(0);
        Tensor out = Tensor.uninitialized(be, x.dtype(), Shape.of(m, n)); // the product writes all of it
        be.linear(x, w, b, fixedWeights, out);
        return out;
    }

    private static String describe(Shape s, boolean transposed) {
        return transposed ? s + "ᵀ" : s.toString();
    }
}

package dev.nabla.tensor;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.UnaryOp;

/**
 * Forward math of the elementwise ops, with NumPy broadcasting; records nothing for autograd. Checks,
 * promotes and allocates here; the device's {@link Backend} computes.
 */
public final class ElementwiseMath {
    private ElementwiseMath() {}

    /** {@code a op b} with broadcasting and dtype promotion (FLOAT32 with FLOAT64 gives FLOAT64). */
    public static Tensor binary(String name, BinaryOp op, Tensor a, Tensor b) {
        Backend be = Backend.of(name, a, b);
        DType dtype = DType.promote(name, a.dtype(), b.dtype());
        a = cast(a, dtype);
        b = cast(b, dtype);
        Shape out = Shape.broadcast(name, a.shape(), b.shape());
        Tensor result = Tensor.uninitialized(be, dtype, out); // every backend writes every element
        be.binary(op, a, b, result);
        return result;
    }

    /**
     * A comparison, 1 where it holds and 0 elsewhere. Unlike arithmetic it accepts int32 operands
     * (comparing labels with an argmax is how accuracy is counted): they are compared exactly in float64
     * and the result is float32.
     */
    public static Tensor compare(String name, BinaryOp op, Tensor a, Tensor b) {
        if (a.dtype().isFloating() && b.dtype().isFloating()) {
            return binary(name, op, a, b);
        }
        return cast(binary(name, op, cast(a, DType.FLOAT64), cast(b, DType.FLOAT64)), DType.FLOAT32);
    }

    /** Strides of {@code s} read as the broadcast shape {@code out}: 0 along broadcast axes. */
    static int[] broadcastStrides(Shape s, Shape out) {
        int rank = out.rank();
        int off = rank - s.rank();
        int[] own = s.strides();
        int[] st = new int[rank];
        for (int d = off; d < rank; d++) {
            st[d] = s.dim(d - off) == 1 ? 0 : own[d - off];
        }
        return st;
    }

    /** {@code op(x)} elementwise. */
    public static Tensor unary(String name, UnaryOp op, Tensor x) {
        requireFloating(name, x);
        Backend be = Backend.of(x);
        Tensor result = Tensor.uninitialized(be, x.dtype(), x.shape()); // zeroing it was a pass of its own
        be.unary(op, x, result);
        return result;
    }

    /** {@code min(max(x, lo), hi)} elementwise. */
    public static Tensor clamp(Tensor x, double lo, double hi) {
        requireFloating("clamp", x);
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: min must be <= max, got min=" + lo + ", max=" + hi);
        }
        Backend be = Backend.of(x);
        Tensor result = Tensor.uninitialized(be, x.dtype(), x.shape());
        be.clamp(x, lo, hi, result);
        return result;
    }

    /** A copy of {@code x} in {@code dtype}, or {@code x} itself when it already has it. */
    public static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Backend be = Backend.of(x);
        Tensor out = Tensor.uninitialized(be, dtype, x.shape());
        be.cast(x, out);
        return out;
    }

    /** The error function elementwise (a floating {@code x}, checked by the caller). */
    public static Tensor erf(Tensor x) {
        Backend be = Backend.of(x);
        Tensor out = Tensor.uninitialized(be, x.dtype(), x.shape());
        be.erf(x, out);
        return out;
    }

    /**
     * Replaces NaN and infinities of a floating {@code t} by 0, in place, without a version bump: for a
     * fresh tensor its op still owns (log-sum-exp's shift).
     */
    public static Tensor zeroNonFinite(Tensor t) {
        Backend.of(t).zeroNonFinite(t);
        return t;
    }

    static void requireFloating(String name, Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": needs a floating tensor, got " + x.dtype() + " " + x.shape());
        }
    }
}

package dev.nabla.tensor;

import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.BinaryOp;

/**
 * The in-place writes behind {@link Tensor}'s {@code addInPlace}, {@code applyInPlace}, {@code fill},
 * {@code copyFrom} and {@code set}. Each bumps the storage's version, so saved values and packed copies
 * see the change, and refuses a tensor that requires grad while gradients are recorded.
 */
final class InPlace {
    private InPlace() {}

    static void check(Tensor t, String op) {
        if (t.requiresGrad() && !NoGrad.active()) {
            throw new IllegalStateException(op + ": a tensor that requires grad (shape " + t.shape() + ", "
                    + (t.gradFn() == null ? "a leaf" : "output of " + t.gradFn().name())
                    + ") cannot be changed in place while gradients are recorded; use NoGrad.enter()");
        }
    }

    static void add(Tensor t, Tensor other, double alpha) {
        check(t, "addInPlace");
        Tensor o = ElementwiseMath.cast(other, t.dtype());
        if (!o.shape().equals(t.shape())) {
            throw new IllegalArgumentException("addInPlace: shapes " + t.shape() + " and " + o.shape() + " differ");
        }
        Backend.of("addInPlace", t, o).axpy(alpha, o, t);
        t.markModified();
    }

    static void apply(Tensor t, BinaryOp op, Tensor other) {
        check(t, "applyInPlace");
        Tensor r = ElementwiseMath.binary(op.name().toLowerCase(), op, t, other);
        if (!r.shape().equals(t.shape())) {
            throw new IllegalArgumentException("in-place " + op + ": result shape " + r.shape()
                    + " differs from the tensor's " + t.shape());
        }
        Backend.of(t).copy(ElementwiseMath.cast(r, t.dtype()), t);
        t.markModified();
    }

    static void fill(Tensor t, double value) {
        check(t, "fill");
        Backend.of(t).fill(t, value);
        t.markModified();
    }

    /** t = src, from any device (copied across first when it is elsewhere, as PyTorch's {@code copy_}). */
    static void copyFrom(Tensor t, Tensor src) {
        check(t, "copyFrom");
        if (!src.shape().equals(t.shape())) {
            throw new IllegalArgumentException("copyFrom: shapes " + t.shape() + " and " + src.shape() + " differ");
        }
        Tensor s = ElementwiseMath.cast(LayoutMath.toDevice(src, t.device()), t.dtype());
        Backend.of(t).copy(s, t);
        t.markModified();
    }
}

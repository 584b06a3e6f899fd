package dev.nabla.tensor;

import dev.nabla.autograd.NoGrad;
import dev.nabla.kernel.BinaryOp;
import dev.nabla.kernel.ElementwiseF32;
import dev.nabla.kernel.ElementwiseF64;

/**
 * The in-place writes behind {@link Tensor}'s {@code addInPlace}, {@code applyInPlace}, {@code fill},
 * {@code copyFrom} and {@code set}, and the engine's gradient accumulation. Each bumps the storage's
 * version, so saved values and packed copies see the change; the public ones refuse a tensor that
 * requires grad while gradients are recorded.
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

    /** t += g (same shape and dtype), without the recording check: gradient accumulation. */
    static void addRaw(Tensor t, Tensor g) {
        if (!g.shape().equals(t.shape())) {
            throw new IllegalArgumentException("accumulate: shapes " + t.shape() + " and " + g.shape() + " differ");
        }
        axpy(t, 1, g);
    }

    /** t = g (same shape and dtype), without the recording check: a gradient into recycled storage. */
    static void copyRaw(Tensor t, Tensor g) {
        System.arraycopy(g.data(), 0, t.data(), 0, t.size());
        t.markModified();
    }

    static void add(Tensor t, Tensor other, double alpha) {
        check(t, "addInPlace");
        Tensor o = ElementwiseMath.cast(other, t.dtype());
        if (!o.shape().equals(t.shape())) {
            throw new IllegalArgumentException("addInPlace: shapes " + t.shape() + " and " + o.shape() + " differ");
        }
        axpy(t, alpha, o);
    }

    static void apply(Tensor t, BinaryOp op, Tensor other) {
        check(t, "applyInPlace");
        Tensor r = ElementwiseMath.binary(op.name().toLowerCase(), op, t, other);
        if (!r.shape().equals(t.shape())) {
            throw new IllegalArgumentException("in-place " + op + ": result shape " + r.shape()
                    + " differs from the tensor's " + t.shape());
        }
        System.arraycopy(ElementwiseMath.cast(r, t.dtype()).data(), 0, t.data(), 0, t.size());
        t.markModified();
    }

    static void fill(Tensor t, double value) {
        check(t, "fill");
        t.storage().fill(value);
        t.markModified();
    }

    static void copyFrom(Tensor t, Tensor src) {
        check(t, "copyFrom");
        if (!src.shape().equals(t.shape())) {
            throw new IllegalArgumentException("copyFrom: shapes " + t.shape() + " and " + src.shape() + " differ");
        }
        System.arraycopy(ElementwiseMath.cast(src, t.dtype()).data(), 0, t.data(), 0, t.size());
        t.markModified();
    }

    /** t += alpha·o, o already of t's dtype and shape. */
    private static void axpy(Tensor t, double alpha, Tensor o) {
        if (t.dtype() == DType.FLOAT32) {
            ElementwiseF32.axpy((float) alpha, o.f32(), 0, t.f32(), 0, t.size());
        } else {
            ElementwiseF64.axpy(alpha, o.f64(), 0, t.f64(), 0, t.size());
        }
        t.markModified();
    }
}

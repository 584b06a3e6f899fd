package dev.nabla.autograd;

import dev.nabla.kernel.ErrorFunction;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** The error function, for exact GELU (computed by {@link ErrorFunction}: the JDK has no erf). */
public final class Erf extends Node {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Erf(Tensor x) {
        super("erf", x);
    }

    public static Tensor apply(Tensor x) {
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException("erf: needs a floating tensor, got " + x.dtype());
        }
        Tensor out = ElementwiseMath.erf(x);
        if (!recording(x)) {
            return out;
        }
        Erf node = new Erf(x);
        node.save(x);
        return node.record(out);
    }

    /** erf(x) for one value. */
    public static double erf(double x) {
        return ErrorFunction.erf(x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d erf(x)/dx = 2/sqrt(pi) exp(-x^2)
        Tensor x = saved(0);
        return new Tensor[] {g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI))};
    }
}

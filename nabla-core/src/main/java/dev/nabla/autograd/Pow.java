package dev.nabla.autograd;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** Elementwise x^p for a constant exponent p. */
public final class Pow extends Node {
    private final double p;

    private Pow(Tensor x, double p) {
        super("pow", x);
        this.p = p;
    }

    public static Tensor apply(Tensor x, double p) {
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("pow: exponent is NaN");
        }
        Tensor out = p == 2 ? ElementwiseMath.binary("pow", BinaryOp.MUL, x, x)
                : ElementwiseMath.binary("pow", BinaryOp.POW, x, Tensor.scalar(x.dtype(), p).to(x.device()));
        if (!recording(x)) {
            return out;
        }
        Pow node = new Pow(x, p);
        node.save(x);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d x^p / dx = p x^(p-1)
        Tensor x = saved(0);
        Tensor d = p == 2 ? x.mul(2) : x.pow(p - 1).mul(p);
        return new Tensor[] {g.mul(d)};
    }
}

package dev.nabla.autograd;

import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** Elementwise square root. */
public final class Sqrt extends Node {
    private Sqrt(Tensor x) {
        super("sqrt", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("sqrt", UnaryOp.SQRT, x);
        if (!recording(x)) {
            return out;
        }
        Sqrt node = new Sqrt(x);
        node.save(out);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d sqrt(x) / dx = 1 / (2 sqrt(x))
        return new Tensor[] {g.div(saved(0).mul(2))};
    }
}

package dev.nabla.autograd;

import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** Elementwise e^x. */
public final class Exp extends Node {
    private Exp(Tensor x) {
        super("exp", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("exp", UnaryOp.EXP, x);
        if (!recording(x)) {
            return out;
        }
        Exp node = new Exp(x);
        node.save(out);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d e^x / dx = e^x, the output itself
        return new Tensor[] {g.mul(saved(0))};
    }
}

package dev.nabla.autograd;

import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** Elementwise -x. */
public final class Neg extends Node {
    private Neg(Tensor x) {
        super("neg", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("neg", UnaryOp.NEG, x);
        if (!recording(x)) {
            return out;
        }
        Neg node = new Neg(x);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.neg()};
    }
}

package dev.nabla.autograd;

import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** Elementwise |x|; its gradient at 0 is taken as 0, as in PyTorch. */
public final class Abs extends Node {
    private Abs(Tensor x) {
        super("abs", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("abs", UnaryOp.ABS, x);
        if (!recording(x)) {
            return out;
        }
        Abs node = new Abs(x);
        node.save(x);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d|x|/dx = sign(x), 0 at 0
        return new Tensor[] {g.mul(ElementwiseMath.unary("sign", UnaryOp.SIGN, saved(0)))};
    }
}

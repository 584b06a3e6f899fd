package dev.nabla.autograd;

import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** Elementwise natural logarithm (NaN below 0, -inf at 0, as in IEEE arithmetic). */
public final class Log extends Node {
    private Log(Tensor x) {
        super("log", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("log", UnaryOp.LOG, x);
        if (!recording(x)) {
            return out;
        }
        Log node = new Log(x);
        node.save(x);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d ln x / dx = 1/x
        return new Tensor[] {g.div(saved(0))};
    }
}

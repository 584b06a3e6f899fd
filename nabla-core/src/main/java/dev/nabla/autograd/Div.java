package dev.nabla.autograd;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Elementwise a / b with broadcasting. */
public final class Div extends Node {
    private final Shape aShape;
    private final Shape bShape;

    private Div(Tensor a, Tensor b) {
        super("div", a, b);
        aShape = a.shape();
        bShape = b.shape();
    }

    public static Tensor apply(Tensor a, Tensor b) {
        Tensor out = ElementwiseMath.binary("div", BinaryOp.DIV, a, b);
        if (!recording(a, b)) {
            return out;
        }
        Div node = new Div(a, b);
        node.save(b, out);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d(a/b)/da = 1/b, d(a/b)/db = -a/b^2 = -(a/b)/b
        Tensor b = saved(0), out = saved(1);
        return new Tensor[] {needs(0) ? ReduceMath.sumTo(g.div(b), aShape) : null, needs(1) ? ReduceMath.sumTo(g.mul(out).div(b).neg(), bShape) : null};
    }
}

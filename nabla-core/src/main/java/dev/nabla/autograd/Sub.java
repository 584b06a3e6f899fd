package dev.nabla.autograd;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Elementwise a - b with broadcasting. */
public final class Sub extends Node {
    private final Shape aShape;
    private final Shape bShape;

    private Sub(Tensor a, Tensor b) {
        super("sub", a, b);
        aShape = a.shape();
        bShape = b.shape();
    }

    public static Tensor apply(Tensor a, Tensor b) {
        Tensor out = ElementwiseMath.binary("sub", BinaryOp.SUB, a, b);
        if (!recording(a, b)) {
            return out;
        }
        Sub node = new Sub(a, b);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d(a-b)/da = 1, d(a-b)/db = -1
        return new Tensor[] {needs(0) ? ReduceMath.sumTo(g, aShape) : null, needs(1) ? ReduceMath.sumTo(g.neg(), bShape) : null};
    }
}

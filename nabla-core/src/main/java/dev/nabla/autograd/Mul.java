package dev.nabla.autograd;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Elementwise a * b with broadcasting. */
public final class Mul extends Node {
    private final Shape aShape;
    private final Shape bShape;

    private Mul(Tensor a, Tensor b) {
        super("mul", a, b);
        aShape = a.shape();
        bShape = b.shape();
    }

    public static Tensor apply(Tensor a, Tensor b) {
        Tensor out = ElementwiseMath.binary("mul", BinaryOp.MUL, a, b);
        if (!recording(a, b)) {
            return out;
        }
        Mul node = new Mul(a, b);
        node.save(a, b);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d(ab)/da = b, d(ab)/db = a
        Tensor a = saved(0), b = saved(1);
        return new Tensor[] {needs(0) ? ReduceMath.sumTo(g.mul(b), aShape) : null, needs(1) ? ReduceMath.sumTo(g.mul(a), bShape) : null};
    }
}

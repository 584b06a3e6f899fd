package dev.nabla.autograd;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Elementwise a + b with broadcasting; each gradient is summed back to its operand's shape. */
public final class Add extends Node {
    private final Shape aShape;
    private final Shape bShape;

    private Add(Tensor a, Tensor b) {
        super("add", a, b);
        aShape = a.shape();
        bShape = b.shape();
    }

    public static Tensor apply(Tensor a, Tensor b) {
        Tensor out = ElementwiseMath.binary("add", BinaryOp.ADD, a, b);
        if (!recording(a, b)) {
            return out;
        }
        Add node = new Add(a, b);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d(a+b)/da = d(a+b)/db = 1
        return new Tensor[] {needs(0) ? ReduceMath.sumTo(g, aShape) : null, needs(1) ? ReduceMath.sumTo(g, bShape) : null};
    }
}

package dev.nabla.autograd;

import dev.nabla.kernel.BinaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Elementwise maximum (or minimum) of two tensors with broadcasting. */
public final class Maximum extends Node {
    private final boolean max;
    private final Shape aShape;
    private final Shape bShape;

    private Maximum(Tensor a, Tensor b, boolean max) {
        super(max ? "maximum" : "minimum", a, b);
        this.max = max;
        aShape = a.shape();
        bShape = b.shape();
    }

    public static Tensor apply(Tensor a, Tensor b, boolean max) {
        String name = max ? "maximum" : "minimum";
        Tensor out = ElementwiseMath.binary(name, max ? BinaryOp.MAX : BinaryOp.MIN, a, b);
        if (!recording(a, b)) {
            return out;
        }
        Maximum node = new Maximum(a, b, max);
        node.save(a, b);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor a = saved(0), b = saved(1);
        // The winner takes the gradient; a tie splits it in half, as PyTorch does.
        Tensor winsA = (max ? a.gt(b) : a.lt(b)).add(a.eq(b).mul(0.5));
        Tensor winsB = winsA.neg().add(1);
        return new Tensor[] {
            needs(0) ? ReduceMath.sumTo(g.mul(winsA), aShape) : null,
            needs(1) ? ReduceMath.sumTo(g.mul(winsB), bShape) : null
        };
    }
}

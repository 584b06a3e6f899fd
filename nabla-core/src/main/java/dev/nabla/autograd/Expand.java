package dev.nabla.autograd;

import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Broadcasts a tensor to a larger shape (NumPy rules), materialised. */
public final class Expand extends Node {
    private final Shape inShape;

    private Expand(Tensor x) {
        super("broadcastTo", x);
        inShape = x.shape();
    }

    public static Tensor apply(Tensor x, Shape target) {
        Tensor out = LayoutMath.take(x, LayoutMath.expandMap(x.shape(), target), target);
        return recording(x) ? new Expand(x).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // every copy of an element sends its gradient back to it
        return new Tensor[] {ReduceMath.sumTo(g, inShape)};
    }
}

package dev.nabla.autograd;

import dev.nabla.kernel.ReduceOp;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Maximum or minimum over axes. The gradient is shared equally between tied extremes (PyTorch's
 * {@code amax} rule), so it is well defined whichever tie an index-based rule would pick.
 */
public final class Extreme extends Node {
    private final int[] axes;
    private final Shape keptShape;

    private Extreme(Tensor x, int[] axes, boolean max) {
        super(max ? "max" : "min", x);
        this.axes = axes;
        this.keptShape = ReduceMath.reducedShape(x.shape(), axes, true);
    }

    public static Tensor apply(Tensor x, int[] axes, boolean keepDims, boolean max) {
        String name = max ? "max" : "min";
        int[] ax = ReduceMath.axes(name, x.shape(), axes);
        Tensor out = ReduceMath.reduce(name, max ? ReduceOp.MAX : ReduceOp.MIN, x, ax, keepDims);
        if (!recording(x)) {
            return out;
        }
        Extreme node = new Extreme(x, ax, max);
        node.save(x, out);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor x = saved(0);
        Tensor winners = x.eq(LayoutMath.view(saved(1), keptShape));
        Tensor count = winners.sum(axes, true);
        return new Tensor[] {Sum.expand(g, keptShape, x.shape()).mul(winners).div(count)};
    }
}

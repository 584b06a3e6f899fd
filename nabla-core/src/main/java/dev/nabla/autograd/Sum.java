package dev.nabla.autograd;

import dev.nabla.kernel.ReduceOp;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Sum over axes (all of them when none are given), keeping them as size 1 or dropping them. */
public final class Sum extends Node {
    private final Shape inShape;
    private final Shape keptShape;

    private Sum(Tensor x, Shape keptShape) {
        super("sum", x);
        this.inShape = x.shape();
        this.keptShape = keptShape;
    }

    public static Tensor apply(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = ReduceMath.axes("sum", x.shape(), axes);
        Tensor out = ReduceMath.reduce("sum", ReduceOp.SUM, x, ax, keepDims);
        return recording(x) ? new Sum(x, ReduceMath.reducedShape(x.shape(), ax, true)).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // every summed element gets the whole gradient of its sum
        return new Tensor[] {expand(g, keptShape, inShape)};
    }

    /** g (of a reduction that kept or dropped axes) read as keptShape and broadcast to target. */
    static Tensor expand(Tensor g, Shape keptShape, Shape target) {
        Tensor kept = LayoutMath.view(g, keptShape);
        return LayoutMath.take(kept, LayoutMath.expandMap(keptShape, target), target);
    }
}

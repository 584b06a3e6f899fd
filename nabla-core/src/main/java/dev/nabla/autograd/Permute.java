package dev.nabla.autograd;

import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Reorders axes (transpose is the two-axis case); the result is a contiguous copy. */
public final class Permute extends Node {
    private final int[] inverse;

    private Permute(Tensor x, int[] inverse) {
        super("permute", x);
        this.inverse = inverse;
    }

    public static Tensor apply(Tensor x, int... perm) {
        int[] map = LayoutMath.permuteMap(x.shape(), perm);
        Tensor out = LayoutMath.take(x, map, LayoutMath.permuteShape(x.shape(), perm));
        return recording(x) ? new Permute(x, LayoutMath.inverse(x.shape(), perm)).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // the gradient goes back through the inverse permutation
        Shape gs = g.shape();
        return new Tensor[] {LayoutMath.take(g, LayoutMath.permuteMap(gs, inverse), LayoutMath.permuteShape(gs, inverse))};
    }
}

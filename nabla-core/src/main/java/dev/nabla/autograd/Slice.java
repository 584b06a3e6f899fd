package dev.nabla.autograd;

import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Elements [start, end) by step along one axis (start and end may be negative, counted from the end). */
public final class Slice extends Node {
    private final int[] map;
    private final Shape inShape;

    private Slice(Tensor x, int[] map) {
        super("slice", x);
        this.map = map;
        this.inShape = x.shape();
    }

    public static Tensor apply(Tensor x, int axis, int start, int end, int step) {
        Shape s = x.shape();
        int ax = s.axis("slice", axis);
        int n = s.dim(ax);
        int from = start < 0 ? start + n : start;
        int to = end < 0 ? end + n : end;
        int[] map = LayoutMath.sliceMap(s, ax, from, to, step);
        Tensor out = LayoutMath.take(x, map, LayoutMath.sliceShape(s, ax, from, to, step));
        return recording(x) ? new Slice(x, map).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // the gradient lands where the elements came from; the rest of the input gets 0
        return new Tensor[] {LayoutMath.scatterAdd(g, map, inShape)};
    }
}

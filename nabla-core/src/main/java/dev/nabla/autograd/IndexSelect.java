package dev.nabla.autograd;

import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Whole slices along an axis at the given indices, repeats allowed (e.g. rows of a mini-batch). */
public final class IndexSelect extends Node {
    private final int[] map;
    private final Shape inShape;

    private IndexSelect(Tensor x, int[] map) {
        super("indexSelect", x);
        this.map = map;
        this.inShape = x.shape();
    }

    public static Tensor apply(Tensor x, int axis, int... indices) {
        int ax = x.shape().axis("indexSelect", axis);
        int[] map = LayoutMath.indexSelectMap(x.shape(), ax, indices);
        Tensor out = LayoutMath.take(x, map, x.shape().withDim(ax, indices.length));
        return recording(x) ? new IndexSelect(x, map).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {LayoutMath.scatterAdd(g, map, inShape)};
    }
}

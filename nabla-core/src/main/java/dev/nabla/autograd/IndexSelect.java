package dev.nabla.autograd;

import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** Whole slices along an axis at the given indices, repeats allowed (e.g. rows of a mini-batch). */
public final class IndexSelect extends Node {
    private final int axis;
    private final int[] indices;
    private final Shape inShape;

    private IndexSelect(Tensor x, int axis, int[] indices) {
        super("indexSelect", x);
        this.axis = axis;
        this.indices = indices;
        this.inShape = x.shape();
    }

    public static Tensor apply(Tensor x, int axis, int... indices) {
        int ax = x.shape().axis("indexSelect", axis);
        Tensor out = LayoutMath.select(x, ax, indices);
        return recording(x) ? new IndexSelect(x, ax, indices.clone()).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {LayoutMath.scatterSelected(g, axis, indices, inShape)};
    }
}

package dev.nabla.autograd;

import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/**
 * PyTorch's gather: along {@code axis}, out takes the element of x that an int32 index tensor names
 * ({@code out[i][j] = x[i][index[i][j]]} for axis 1). With x of log-probabilities and the class
 * labels as index, it picks each sample's log-likelihood: the heart of NLL.
 */
public final class Gather extends Node {
    private final int[] map;
    private final Shape inShape;

    private Gather(Tensor x, int[] map) {
        super("gather", x);
        this.map = map;
        this.inShape = x.shape();
    }

    public static Tensor apply(Tensor x, int axis, Tensor index) {
        int ax = x.shape().axis("gather", axis);
        int[] map = LayoutMath.gatherMap(x.shape(), ax, index);
        Tensor out = LayoutMath.take(x, map, index.shape());
        return recording(x) ? new Gather(x, map).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // scatter-add: an element picked twice gets both gradients
        return new Tensor[] {LayoutMath.scatterAdd(g, map, inShape)};
    }
}

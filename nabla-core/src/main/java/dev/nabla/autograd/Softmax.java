package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/** softmax(x) = exp(x - max) / sum(exp(x - max)) along one axis: stable for large logits. */
public final class Softmax extends Node {
    private final int axis;

    private Softmax(Tensor x, int axis) {
        super("softmax", x);
        this.axis = axis;
    }

    public static Tensor apply(Tensor x, int axis) {
        int ax = x.shape().axis("softmax", axis);
        if (!x.dtype().isFloating()) {
            // checked here, or the error would name the max or logSumExp this is built from
            throw new IllegalArgumentException("softmax: needs a floating tensor, got " + x.dtype() + " " + x.shape());
        }
        Tensor out;
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor e = x.sub(x.max(new int[] {ax}, true)).exp();
            out = e.div(e.sum(new int[] {ax}, true));
        }
        if (!recording(x)) {
            return out;
        }
        Softmax node = new Softmax(x, ax);
        node.save(out);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // dx = y * (g - sum(g * y)) along the axis: the Jacobian diag(y) - y yᵀ applied to g
        Tensor y = saved(0);
        return new Tensor[] {y.mul(g.sub(g.mul(y).sum(new int[] {axis}, true)))};
    }
}

package dev.nabla.autograd;

import dev.nabla.tensor.Tensor;

/** log(softmax(x)) = x - logSumExp(x) along one axis, never through log of a rounded-to-zero softmax. */
public final class LogSoftmax extends Node {
    private final int axis;

    private LogSoftmax(Tensor x, int axis) {
        super("logSoftmax", x);
        this.axis = axis;
    }

    public static Tensor apply(Tensor x, int axis) {
        int ax = x.shape().axis("logSoftmax", axis);
        if (!x.dtype().isFloating()) {
            // checked here, or the error would name the max or logSumExp this is built from
            throw new IllegalArgumentException("logSoftmax: needs a floating tensor, got " + x.dtype() + " " + x.shape());
        }
        Tensor out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = x.sub(LogSumExp.forward(x, new int[] {ax}));
        }
        if (!recording(x)) {
            return out;
        }
        LogSoftmax node = new LogSoftmax(x, ax);
        node.save(out);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // dx = g - softmax(x) * sum(g) along the axis
        Tensor y = saved(0);
        return new Tensor[] {g.sub(y.exp().mul(g.sum(new int[] {axis}, true)))};
    }
}

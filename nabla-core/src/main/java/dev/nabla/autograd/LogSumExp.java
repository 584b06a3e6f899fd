package dev.nabla.autograd;

import dev.nabla.kernel.ReduceOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.LayoutMath;
import dev.nabla.tensor.ReduceMath;
import dev.nabla.tensor.Shape;
import dev.nabla.tensor.Tensor;

/** log(sum(exp(x))) over axes, computed as m + log(sum(exp(x - m))) with m the maximum: no overflow. */
public final class LogSumExp extends Node {
    private final Shape keptShape;

    private LogSumExp(Tensor x, Shape keptShape) {
        super("logSumExp", x);
        this.keptShape = keptShape;
    }

    public static Tensor apply(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = ReduceMath.axes("logSumExp", x.shape(), axes);
        Tensor kept = forward(x, ax);
        Shape keptShape = kept.shape();
        Tensor out = keepDims ? kept : LayoutMath.view(kept, ReduceMath.reducedShape(x.shape(), ax, false));
        if (!recording(x)) {
            return out;
        }
        LogSumExp node = new LogSumExp(x, keptShape);
        node.save(x, out);
        return node.record(out);
    }

    /** The stable forward with reduced axes kept as size 1. */
    static Tensor forward(Tensor x, int[] axes) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor m = ReduceMath.reduce("logSumExp", ReduceOp.MAX, x, axes, true);
            // An all -inf (or +inf) slice would give inf - inf = NaN: shift by 0 there instead.
            Tensor shift = ElementwiseMath.zeroNonFinite(m);
            Tensor s = x.sub(shift).exp().sum(axes, true);
            return s.log().add(shift);
        }
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d lse / dx = softmax(x) = exp(x - lse)
        Tensor x = saved(0);
        Tensor lse = LayoutMath.view(saved(1), keptShape);
        Tensor gk = LayoutMath.view(g, keptShape);
        return new Tensor[] {gk.mul(x.sub(lse).exp())};
    }
}

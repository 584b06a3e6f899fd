package dev.nabla.autograd;

import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** Elementwise min(max(x, lo), hi). */
public final class Clamp extends Node {
    private final double lo;
    private final double hi;

    private Clamp(Tensor x, double lo, double hi) {
        super("clamp", x);
        this.lo = lo;
        this.hi = hi;
    }

    public static Tensor apply(Tensor x, double lo, double hi) {
        Tensor out = ElementwiseMath.clamp(x, lo, hi);
        if (!recording(x)) {
            return out;
        }
        Clamp node = new Clamp(x, lo, hi);
        node.save(x);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // 1 inside [lo, hi] (bounds included, as in PyTorch), 0 where the value was cut
        Tensor x = saved(0);
        return new Tensor[] {g.mul(x.ge(lo).mul(x.le(hi)))};
    }
}

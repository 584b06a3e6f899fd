package dev.nabla.autograd;

import dev.nabla.tensor.DType;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** Conversion between dtypes; the gradient is converted back (INT32 results carry none). */
public final class Cast extends Node {
    private final DType from;

    private Cast(Tensor x) {
        super("to", x);
        from = x.dtype();
    }

    public static Tensor apply(Tensor x, DType target) {
        if (x.dtype() == target) {
            return x;
        }
        Tensor out = ElementwiseMath.cast(x, target);
        return recording(x) && target.isFloating() ? new Cast(x).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {ElementwiseMath.cast(g, from)};
    }
}

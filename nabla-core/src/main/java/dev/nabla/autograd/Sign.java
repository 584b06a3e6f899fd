package dev.nabla.autograd;

import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/** sign(x): -1, 0 or 1. Its gradient is 0 almost everywhere (undefined at 0); backward passes 0, as PyTorch. */
public final class Sign extends Node {
    private Sign(Tensor x) {
        super("sign", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("sign", UnaryOp.SIGN, x);
        return recording(x) ? new Sign(x).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Tensor.zerosLike(g)};
    }
}

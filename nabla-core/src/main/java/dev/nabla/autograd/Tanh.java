package dev.nabla.autograd;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.FusedMath;
import dev.nabla.tensor.Tensor;

/** Elementwise hyperbolic tangent. */
public final class Tanh extends Node {
    private Tanh(Tensor x) {
        super("tanh", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("tanh", UnaryOp.TANH, x);
        if (!recording(x)) {
            return out;
        }
        Tanh node = new Tanh(x);
        node.save(out);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d tanh(x)/dx = 1 - tanh(x)^2, in one pass
        return new Tensor[] {FusedMath.activationBackward(FusedActivation.TANH, g, saved(0), 0)};
    }
}

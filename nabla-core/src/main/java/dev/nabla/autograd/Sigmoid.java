package dev.nabla.autograd;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.FusedMath;
import dev.nabla.tensor.Tensor;

/** Elementwise logistic sigmoid 1/(1+e^-x). */
public final class Sigmoid extends Node {
    private Sigmoid(Tensor x) {
        super("sigmoid", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("sigmoid", UnaryOp.SIGMOID, x);
        if (!recording(x)) {
            return out;
        }
        Sigmoid node = new Sigmoid(x);
        node.save(out);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // d s(x)/dx = s(x) (1 - s(x)), in one pass
        return new Tensor[] {FusedMath.activationBackward(FusedActivation.SIGMOID, g, saved(0), 0)};
    }
}

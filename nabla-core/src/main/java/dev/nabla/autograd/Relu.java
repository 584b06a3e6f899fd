package dev.nabla.autograd;

import dev.nabla.kernel.FusedActivation;
import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.FusedMath;
import dev.nabla.tensor.Tensor;

/** Elementwise max(x, 0). NaN stays NaN; the gradient at exactly 0 is 0, as in PyTorch. */
public final class Relu extends Node {
    private Relu(Tensor x) {
        super("relu", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("relu", UnaryOp.RELU, x);
        if (!recording(x)) {
            return out;
        }
        Relu node = new Relu(x);
        node.save(x);
        return node.record(out);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // g where x > 0, else 0: a strict comparison, so the kink at 0 passes no gradient (one pass)
        return new Tensor[] {FusedMath.activationBackward(FusedActivation.RELU, g, saved(0), 0)};
    }
}

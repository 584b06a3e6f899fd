package dev.nabla.autograd;

import dev.nabla.kernel.UnaryOp;
import dev.nabla.tensor.ElementwiseMath;
import dev.nabla.tensor.Tensor;

/**
 * Heaviside step: 1 where x &gt; 0, else 0 (the perceptron's activation, seed 004). Its derivative is
 * 0 everywhere except at 0, where it does not exist; backward passes 0, so nothing learns through it by
 * gradient descent (the perceptron has its own learning rule).
 */
public final class Step extends Node {
    private Step(Tensor x) {
        super("step", x);
    }

    public static Tensor apply(Tensor x) {
        Tensor out = ElementwiseMath.unary("step", UnaryOp.STEP, x);
        return recording(x) ? new Step(x).record(out) : out;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Tensor.zerosLike(g)};
    }
}

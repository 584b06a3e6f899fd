package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.autograd.NoGrad;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's answer to XOR: add a hidden layer. A 2-2-1 network with tanh and sigmoid, trained by
 * full-batch gradient descent in a hand-written loop (the manual loop the docs show), classifies all
 * four points.
 */
class XorNetworkTest {
    private static final Tensor X = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    private static final Tensor Y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);

    @Test
    void twoLayerNetworkSolvesXor() {
        Sequential model = Sequential.of(new Dense(4, Activation.tanh()), new Dense(1, Activation.sigmoid())).build(7, 2);
        double lr = 0.5;
        double loss = Double.NaN;
        for (int step = 0; step < 2000; step++) {
            Tensor p = model.forward(X);
            // binary cross-entropy on probabilities, written out: -(y log p + (1-y) log(1-p))
            Tensor l = Y.mul(p.log()).add(Y.neg().add(1).mul(p.neg().add(1).log())).neg().mean();
            model.zeroGrad();
            l.backward();
            try (NoGrad ignored = NoGrad.enter()) {
                for (Parameter param : model.parameters()) {
                    param.value().addInPlace(param.grad(), -lr);
                }
            }
            loss = l.item();
        }
        Tensor predicted;
        try (NoGrad ignored = NoGrad.enter()) {
            predicted = model.forward(X).gt(0.5);
        }
        assertArrayEquals(new float[] {0, 1, 1, 0}, predicted.toFloatArray(), "final loss " + loss);
        assertTrue(loss < 0.05, "loss " + loss);
    }
}

package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Mean squared error, {@code (prediction - target)^2} per element (PyTorch's MSELoss, Keras'
 * MeanSquaredError): the negative log-likelihood of a Gaussian with fixed variance, up to constants,
 * so the default for regression.
 *
 * <pre>{@code
 * Tensor l = MSE.of().compute(yHat, y);   // yHat and y both [N, 1]
 * }</pre>
 */
public record MSE(Reduction reduction) implements ReducedLoss {
    public MSE {
        LossChecks.reduction("MSE", reduction);
    }

    /** Mean over all elements. */
    public static MSE of() {
        return new MSE(Reduction.MEAN);
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape(name(), prediction, target);
        return reduction.reduce(prediction.sub(target).pow(2));
    }


    @Override
    public MSE withReduction(Reduction r) {
        return new MSE(r);
    }
}

package dev.nabla.loss;

import dev.nabla.tensor.Tensor;

/**
 * Mean absolute error, {@code |prediction - target|} per element (PyTorch's L1Loss, Keras'
 * MeanAbsoluteError): less swayed by outliers than {@link MSE}, at the price of a gradient of
 * constant size that does not shrink near the optimum. The gradient at exactly 0 is 0 (as PyTorch).
 */
public record MAE(Reduction reduction) implements ReducedLoss {
    public MAE {
        LossChecks.reduction("MAE", reduction);
    }

    /** Mean over all elements. */
    public static MAE of() {
        return new MAE(Reduction.MEAN);
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        LossChecks.sameShape(name(), prediction, target);
        return reduction.reduce(prediction.sub(target).abs());
    }


    @Override
    public MAE withReduction(Reduction r) {
        return new MAE(r);
    }
}
